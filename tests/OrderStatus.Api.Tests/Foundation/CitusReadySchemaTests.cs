using Npgsql;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Foundation;

/// <summary>
/// The migrated schema can be distributed by merchant with Citus without a schema change
/// (docs/scale-out.md): every tenant table has merchant_id in its primary key and in every unique
/// constraint or index, and every foreign key between tenant tables includes it on both sides.
/// Read from the catalogue of a migrated database, so every table is covered, also future ones.
/// </summary>
public sealed class CitusReadySchemaTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>Tables that stay whole on every node (Citus reference tables), and why.</summary>
    private static readonly Dictionary<string, string> ReferenceTables = new(StringComparer.Ordinal)
    {
        ["merchants"] = "the tenants themselves",
        ["api_clients"] = "the credential directory: a client is found by its globally unique client id before its merchant is known",
        ["service_keys"] = "service-wide keys, no merchant",
        ["__EFMigrationsHistory"] = "EF Core's migration bookkeeping",
    };

    [Fact]
    public async Task Every_table_is_a_tenant_table_with_merchant_id_or_a_named_reference_table()
    {
        var tables = await RowsAsync("""
            SELECT c.relname, EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'merchant_id' AND NOT a.attisdropped)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
            """);

        var unclassified = tables.Where(t => !(bool)t[1] && !ReferenceTables.ContainsKey((string)t[0])).Select(t => (string)t[0]).ToList();

        Assert.True(tables.Count > 5, "The catalogue query found no tables.");
        Assert.Empty(unclassified);
    }

    [Fact]
    public async Task Every_primary_key_and_unique_index_of_a_tenant_table_includes_merchant_id()
    {
        var indexes = await RowsAsync("""
            SELECT t.relname, ic.relname,
                   ARRAY(SELECT a.attname::text FROM unnest(i.indkey) k JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k)
            FROM pg_index i
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND i.indisunique
            """);

        var tenantIndexes = indexes.Where(i => !ReferenceTables.ContainsKey((string)i[0])).ToList();
        var missing = tenantIndexes.Where(i => !((string[])i[2]).Contains("merchant_id")).Select(i => $"{i[0]}.{i[1]} ({string.Join(", ", (string[])i[2])})").ToList();

        Assert.Contains(tenantIndexes, i => ((string)i[1]).StartsWith("pk_orders", StringComparison.Ordinal));
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Every_foreign_key_between_tenant_tables_includes_merchant_id_on_both_sides()
    {
        var keys = await RowsAsync("""
            SELECT con.conname, t.relname, ft.relname,
                   ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o),
                   ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = ft.oid AND a.attnum = k.n ORDER BY k.o)
            FROM pg_constraint con
            JOIN pg_class t ON t.oid = con.conrelid
            JOIN pg_class ft ON ft.oid = con.confrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND con.contype = 'f'
            """);

        var betweenTenants = keys.Where(k => !ReferenceTables.ContainsKey((string)k[1]) && !ReferenceTables.ContainsKey((string)k[2])).ToList();
        var bad = betweenTenants.Where(k =>
        {
            var columns = (string[])k[3];
            var referenced = (string[])k[4];
            var at = Array.IndexOf(columns, "merchant_id");
            return at < 0 || referenced[at] != "merchant_id";
        }).Select(k => $"{k[0]}: {k[1]}({string.Join(", ", (string[])k[3])}) → {k[2]}({string.Join(", ", (string[])k[4])})").ToList();

        Assert.NotEmpty(betweenTenants);
        Assert.Empty(bad);
    }

    private async Task<List<object[]>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }
}
