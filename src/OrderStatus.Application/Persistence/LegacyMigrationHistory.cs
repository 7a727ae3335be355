using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrderStatus.Application.Persistence;

/// <summary>
/// Databases made before the migrations were re-based (a developer's <c>.data/postgres</c>, the bench
/// database) ran the six hand-written migrations, whose schema is exactly what the generated
/// <see cref="Migrations.Initial"/> creates. Their history is rewritten to say so, once, before
/// migrating: the history table takes the snake_case columns the naming convention gives it now,
/// the hand-written rows go, and <c>Initial</c> is recorded as applied; later migrations then apply
/// to them as to any other database. See docs/decisions/0002-ef-core-migrations.md.
/// </summary>
internal static class LegacyMigrationHistory
{
    private const string HistoryTable = "__EFMigrationsHistory";

    /// <summary>The hand-written chain, in order; every release that had it applied all six at start-up.</summary>
    public static readonly IReadOnlyList<string> HandWritten =
    [
        "20261122000100_Access",
        "20261122000150_History",
        "20261122000200_ServiceKeys",
        "20261122000300_Orders",
        "20261122000400_Webhooks",
        "20261122000500_Idempotency",
    ];

    /// <summary>
    /// Rewrites a hand-written history to the baseline; returns true when it did. Call inside an
    /// execution strategy: it runs in a transaction of its own and holds the history table's lock,
    /// so replicas starting together rewrite it once.
    /// </summary>
    public static async Task<bool> BaselineAsync(OrdersDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var initial = db.GetService<IMigrationsAssembly>().Migrations
            .Single(m => m.Value.AsType() == typeof(Migrations.Initial)).Key;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = (NpgsqlTransaction)transaction.GetDbTransaction();

        if (await ScalarAsync(connection, tx, $"SELECT to_regclass('\"{HistoryTable}\"') IS NOT NULL", cancellationToken) is not true)
        {
            return false;
        }

        await ExecuteAsync(connection, tx, $"LOCK TABLE \"{HistoryTable}\" IN EXCLUSIVE MODE", cancellationToken);
        var legacyColumns = await ScalarAsync(connection, tx, $"""
            SELECT EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_schema = current_schema() AND table_name = '{HistoryTable}' AND column_name = 'MigrationId')
            """, cancellationToken) is true;
        var idColumn = legacyColumns ? "\"MigrationId\"" : "migration_id";

        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var select = new NpgsqlCommand($"SELECT {idColumn} FROM \"{HistoryTable}\"", connection, tx))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }

        var legacy = HandWritten.Where(applied.Contains).ToList();
        if (legacy.Count == 0 || applied.Contains(initial))
        {
            return false;
        }

        if (legacy.Count != HandWritten.Count)
        {
            throw new InvalidOperationException(
                $"The database ran only {legacy.Count} of the {HandWritten.Count} hand-written migrations " +
                $"(last: {legacy[^1]}), which no release of the service ever left behind. Drop and recreate it " +
                "(for the embedded cluster: delete .data/postgres), then start the service again.");
        }

        if (legacyColumns)
        {
            // The layout EF Core creates under UseSnakeCaseNamingConvention.
            await ExecuteAsync(connection, tx, $"""
                ALTER TABLE "{HistoryTable}" RENAME COLUMN "MigrationId" TO migration_id;
                ALTER TABLE "{HistoryTable}" RENAME COLUMN "ProductVersion" TO product_version;
                ALTER TABLE "{HistoryTable}" RENAME CONSTRAINT "PK___EFMigrationsHistory" TO pk___ef_migrations_history;
                """, cancellationToken);
        }

        await using (var rewrite = new NpgsqlCommand(
            $"DELETE FROM \"{HistoryTable}\" WHERE migration_id = ANY(@legacy); " +
            $"INSERT INTO \"{HistoryTable}\" (migration_id, product_version) VALUES (@initial, @version)", connection, tx))
        {
            rewrite.Parameters.AddWithValue("legacy", legacy.ToArray());
            rewrite.Parameters.AddWithValue("initial", initial);
            rewrite.Parameters.AddWithValue("version", ProductInfo.GetVersion());
            await rewrite.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation(
            "The database ran the {Count} hand-written migrations: recorded them as the generated {Initial} (the same schema)",
            legacy.Count, initial);
        return true;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
