using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Database;

namespace OrderStatus.Api.Tests.Foundation;

/// <summary>
/// The test runs' temporary clusters: removed whole when done; a dead run's removed by the next run's
/// reaper at once, server and all; a live run's never touched.
/// </summary>
public sealed class ScratchClustersTests
{
    private readonly string _binDir = PostgresBinaries.Find() ?? throw new InvalidOperationException("PostgreSQL binaries are required.");

    [Fact]
    public async Task A_dead_runs_cluster_is_stopped_and_removed_at_once()
    {
        var dir = ScratchClusters.Create("reaped");
        var cluster = new EmbeddedPostgres(dir, _binDir, NullLogger.Instance);
        await cluster.StartAsync();
        var postmaster = int.Parse(File.ReadLines(Path.Combine(dir, "pgdata", "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        // The run that made it "dies": its stamp and the cluster's owner now name a finished process.
        var dead = await FinishedProcessAsync();
        await File.WriteAllTextAsync(Path.Combine(dir, "test-run"), $"{dead.Pid} {dead.StartedTicks}");
        await File.WriteAllTextAsync(Path.Combine(dir, "owner.pid"), dead.Pid.ToString(CultureInfo.InvariantCulture));

        await ScratchClusters.ReapAsync(_binDir);

        Assert.False(Directory.Exists(dir));
        Assert.False(ProcessRuns(postmaster));
    }

    [Fact]
    public async Task A_live_runs_directory_is_left_alone_and_removed_whole_by_its_run()
    {
        var dir = ScratchClusters.Create("live");
        await File.WriteAllTextAsync(Path.Combine(dir, "port"), "5432");
        Directory.CreateDirectory(Path.Combine(dir, "pgdata"));

        await ScratchClusters.ReapAsync(_binDir);
        Assert.True(File.Exists(Path.Combine(dir, "port")));

        await ScratchClusters.RemoveAsync(dir, _binDir);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task A_pid_taken_over_by_another_process_does_not_keep_a_dead_runs_directory()
    {
        var dir = ScratchClusters.Create("reused");
        using var current = Process.GetCurrentProcess();
        // Our own pid, but a start time that is not ours: the stamping process is gone.
        await File.WriteAllTextAsync(Path.Combine(dir, "test-run"), $"{current.Id} {current.StartTime.ToUniversalTime().AddHours(-1).Ticks}");

        Assert.False(ScratchClusters.IsAlive(dir));
        await ScratchClusters.ReapAsync(_binDir);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task An_older_runs_half_deleted_directory_is_removed_but_one_in_the_making_is_not()
    {
        // What the unstamped clean-up of earlier versions left: the password and the data, nothing else.
        var remnant = Directory.CreateTempSubdirectory(ScratchClusters.Prefix).FullName;
        await File.WriteAllTextAsync(Path.Combine(remnant, "password"), "x");
        Directory.CreateDirectory(Path.Combine(remnant, "pgdata"));
        // An earlier version's run in initdb right now: port written, no owner yet.
        var inTheMaking = Directory.CreateTempSubdirectory(ScratchClusters.Prefix).FullName;
        await File.WriteAllTextAsync(Path.Combine(inTheMaking, "port"), "5432");
        try
        {
            await ScratchClusters.ReapAsync(_binDir);

            Assert.False(Directory.Exists(remnant));
            Assert.True(Directory.Exists(inTheMaking));
        }
        finally
        {
            Directory.Delete(inTheMaking, recursive: true);
        }
    }

    private static async Task<(int Pid, long StartedTicks)> FinishedProcessAsync()
    {
        // Read while it surely runs, then end it.
        using var process = Process.Start(new ProcessStartInfo("sleep", ["30"]) { UseShellExecute = false })!;
        var started = process.StartTime.ToUniversalTime().Ticks;
        process.Kill();
        await process.WaitForExitAsync();
        return (process.Id, started);
    }

    private static bool ProcessRuns(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            // A postmaster that has exited but was not reaped yet (its parent, pg_ctl, is gone and a
            // container's init may not reap orphans) is a zombie: state Z in /proc, not running.
            var stat = $"/proc/{pid}/stat";
            if (File.Exists(stat) && File.ReadAllText(stat) is var text && text.LastIndexOf(')') is >= 0 and var end && end + 2 < text.Length)
            {
                return text[end + 2] is not ('Z' or 'X');
            }

            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
