using System.Globalization;
using Npgsql;

namespace OrderStatus.Faults.Harness;

/// <summary>
/// A durable PostgreSQL cluster of the suite's own (fsync and synchronous_commit on) on 127.0.0.1,
/// run as the postgres OS user when the suite runs as root.
/// </summary>
public sealed class Postgres(Processes processes, string root, int port)
{
    public const string Database = "orderstatus";
    private const string User = "faults";

    private readonly string _data = Path.Combine(root, "data");
    private readonly string _bin = FindBin();
    private int? _postmaster;

    public string ConnectionString(int? maxPoolSize = null, int? timeoutSeconds = null)
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = User, Database = Database };
        if (maxPoolSize is { } size)
        {
            builder.MaxPoolSize = size;
        }

        if (timeoutSeconds is { } timeout)
        {
            builder.Timeout = timeout;
        }

        return builder.ConnectionString;
    }

    public async Task InitAsync()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
        if (IsRoot)
        {
            await Processes.RunAsync("chown", ["postgres:", root]);
        }

        await RunAsPostgresAsync(Path.Combine(_bin, "initdb"), "-D", _data, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C");
        await File.AppendAllTextAsync(Path.Combine(_data, "postgresql.conf"), string.Create(CultureInfo.InvariantCulture, $"""

            listen_addresses = '127.0.0.1'
            port = {port}
            unix_socket_directories = '{root}'
            max_connections = 400
            shared_buffers = 256MB
            fsync = on
            synchronous_commit = on
            full_page_writes = on

            """));
        await StartAsync();
        await RunAsPostgresAsync(Path.Combine(_bin, "createdb"), "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-U", User, Database);
    }

    public async Task StartAsync()
    {
        // The driver's own pooled connections did not survive a stop.
        NpgsqlConnection.ClearAllPools();
        await RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "start", "-D", _data, "-w", "-t", "60", "-l", Path.Combine(root, "postgres.log"));
        var pid = int.Parse((await File.ReadAllLinesAsync(Path.Combine(_data, "postmaster.pid")))[0], CultureInfo.InvariantCulture);
        _postmaster = pid;
        processes.Track(pid, "postgres");
    }

    /// <summary>Fast shutdown: running sessions are ended, new connections refused.</summary>
    public async Task StopAsync()
    {
        await RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "stop", "-D", _data, "-m", "fast", "-w", "-t", "60");
        if (_postmaster is { } pid)
        {
            processes.Forget(pid);
            _postmaster = null;
        }
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        return connection;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), CultureInfo.InvariantCulture);
    }

    public async Task<List<object?[]>> RowsAsync(string sql, params object[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static async Task RunAsPostgresAsync(string fileName, params string[] arguments)
    {
        var (exitCode, output) = IsRoot
            ? await Processes.RunAsync("runuser", ["-u", "postgres", "--", fileName, .. arguments])
            : await Processes.RunAsync(fileName, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} failed ({exitCode}): {output}");
        }
    }

    private static string FindBin()
    {
        var installed = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        foreach (var dir in installed.OrderByDescending(d => d, StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(dir, "bin", "pg_ctl")))
            {
                return Path.Combine(dir, "bin");
            }
        }

        throw new InvalidOperationException("PostgreSQL server binaries not found (apt-get install postgresql)");
    }
}
