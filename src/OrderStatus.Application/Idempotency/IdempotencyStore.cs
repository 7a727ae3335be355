using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderStatus.Application.Database;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Application.Idempotency;

/// <summary>
/// Claims, completes and replays idempotency keys with single SQL statements on the shared data
/// source: the claim is an <c>INSERT … ON CONFLICT DO NOTHING</c>, so of any number of concurrent
/// requests with one key exactly one gets to run. A claim is identified by its <c>created_at</c> (in
/// microseconds, as stored): completing or releasing it only succeeds while it is still that claim, so a
/// request whose claim was taken over as abandoned can no longer commit.
/// </summary>
public sealed class IdempotencyStore(DatabaseConnection connection, TimeProvider clock)
{
    /// <summary>Tries to claim <paramref name="key"/> for a request; returns the claim's time, or null when a record exists.</summary>
    public async Task<DateTimeOffset?> TryClaimAsync(Guid merchantId, string key, byte[] requestHash, TimeSpan retention, CancellationToken cancellationToken)
    {
        // PostgreSQL keeps microseconds: the claim's identity must survive the round trip.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));
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
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? now : null;
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

    /// <summary>
    /// Stores the final response of the claim made at <paramref name="claimedAt"/> inside <paramref name="db"/>'s
    /// current transaction — the transaction of the change itself, so the change and its recorded answer commit
    /// together or not at all. False when the claim is no longer this request's (taken over as abandoned).
    /// </summary>
    public static async Task<bool> CompleteAsync(
        OrdersDbContext db, Guid merchantId, string key, DateTimeOffset claimedAt, int statusCode, string? contentType, string? headers, byte[] body,
        CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An idempotent response is stored in the transaction of its change.");
        }

        var updated = await db.Database.ExecuteSqlAsync($"""
            UPDATE idempotency_records SET status_code = {statusCode}, content_type = {contentType}, response_headers = {headers}, response_body = {body}
            WHERE merchant_id = {merchantId} AND key = {key} AND created_at = {claimedAt} AND status_code IS NULL
            """, cancellationToken);
        return updated == 1;
    }

    /// <summary>Whether the claim made at <paramref name="claimedAt"/> was completed: its change's transaction committed.</summary>
    public async Task<bool> IsCompletedAsync(Guid merchantId, string key, DateTimeOffset claimedAt, CancellationToken cancellationToken)
    {
        await using var command = connection.DataSource.CreateCommand("""
            SELECT 1 FROM idempotency_records
            WHERE merchant_id = $1 AND key = $2 AND created_at = $3 AND status_code IS NOT NULL
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = merchantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = claimedAt });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>
    /// Forgets the claim made at <paramref name="claimedAt"/> (the request's change rolled back, or the record expired
    /// or was abandoned) so the key can be used again; a newer claim of the key is left alone.
    /// </summary>
    public async Task ReleaseAsync(Guid merchantId, string key, DateTimeOffset claimedAt, CancellationToken cancellationToken)
    {
        await using var command = connection.DataSource.CreateCommand(
            "DELETE FROM idempotency_records WHERE merchant_id = $1 AND key = $2 AND created_at = $3");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = merchantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = claimedAt });
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
