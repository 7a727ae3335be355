using Npgsql;

namespace OrderStatus.Application.Database;

/// <summary>
/// The connection the service uses, decided once at start-up: the configured
/// <c>ConnectionStrings:Orders</c>, or the embedded cluster. Holds the one Npgsql data source
/// (and so the one connection pool) of the process.
/// </summary>
public sealed class DatabaseConnection : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private NpgsqlDataSource? _dataSource;
    private string? _connectionString;

    public string ConnectionString
    {
        get => _connectionString ?? throw new InvalidOperationException("The database connection has not been prepared yet.");
        set
        {
            lock (_gate)
            {
                if (_dataSource is not null)
                {
                    throw new InvalidOperationException("The connection string cannot change once the data source is in use.");
                }

                _connectionString = value;
            }
        }
    }

    public NpgsqlDataSource DataSource
    {
        get
        {
            lock (_gate)
            {
                return _dataSource ??= Build(ConnectionString);
            }
        }
    }

    private static NpgsqlDataSource Build(string connectionString)
    {
        // No automatic preparation by default (Npgsql's own default, Max Auto Prepare = 0), although it
        // saved PostgreSQL the parse and plan of EF's statements (bench: S1 6.6k → 10.6k req/s): with it, a
        // statement PostgreSQL refuses inside a multi-statement batch (a NUL in a string, answered 400) can
        // leave the connection's prepared-statement bookkeeping out of step, and a later request on that
        // pooled connection fails with "Received unexpected backend message DataRow" (a 500; fault suite F4,
        // reproduced at the Npgsql level in faults/results/2026-12-02-1402.md; compare npgsql/npgsql#6391).
        // The prepared-statement saving comes back another way: EF Core's single-statement reads are prepared
        // explicitly (Persistence/PreparedReads.cs), never batches (docs/decisions/0017-prepared-statements.md).
        // A connection string that sets Max Auto Prepare itself keeps its value.
        return new NpgsqlDataSourceBuilder(connectionString).Build();
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
