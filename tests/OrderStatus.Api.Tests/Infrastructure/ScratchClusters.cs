using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using OrderStatus.Application.Database;

namespace OrderStatus.Api.Tests.Infrastructure;

/// <summary>
/// Temporary directories for the PostgreSQL clusters tests start. Each is stamped, before anything
/// else is written to it, with the test process that made it (<c>test-run</c>: pid and start time),
/// and is removed whole when that process is done with it. Whatever a killed run leaves, the next
/// run's <see cref="ReapAsync"/> removes at once, and it never touches a directory whose process is
/// alive: several test runs share this machine's temporary folder.
/// </summary>
internal static class ScratchClusters
{
    public const string Prefix = "orderstatus-tests-";
    private const string RunFile = "test-run";

    /// <summary>Where an older version of EmbeddedPostgresTests made its clusters (now under <see cref="Prefix"/>).</summary>
    private const string LegacyEmbeddedTestsPrefix = "orderstatus-embedded-";

    /// <summary>How long a directory of an older test run (no <c>test-run</c> stamp) may sit half made before it counts as dead.</summary>
    private static readonly TimeSpan UnstampedGrace = TimeSpan.FromMinutes(10);

    /// <summary>A new, stamped directory under the temporary folder.</summary>
    public static string Create(string purpose)
    {
        var dir = Directory.CreateTempSubdirectory(Prefix + purpose + "-").FullName;
        using var current = Process.GetCurrentProcess();
        File.WriteAllText(Path.Combine(dir, RunFile), Stamp(current.Id, current.StartTime));
        return dir;
    }

    /// <summary>Stops a cluster still running in <paramref name="dir"/> and deletes the directory, the stamp last.</summary>
    public static async Task RemoveAsync(string dir, string binDir)
    {
        if (!Directory.Exists(dir))
        {
            return;
        }

        var cluster = new EmbeddedPostgres(dir, binDir, NullLogger.Instance);
        try
        {
            await cluster.ForceStopAsync();
        }
        catch (InvalidOperationException)
        {
            // pg_ctl refused (a server still starting): nothing more to do here; deleting below
            // fails on its files and the stamp stays, so the next run's reaper tries again.
        }

        // Everything but the stamp first: if this is cut short, the stamp still says whose it was.
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
        {
            if (entry.Name != RunFile)
            {
                TryDelete(entry);
            }
        }

        if (new DirectoryInfo(dir).EnumerateFileSystemInfos().All(e => e.Name == RunFile))
        {
            TryDelete(new DirectoryInfo(dir));
        }
    }

    /// <summary>Removes every scratch directory whose test process is gone.</summary>
    public static async Task ReapAsync(string binDir)
    {
        var dirs = Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*")
            .Concat(Directory.EnumerateDirectories(Path.GetTempPath(), LegacyEmbeddedTestsPrefix + "*"));
        foreach (var dir in dirs)
        {
            if (!IsAlive(dir))
            {
                await RemoveAsync(dir, binDir);
            }
        }
    }

    /// <summary>Is the process that made <paramref name="dir"/> (or, for an unstamped one, uses it) still running?</summary>
    internal static bool IsAlive(string dir)
    {
        var stamp = ReadFirstLine(Path.Combine(dir, RunFile));
        if (stamp is not null)
        {
            var parts = stamp.Split(' ');
            return parts.Length == 2
                && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)
                && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var started)
                && ProcessAlive(pid, started);
        }

        // Made by an older version of these tests, which stamped nothing. Its cluster's owner.pid
        // (written once the server runs) tells. Without one: pgdata but no port file is what that
        // version's interrupted clean-up left (port is written before initdb makes pgdata); anything
        // else may still be in the making, unless it has been lying there for a while.
        if (ReadFirstLine(Path.Combine(dir, "owner.pid")) is { } owner && int.TryParse(owner, CultureInfo.InvariantCulture, out var ownerPid))
        {
            return ProcessAlive(ownerPid, startedTicks: null);
        }

        if (Directory.Exists(Path.Combine(dir, "pgdata")) && !File.Exists(Path.Combine(dir, "port")))
        {
            return false;
        }

        return Directory.GetLastWriteTimeUtc(dir) > DateTime.UtcNow - UnstampedGrace;
    }

    private static string Stamp(int pid, DateTime started) =>
        string.Create(CultureInfo.InvariantCulture, $"{pid} {started.ToUniversalTime().Ticks}");

    /// <summary>Alive, and (when known) the same process that wrote the stamp, not a later one that got its pid.</summary>
    private static bool ProcessAlive(int pid, long? startedTicks)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return false;
            }

            return startedTicks is null
                || Math.Abs(process.StartTime.ToUniversalTime().Ticks - startedTicks.Value) < TimeSpan.TicksPerSecond;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string? ReadFirstLine(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadLines(file).FirstOrDefault()?.Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void TryDelete(FileSystemInfo entry)
    {
        try
        {
            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
        catch (IOException)
        {
            // Still written by a server going down: the stamp stays, the next run's reaper retries.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
