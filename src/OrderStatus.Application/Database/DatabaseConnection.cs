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
                return _dataSource ??= new NpgsqlDataSourceBuilder(ConnectionString).Build();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
