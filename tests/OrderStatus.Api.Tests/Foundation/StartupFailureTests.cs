using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Database;

namespace OrderStatus.Api.Tests.Foundation;

/// <summary>
/// Start-up failures an operator can fix are one clear line and exit code 1, never a stack trace; and
/// Production is not a dev box (no embedded PostgreSQL by itself, no bulk seed unless forced). The
/// service runs as a child process here, exactly as `dotnet run` or a deployment starts it.
/// </summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task A_busy_port_is_one_line_with_the_urls_hint()
    {
        var server = await TestDatabaseServer.GetAsync();
        var database = await server.CreateDatabaseAsync("busyport");
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        try
        {
            var run = await ServiceProcess.RunAsync(["--urls", $"http://127.0.0.1:{port}"], new()
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["ConnectionStrings__Orders"] = database,
            });

            run.AssertOneLineFailure($"http://127.0.0.1:{port} is already in use");
            Assert.Contains("--urls", run.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_is_one_line()
    {
        var run = await ServiceProcess.RunAsync([], new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Orders"] = $"Host=127.0.0.1;Port={FreePort()};Username=nobody;Password=x;Database=orderstatus;Timeout=5",
        });

        run.AssertOneLineFailure("Cannot reach the database 127.0.0.1:");
    }

    [Fact]
    public async Task Missing_PostgreSQL_binaries_are_one_line()
    {
        var empty = Directory.CreateTempSubdirectory("orderstatus-nobin-").FullName;
        try
        {
            var run = await ServiceProcess.RunAsync([], new()
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Database__PostgresBinDirectory"] = empty,
            });

            run.AssertOneLineFailure("lacks initdb, pg_ctl or postgres");
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task Production_without_a_connection_string_fails_at_once_instead_of_starting_a_cluster()
    {
        var run = await ServiceProcess.RunAsync([], new() { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        run.AssertOneLineFailure("No database is configured: set ConnectionStrings__Orders");
        Assert.DoesNotContain("Creating embedded PostgreSQL", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_seed_verb_refuses_Production_unless_forced()
    {
        var server = await TestDatabaseServer.GetAsync();
        var database = await server.CreateDatabaseAsync("seedprod");
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Orders"] = database,
            };
            var refused = await ServiceProcess.RunAsync(["seed", "--orders", "3", "--merchants", "1", "--sample", "0"], environment);
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("Production", refused.StandardError, StringComparison.Ordinal);
            Assert.Contains("--allow-production", refused.StandardError, StringComparison.Ordinal);

            var forced = await ServiceProcess.RunAsync(["seed", "--orders", "3", "--merchants", "1", "--sample", "0", "--allow-production", "--json"], environment);
            Assert.Equal(0, forced.ExitCode);
            Assert.Contains("\"orders\":3", forced.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    /// <summary>The README's first command as root in a checkout the postgres OS user cannot enter (under /root, mode 0700).</summary>
    [SkippableFact]
    public async Task A_checkout_the_postgres_user_cannot_enter_gets_its_cluster_where_it_can()
    {
        Skip.IfNot(Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows(), "Only root runs the cluster as the postgres OS user.");
        var binDir = PostgresBinaries.Find() ?? throw new InvalidOperationException("PostgreSQL binaries are required.");
        var scratch = ScratchClusters.Create("private");
        var home = Path.Combine(scratch, "home");
        var checkout = Path.Combine(home, "checkout");
        Directory.CreateDirectory(checkout);
        if (!OperatingSystem.IsWindows())
        {
            // The scratch directory stands for / (enterable by everyone), the home for /root (its owner only).
            File.SetUnixFileMode(scratch, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var fallback = Path.Combine(scratch, "clusters");
        try
        {
            var cluster = await DatabaseBootstrap.EmbeddedClusterAsync(null, checkout, binDir, NullLogger.Instance, default, fallback);
            Assert.StartsWith(fallback + Path.DirectorySeparatorChar, cluster.Root, StringComparison.Ordinal);
            await cluster.StartAsync();
            await using (cluster)
            {
                await TestDatabaseServer.ExecuteAsync(cluster.ConnectionString, "SELECT 1");
            }

            // The same checkout finds the same cluster next time.
            Assert.Equal(cluster.Root, (await DatabaseBootstrap.EmbeddedClusterAsync(null, checkout, binDir, NullLogger.Instance, default, fallback)).Root);

            // A directory configured on purpose is not moved: the message says how to fix it.
            var refused = await Assert.ThrowsAsync<DatabaseUnavailableException>(() =>
                DatabaseBootstrap.EmbeddedClusterAsync(Path.Combine(checkout, "pg"), checkout, binDir, NullLogger.Instance, default, fallback));
            Assert.Contains("Database__EmbeddedDataDirectory", refused.Message, StringComparison.Ordinal);
            Assert.Contains("chmod o+x", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var cluster in Directory.Exists(fallback) ? Directory.GetDirectories(fallback) : [])
            {
                await ScratchClusters.RemoveAsync(cluster, binDir);
            }

            await ScratchClusters.RemoveAsync(scratch, binDir);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The built service (src/OrderStatus.Api/bin/…) run as a child process with a clean environment.</summary>
internal static class ServiceProcess
{
    public static async Task<Run> RunAsync(IReadOnlyList<string> args, Dictionary<string, string> environment)
    {
        // …/bin/<Debug|Release>/net10.0/: the service was built in the same configuration as the tests.
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)))!;
        var repository = DatabaseBootstrap.RepositoryRoot(AppContext.BaseDirectory);
        var appDir = Path.Combine(repository, "src", "OrderStatus.Api", "bin", configuration, "net10.0");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(appDir, "OrderStatus.Api.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Nothing of the test run's own configuration leaks in.
        foreach (var key in info.Environment.Keys.Where(k =>
            k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Database__", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Run(process.ExitCode, await stdout, await stderr);
    }

    public sealed record Run(int ExitCode, string StandardOutput, string StandardError)
    {
        /// <summary>Exit code 1, the message as the one line on stderr, and no stack trace anywhere.</summary>
        public void AssertOneLineFailure(string expected)
        {
            var output = StandardOutput + StandardError;
            Assert.True(ExitCode == 1, $"Exit code {ExitCode}, output:\n{output}");
            var errorLines = StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(errorLines.Length == 1, "stderr is not one line:\n" + StandardError);
            Assert.Contains(expected, errorLines[0], StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        }
    }
}
