using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Tests.Foundation;

/// <summary>
/// The migrations against the EF model: a model change without its migration fails
/// <see cref="The_model_has_no_changes_without_a_migration"/> (the snapshot differs); a migration
/// edited by hand so that it no longer builds what the model expects fails the catalogue comparison.
/// </summary>
public sealed class SchemaMatchesModelTests
{
    /// <summary>What only raw SQL in the migrations creates (EF cannot express it), as <see cref="SchemaSnapshot"/> lines.</summary>
    private static readonly string[] ObjectsBeyondTheModel =
    [
        "function notify_order_event()",
        "trigger order_events_notify on order_events",
    ];

    [Fact]
    public void The_model_has_no_changes_without_a_migration()
    {
        using var source = NpgsqlDataSource.Create("Host=127.0.0.1;Database=never_opened");
        using var db = NewContext(source);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The EF model has changed since the last migration. Add one (see README, \"Changing the schema\"): " +
            "dotnet tool restore && dotnet ef migrations add <Name> --project src/OrderStatus.Application --startup-project src/OrderStatus.Api");
    }

    [Fact]
    public async Task Migrated_schema_equals_the_schema_the_model_expects()
    {
        var server = await TestDatabaseServer.GetAsync();
        var migrated = await server.CreateEmptyDatabaseAsync("migrated");
        var fromModel = await server.CreateEmptyDatabaseAsync("model");
        try
        {
            await using (var source = NpgsqlDataSource.Create(migrated))
            await using (var db = NewContext(source))
            {
                await db.Database.MigrateAsync();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            }

            await using (var source = NpgsqlDataSource.Create(fromModel))
            await using (var db = NewContext(source))
            {
                await db.Database.ExecuteSqlRawAsync(db.Database.GenerateCreateScript());
            }

            var expected = await SchemaSnapshot.ReadAsync(fromModel);
            Assert.NotEmpty(expected);
            expected.UnionWith(ObjectsBeyondTheModel);
            var actual = await SchemaSnapshot.ReadAsync(migrated);

            var missing = expected.Except(actual).ToList();
            var extra = actual.Except(expected).ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0,
                "The migrations do not produce the schema the EF model expects.\n" +
                "In the model but not migrated:\n  " + string.Join("\n  ", missing) + "\n" +
                "Migrated but not in the model:\n  " + string.Join("\n  ", extra));
        }
        finally
        {
            await server.DropDatabaseAsync(migrated);
            await server.DropDatabaseAsync(fromModel);
        }
    }

    [Fact]
    public async Task Every_migration_can_be_rolled_back()
    {
        var server = await TestDatabaseServer.GetAsync();
        var database = await server.CreateEmptyDatabaseAsync("down");
        try
        {
            await using var source = NpgsqlDataSource.Create(database);
            await using var db = NewContext(source);
            await db.Database.MigrateAsync();
            await db.Database.MigrateAsync("0");
            var remaining = await SchemaSnapshot.ReadAsync(database);
            Assert.Empty(remaining);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_database_that_ran_the_hand_written_migrations_is_baselined_at_the_generated_initial()
    {
        var server = await TestDatabaseServer.GetAsync();
        var database = await server.CreateEmptyDatabaseAsync("legacy");
        try
        {
            await using var source = NpgsqlDataSource.Create(database);
            await using (var db = NewContext(source))
            {
                // The hand-written chain's schema is the generated Initial's.
                await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First());
            }

            var schema = await SchemaSnapshot.ReadAsync(database);
            // The same schema with the history the hand-written chain left: EF's default column names, six rows.
            await MakeHistoryLegacyAsync(database, LegacyMigrationHistory.HandWritten);

            await using (var db = NewContext(source))
            {
                Assert.True(await LegacyMigrationHistory.BaselineAsync(db, NullLogger.Instance, default));
                Assert.Equal([db.Database.GetMigrations().First()], await db.Database.GetAppliedMigrationsAsync());
                Assert.Equal(schema.Order(StringComparer.Ordinal), (await SchemaSnapshot.ReadAsync(database)).Order(StringComparer.Ordinal));
                // Later migrations then apply to it as to any other database.
                await db.Database.MigrateAsync();
                Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                // Once is enough: a second start (or replica) finds nothing to rewrite.
                Assert.False(await LegacyMigrationHistory.BaselineAsync(db, NullLogger.Instance, default));
            }
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_partly_applied_hand_written_chain_is_refused_with_what_to_do()
    {
        var server = await TestDatabaseServer.GetAsync();
        var database = await server.CreateEmptyDatabaseAsync("partlegacy");
        try
        {
            await using var source = NpgsqlDataSource.Create(database);
            await using (var db = NewContext(source))
            {
                await db.Database.MigrateAsync();
            }

            await MakeHistoryLegacyAsync(database, LegacyMigrationHistory.HandWritten.Take(3));
            await using (var db = NewContext(source))
            {
                var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => LegacyMigrationHistory.BaselineAsync(db, NullLogger.Instance, default));
                Assert.Contains("3 of the 6 hand-written migrations", refused.Message, StringComparison.Ordinal);
                Assert.Contains("delete .data/postgres", refused.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    private static async Task MakeHistoryLegacyAsync(string database, IEnumerable<string> applied)
    {
        await TestDatabaseServer.ExecuteAsync(database, $"""
            ALTER TABLE "__EFMigrationsHistory" RENAME COLUMN migration_id TO "MigrationId";
            ALTER TABLE "__EFMigrationsHistory" RENAME COLUMN product_version TO "ProductVersion";
            ALTER TABLE "__EFMigrationsHistory" RENAME CONSTRAINT pk___ef_migrations_history TO "PK___EFMigrationsHistory";
            DELETE FROM "__EFMigrationsHistory";
            INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
                SELECT id, '10.0.14' FROM unnest(ARRAY['{string.Join("','", applied)}']) AS id;
            """);
    }

    internal static OrdersDbContext NewContext(NpgsqlDataSource source)
    {
        var options = new DbContextOptionsBuilder<OrdersDbContext>();
        OrdersDbContext.Configure(options, source);
        return new OrdersDbContext(options.Options);
    }
}

/// <summary>The public schema as comparable lines: columns, constraints, indexes, sequences, functions, triggers.</summary>
internal static class SchemaSnapshot
{
    private const string Query = """
        SELECT 'column ' || c.table_name || '.' || c.column_name || ' ' || c.data_type
               || coalesce('(' || c.character_maximum_length || ')', '')
               || coalesce(' numeric(' || c.numeric_precision || ',' || c.numeric_scale || ')', '')
               || CASE WHEN c.data_type = 'ARRAY' THEN ' of ' || c.udt_name ELSE '' END
               || CASE WHEN c.is_nullable = 'NO' THEN ' not null' ELSE ' null' END
               || coalesce(' default ' || c.column_default, '')
               || CASE WHEN c.is_identity = 'YES' THEN ' identity ' || c.identity_generation ELSE '' END
               || CASE WHEN c.is_generated = 'ALWAYS' THEN ' generated ' || coalesce(c.generation_expression, '') ELSE '' END
        FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.table_name <> '__EFMigrationsHistory'
        UNION ALL
        SELECT 'constraint ' || rel.relname || '.' || con.conname || ' ' || pg_get_constraintdef(con.oid)
        FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace n ON n.oid = rel.relnamespace
        WHERE n.nspname = 'public' AND rel.relname <> '__EFMigrationsHistory'
        UNION ALL
        SELECT 'index ' || indexdef FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory'
        UNION ALL
        SELECT 'sequence ' || sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'
        UNION ALL
        SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
        UNION ALL
        SELECT 'trigger ' || t.tgname || ' on ' || c.relname
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND NOT t.tgisinternal
        """;

    public static async Task<HashSet<string>> ReadAsync(string connectionString)
    {
        var lines = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Query, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }
}
