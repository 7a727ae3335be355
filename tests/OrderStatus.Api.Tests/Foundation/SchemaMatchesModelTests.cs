using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Tests.Foundation;

/// <summary>
/// Migrations are written by hand, so nothing else checks them against the EF model: this test
/// migrates one database, builds another from the model's own DDL, and compares their catalogues.
/// A model change without its migration (or a migration that drifts from the model) fails here.
/// </summary>
public sealed class SchemaMatchesModelTests
{
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
            var actual = await SchemaSnapshot.ReadAsync(migrated);

            Assert.NotEmpty(expected);
            var missing = expected.Except(actual).ToList();
            var extra = actual.Except(expected).ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0,
                "The migrations do not produce the schema the EF model expects.\n" +
                "In the model but not migrated:\n  " + string.Join("\n  ", missing) + "\n" +
                "Migrated but not in the model:\n  " + string.Join("\n  ", extra) + "\n" +
                "Run `dotnet run --project src/OrderStatus.Api -- schema-script` to see the model's DDL.");
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

    private static OrdersDbContext NewContext(NpgsqlDataSource source)
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
