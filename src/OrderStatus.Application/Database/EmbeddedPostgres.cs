using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrderStatus.Application.Database;

/// <summary>
/// A private PostgreSQL cluster kept in a directory of its own: created on first use, started on a
/// private port bound to 127.0.0.1 with its socket inside that directory, and stopped again by
/// whoever started it. A cluster left running by a process that died is adopted rather than
/// started twice.
/// </summary>
/// <remarks>
/// Layout of <see cref="Root"/>: <c>pgdata/</c> (the cluster), <c>run/</c> (its socket),
/// <c>password</c>, <c>port</c>, <c>owner.pid</c> (the process that will stop it), <c>postgres.log</c>.
/// PostgreSQL refuses to run as root, so when this process is root every command runs as the
/// <c>postgres</c> OS user and the directory is handed to that user.
/// </remarks>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string SuperUser = "orderstatus";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly string _binDir;
    private readonly ILogger _logger;
    private readonly bool _runAsPostgresUser;
    private bool _owned;

    public EmbeddedPostgres(string root, string binDir, ILogger logger)
    {
        Root = Path.GetFullPath(root);
        _binDir = binDir;
        _logger = logger;
        _runAsPostgresUser = Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows();
    }

    public string Root { get; }

    public int Port { get; private set; }

    /// <summary>Connection string of the cluster's maintenance database, as its superuser.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    private string DataDir => Path.Combine(Root, "pgdata");

    private string SocketDir => Path.Combine(Root, "run");

    /// <summary>Creates the cluster if needed and makes sure it is running.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Root);
        if (!File.Exists(Path.Combine(DataDir, "PG_VERSION")))
        {
            await InitialiseAsync(cancellationToken);
        }

        Port = int.Parse(await File.ReadAllTextAsync(Path.Combine(Root, "port"), cancellationToken), CultureInfo.InvariantCulture);
        var password = (await File.ReadAllTextAsync(Path.Combine(Root, "password"), cancellationToken)).Trim();
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Password = password,
            Database = "postgres",
        }.ConnectionString;

        var ownerFile = Path.Combine(Root, "owner.pid");
        if (await IsRunningAsync(cancellationToken))
        {
            // Running already: either another live process of ours started it (leave it to that
            // one to stop), or its starter died (adopt it, so it is stopped when we stop).
            var owner = ReadPid(ownerFile);
            _owned = owner is null || !ProcessAlive(owner.Value);
            _logger.LogInformation("Embedded PostgreSQL already running in {DataDir} on port {Port}; {Role}",
                DataDir, Port, _owned ? "adopting it" : "shared with its owner process " + owner);
        }
        else
        {
            _logger.LogInformation("Starting embedded PostgreSQL in {DataDir} on 127.0.0.1:{Port}", DataDir, Port);
            await RunAsync("pg_ctl",
                ["start", "-D", DataDir, "-w", "-t", "60", "-l", Path.Combine(Root, "postgres.log")],
                cancellationToken);
            _owned = true;
        }

        if (_owned)
        {
            await File.WriteAllTextAsync(ownerFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), cancellationToken);
        }
    }

    /// <summary>Stops the cluster if this process owns it; <paramref name="immediate"/> skips the checkpoint (throwaway clusters).</summary>
    public async Task StopAsync(bool immediate = false)
    {
        if (!_owned)
        {
            return;
        }

        _owned = false;
        NpgsqlConnection.ClearAllPools();
        _logger.LogInformation("Stopping embedded PostgreSQL in {DataDir}", DataDir);
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await RunAsync("pg_ctl", ["stop", "-D", DataDir, "-m", immediate ? "immediate" : "fast", "-w", "-t", "60"], timeout.Token);
        File.Delete(Path.Combine(Root, "owner.pid"));
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>
    /// Stops a server running in <see cref="Root"/> at once (no checkpoint), whoever started it, and
    /// returns when it has exited: for throwaway clusters about to be deleted.
    /// </summary>
    public async Task ForceStopAsync(CancellationToken cancellationToken = default)
    {
        if (File.Exists(Path.Combine(DataDir, "PG_VERSION")) && await IsRunningAsync(cancellationToken))
        {
            NpgsqlConnection.ClearAllPools();
            await RunAsync("pg_ctl", ["stop", "-D", DataDir, "-m", "immediate", "-w", "-t", "60"], cancellationToken);
        }

        _owned = false;
    }

    /// <summary>
    /// Makes this cluster, which must not exist yet, a streaming hot standby of the running
    /// <paramref name="primary"/> (<c>pg_basebackup -R</c>: a copy of its data directory, <c>standby.signal</c>
    /// and <c>primary_conninfo</c>), on a port and socket directory of its own; <see cref="StartAsync"/> then
    /// starts it. For tests and benchmarks of read-only routing (ADR 0016): initdb's default pg_hba.conf already
    /// admits replication connections from loopback, and <c>wal_level = replica</c> and <c>max_wal_senders</c>
    /// are PostgreSQL's defaults, so the primary needs no change.
    /// </summary>
    public async Task CreateStandbyOfAsync(EmbeddedPostgres primary, CancellationToken cancellationToken = default)
    {
        if (File.Exists(Path.Combine(DataDir, "PG_VERSION")))
        {
            throw new InvalidOperationException($"{DataDir} holds a cluster already; a standby is made from an empty directory.");
        }

        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(SocketDir);
        // The copy has the primary's roles, so the same superuser password.
        var password = (await File.ReadAllTextAsync(Path.Combine(primary.Root, "password"), cancellationToken)).Trim();
        var passwordFile = Path.Combine(Root, "password");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(Root, "port"), FreePort().ToString(CultureInfo.InvariantCulture), cancellationToken);
        // The standby's WAL receiver connects with primary_conninfo, which names this file: the password never
        // appears on a command line.
        var passFile = Path.Combine(Root, "pgpass");
        await File.WriteAllTextAsync(passFile, $"127.0.0.1:{primary.Port}:*:{SuperUser}:{password}\n", cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.SetUnixFileMode(passFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await HandToPostgresUserAsync(cancellationToken);
        _logger.LogInformation("Creating a standby of {Primary} in {DataDir}", primary.DataDir, DataDir);
        await RunAsync("pg_basebackup",
            ["-D", DataDir, "-R", "-X", "stream", "-c", "fast",
             "-d", $"host=127.0.0.1 port={primary.Port} user={SuperUser} passfile={passFile} application_name=orderstatus_standby"],
            cancellationToken);

        var port = await File.ReadAllTextAsync(Path.Combine(Root, "port"), cancellationToken);
        // The copied postgresql.conf names the primary's port and socket directory; later lines win.
        var settings = $"""

            # Written by OrderStatus: a hot standby of {primary.DataDir}.
            port = {port.Trim()}
            unix_socket_directories = '{SocketDir.Replace("'", "''", StringComparison.Ordinal)}'
            hot_standby = on
            """;
        await File.AppendAllTextAsync(Path.Combine(DataDir, "postgresql.conf"), settings + "\n", cancellationToken);
    }

    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        // A half-made cluster from an interrupted initdb is useless: start over.
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }

        Directory.CreateDirectory(SocketDir);
        var passwordFile = Path.Combine(Root, "password");
        await File.WriteAllTextAsync(passwordFile, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(Root, "port"), FreePort().ToString(CultureInfo.InvariantCulture), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await HandToPostgresUserAsync(cancellationToken);

        _logger.LogInformation("Creating embedded PostgreSQL cluster in {DataDir}", DataDir);
        await RunAsync("initdb",
            ["-D", DataDir, "-U", SuperUser, "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C"],
            cancellationToken);

        var port = await File.ReadAllTextAsync(Path.Combine(Root, "port"), cancellationToken);
        // Private: loopback only, our own port, our own socket directory. Durable defaults stay on.
        var settings = $"""

            # Written by OrderStatus: a private cluster.
            listen_addresses = '127.0.0.1'
            port = {port.Trim()}
            unix_socket_directories = '{SocketDir.Replace("'", "''", StringComparison.Ordinal)}'
            max_connections = 200
            shared_buffers = 128MB
            """;
        // Appended by this process (root may write the postgres user's file; the owner stays), not by
        // a shell: the path is never part of a command line.
        await File.AppendAllTextAsync(Path.Combine(DataDir, "postgresql.conf"), settings + "\n", cancellationToken);
    }

    /// <summary>
    /// Can the OS user the cluster runs as reach <see cref="Root"/>? Always when this process is not
    /// root; as root, the <c>postgres</c> user needs search permission on every directory above it
    /// (a checkout under <c>/root</c>, mode 0700, has none).
    /// </summary>
    public async Task<bool> ServerUserCanReachAsync(CancellationToken cancellationToken = default)
    {
        if (!_runAsPostgresUser)
        {
            return true;
        }

        var parent = Path.GetDirectoryName(Root) ?? Root;
        var (exitCode, _) = await RunProcessAsync("test", ["-x", parent], null, asPostgres: true, throwOnFailure: false, cancellationToken);
        return exitCode == 0;
    }

    private async Task HandToPostgresUserAsync(CancellationToken cancellationToken)
    {
        if (_runAsPostgresUser)
        {
            await RunProcessAsync("chown", ["-R", "postgres:", Root], null, asPostgres: false, throwOnFailure: true, cancellationToken);
        }
    }

    private async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        // pg_ctl status: 0 running, 3 not running, 4 no accessible data directory.
        var (exitCode, _) = await RunProcessAsync(Path.Combine(_binDir, "pg_ctl"), ["status", "-D", DataDir],
            null, _runAsPostgresUser, throwOnFailure: false, cancellationToken);
        return exitCode == 0;
    }

    private async Task RunAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        await RunProcessAsync(Path.Combine(_binDir, tool), args, null, _runAsPostgresUser, throwOnFailure: true, cancellationToken);

    private static async Task<(int ExitCode, string Output)> RunProcessAsync(
        string exe, IReadOnlyList<string> args, string? stdin, bool asPostgres, bool throwOnFailure,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo
        {
            FileName = asPostgres ? "runuser" : exe,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", exe })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {exe}.");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        // pg_ctl start leaves the postmaster holding no pipe of ours (it redirects to the log), so
        // reading to the end returns when pg_ctl itself exits.
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        var output = (await stdout) + (await stderr);
        if (throwOnFailure && process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{Path.GetFileName(exe)} {string.Join(' ', args)}' failed with exit code {process.ExitCode}: {output.Trim()}");
        }

        return (process.ExitCode, output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The pid on the first line of a pid file (owner.pid, or PostgreSQL's postmaster.pid).</summary>
    private static int? ReadPid(string file)
    {
        try
        {
            var firstLine = File.ReadLines(file).FirstOrDefault()?.Trim();
            return int.TryParse(firstLine, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool ProcessAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
