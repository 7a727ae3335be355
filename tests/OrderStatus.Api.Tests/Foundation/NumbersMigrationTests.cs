using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Tests.Foundation;

/// <summary>The migration that introduces numbers gives existing rows theirs, in creation order (ADR 0009).</summary>
public sealed class NumbersMigrationTests
{
    private static readonly Guid Early = Guid.Parse("0190aaaa-0000-7000-8000-000000000001");
    private static readonly Guid Late = Guid.Parse("0190aaaa-0000-7000-8000-000000000002");

    [Fact]
    public async Task Existing_merchants_orders_items_trackings_and_custom_statuses_are_numbered_in_creation_order()
    {
        var server = await TestDatabaseServer.GetAsync();
        var database = await server.CreateEmptyDatabaseAsync("numbers");
        try
        {
            await using var source = NpgsqlDataSource.Create(database);
            await using (var db = NewContext(source))
            {
                var all = db.Database.GetMigrations().ToList();
                var numbers = all.FindIndex(m => m.EndsWith("_Numbers", StringComparison.Ordinal));
                Assert.True(numbers > 0, "No Numbers migration: " + string.Join(", ", all));
                await db.GetService<IMigrator>().MigrateAsync(all[numbers - 1]);
            }

            await TestDatabaseServer.ExecuteAsync(database, $$"""
                INSERT INTO merchants (id, name, created_at) VALUES
                    ('{{Late}}', 'Late', '2026-01-02T00:00:00Z'), ('{{Early}}', 'Early', '2026-01-01T00:00:00Z');
                INSERT INTO orders (id, merchant_id, reference, currency, total, status, on_hold, hold_reasons, created_at, updated_at,
                                    version, tracking_numbers, customer, items, trackings)
                SELECT gen_random_uuid(), m, 'R-' || n, 'EUR', 0, 'created', false, '{}', t, t, 1, '{}', '{}',
                       '[{"Id": "0190aaaa-0000-7000-8000-0000000000a1", "Name": "a"}, {"Id": "0190aaaa-0000-7000-8000-0000000000a2", "Name": "b"}]',
                       CASE WHEN n = 1 THEN '[{"Id": "0190aaaa-0000-7000-8000-0000000000b1", "TrackingNumber": "T"}]'::jsonb ELSE '[]' END
                FROM (VALUES ('{{Early}}'::uuid, 2, '2026-02-02T00:00:00Z'::timestamptz), ('{{Early}}'::uuid, 1, '2026-02-01T00:00:00Z'),
                             ('{{Late}}'::uuid, 3, '2026-02-03T00:00:00Z')) AS v(m, n, t);
                INSERT INTO custom_statuses (id, merchant_id, name, sort, effect, created_at, updated_at) VALUES
                    (gen_random_uuid(), '{{Early}}', 'Second', 0, 'none', '2026-03-02T00:00:00Z', now()),
                    (gen_random_uuid(), '{{Early}}', 'First', 0, 'none', '2026-03-01T00:00:00Z', now());
                """);

            await using (var db = NewContext(source))
            {
                await db.Database.MigrateAsync();
            }

            Assert.Equal(
                ["Early 1", "Late 2"],
                await LinesAsync(database, "SELECT name || ' ' || account_number FROM merchants ORDER BY account_number"));
            Assert.Equal(
                ["R-1 1 [1, 2] 2 [1] 1", "R-2 2 [1, 2] 2 [] 0", "R-3 1 [1, 2] 2 [] 0"],
                await LinesAsync(database, """
                    SELECT reference || ' ' || number
                           || ' ' || (SELECT jsonb_agg((i->>'Number')::int) FROM jsonb_array_elements(items) i)::text || ' ' || last_item_number
                           || ' ' || COALESCE((SELECT jsonb_agg((t->>'Number')::int) FROM jsonb_array_elements(trackings) t)::text, '[]')
                           || ' ' || last_tracking_number
                    FROM orders ORDER BY reference
                    """));
            Assert.Equal(["First 1", "Second 2"], await LinesAsync(database, "SELECT name || ' ' || number FROM custom_statuses ORDER BY number"));
            Assert.Equal(
                ["Early 2 2", "Late 1 0"],
                await LinesAsync(database, """
                    SELECT m.name || ' ' || c.last_order_number || ' ' || c.last_custom_status_number
                    FROM merchant_counters c JOIN merchants m ON m.id = c.merchant_id ORDER BY m.name
                    """));
            // New merchants continue after the numbered ones.
            await TestDatabaseServer.ExecuteAsync(database, "INSERT INTO merchants (id, name, created_at) VALUES (gen_random_uuid(), 'New', now())");
            Assert.Equal(["3"], await LinesAsync(database, "SELECT account_number::text FROM merchants WHERE name = 'New'"));
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    private static async Task<List<string>> LinesAsync(string connectionString, string sql)
    {
        var lines = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }

    private static OrdersDbContext NewContext(NpgsqlDataSource source)
    {
        var options = new DbContextOptionsBuilder<OrdersDbContext>();
        OrdersDbContext.Configure(options, source);
        return new OrdersDbContext(options.Options);
    }
}
