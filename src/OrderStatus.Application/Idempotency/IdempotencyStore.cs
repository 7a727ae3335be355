using Npgsql;
using NpgsqlTypes;
using OrderStatus.Application.Database;

namespace OrderStatus.Application.Idempotency;

/// <summary>
/// Claims, completes and replays idempotency keys with single SQL statements on the shared data
/// source: the claim is an <c>INSERT … ON CONFLICT DO NOTHING</c>, so of any number of concurrent
/// requests with one key exactly one gets to run.
/// </summary>
public sealed class IdempotencyStore(DatabaseConnection connection, TimeProvider clock)
{
    /// <summary>Tries to claim <paramref name="key"/> for a request; returns false when a record exists.</summary>
    public async Task<bool> TryClaimAsync(Guid merchantId, string key, byte[] requestHash, TimeSpan retention, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var command = connection.DataSource.CreateCommand("""
            INSERT INTO idempotency_records (merchant_id, key, request_hash, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (merchant_id, key) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = merchantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = requestHash });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now + retention });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IdempotencyRecord?> FindAsync(Guid merchantId, string key, CancellationToken cancellationToken)
    {
        await using var command = connection.DataSource.CreateCommand("""
            SELECT request_hash, status_code, content_type, response_headers, response_body, created_at, expires_at
            FROM idempotency_records WHERE merchant_id = $1 AND key = $2
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = merchantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new IdempotencyRecord
        {
            MerchantId = merchantId,
            Key = key,
            RequestHash = reader.GetFieldValue<byte[]>(0),
            StatusCode = reader.IsDBNull(1) ? null : reader.GetInt32(1),
            ContentType = reader.IsDBNull(2) ? null : reader.GetString(2),
            ResponseHeaders = reader.IsDBNull(3) ? null : reader.GetString(3),
            ResponseBody = reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
            ExpiresAt = reader.GetFieldValue<DateTimeOffset>(6),
        };
    }

    public async Task CompleteAsync(Guid merchantId, string key, int statusCode, string? contentType, string? headers, byte[] body, CancellationToken cancellationToken)
    {
        await using var command = connection.DataSource.CreateCommand("""
            UPDATE idempotency_records SET status_code = $3, content_type = $4, response_headers = $5, response_body = $6
            WHERE merchant_id = $1 AND key = $2
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = merchantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = statusCode });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)contentType ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)headers ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = body });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Forgets a claim (the request failed on our side, or the record expired) so the key can be used again.</summary>
    public async Task ReleaseAsync(Guid merchantId, string key, CancellationToken cancellationToken)
    {
        await using var command = connection.DataSource.CreateCommand(
            "DELETE FROM idempotency_records WHERE merchant_id = $1 AND key = $2");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = merchantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes up to <paramref name="batch"/> expired records; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(int batch, CancellationToken cancellationToken)
    {
        await using var command = connection.DataSource.CreateCommand("""
            DELETE FROM idempotency_records WHERE ctid IN (
                SELECT ctid FROM idempotency_records WHERE expires_at < $1 LIMIT $2)
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = batch });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
