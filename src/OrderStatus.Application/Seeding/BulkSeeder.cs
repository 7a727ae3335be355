using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using OrderStatus.Application.Access;
using OrderStatus.Application.Database;
using OrderStatus.Domain.Orders;
using OrderStatus.Domain.Reference;

namespace OrderStatus.Application.Seeding;

/// <summary>What the seed wrote: how many orders exist now, and where the load targets are.</summary>
public sealed record SeedResult(long Orders, long Added, int Merchants, int Targets, TimeSpan Elapsed);

/// <summary>
/// Loads a large, realistic data set for benchmarks through binary <c>COPY</c>: merchants, one API
/// client per merchant, orders with three items (a quarter with a tracking) and their history. It
/// appends up to the requested total, so a run can measure at 100,000 orders and then at 1,000,000.
/// </summary>
/// <remarks>
/// Ids are derived from the order number (UUIDv7 layout, the timestamp being the order's creation),
/// so that SQL benchmarks (pgbench) can address the same orders through <c>bench_helpers.order_id(n)</c>
/// without a lookup. The rows have the exact shape the EF model writes (a test reads seeded orders
/// back through the API).
/// </remarks>
public sealed class BulkSeeder(DatabaseConnection connection)
{
    /// <summary>The first seeded order was created at this instant; order n one second after order n-1.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly (string Sku, string Name, decimal Price)[] Catalogue =
    [
        ("MUG-01", "Mug", 9.95m), ("TEA-05", "Earl Grey", 6.50m), ("PLT-02", "Plate", 14.00m),
        ("BWL-03", "Bowl", 7.25m), ("CUP-04", "Cup", 5.40m), ("POT-06", "Teapot", 32.00m),
    ];

    private static readonly string[] Channels = ["web", "store", "app"];

    public static Guid MerchantId(int k) => Compose(Epoch.ToUnixTimeMilliseconds(), 0x0001_0000_0000L + k);

    public static Guid OrderId(long n) => Compose(Epoch.ToUnixTimeMilliseconds() + (n * 1000), n);

    public static string ClientIdOf(int k) => "bench-" + k.ToString(CultureInfo.InvariantCulture);

    /// <summary>The canonical status of seeded order n: 40 % created, 20 % paid, and 10 % each of the rest.</summary>
    public static OrderState StateOf(long n) => (n % 10) switch
    {
        0 or 1 or 2 or 3 => OrderState.Created,
        4 or 5 => OrderState.Paid,
        6 => OrderState.InFulfilment,
        7 => OrderState.Sent,
        8 => OrderState.Delivered,
        _ => n % 20 == 9 ? OrderState.Done : OrderState.Cancelled,
    };

    public async Task<SeedResult> SeedAsync(long totalOrders, int merchants, string? targetsPath, int sample, TextWriter progress, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        await using var db = await connection.DataSource.OpenConnectionAsync(ct);
        await ExecuteAsync(db, HelperFunctions(), ct);
        var existing = await CountSeededAsync(db, ct);
        var secrets = await UpsertMerchantsAndClientsAsync(db, merchants, ct);

        var added = 0L;
        const int batch = 50_000;
        for (var from = existing + 1; from <= totalOrders; from += batch)
        {
            var to = Math.Min(totalOrders, from + batch - 1);
            await using var tx = await db.BeginTransactionAsync(ct);
            var numbers = await ReserveOrderNumbersAsync(db, from, to, merchants, ct);
            await CopyOrdersAsync(db, from, to, merchants, numbers, ct);
            await CopyEventsAsync(db, from, to, merchants, ct);
            await tx.CommitAsync(ct);
            added += to - from + 1;
            await progress.WriteLineAsync($"seeded orders {from:N0}–{to:N0}");
        }

        var seeded = Math.Max(existing, totalOrders);
        var targets = targetsPath is null ? 0 : await WriteTargetsAsync(targetsPath, seeded, merchants, secrets, sample);
        return new SeedResult(seeded, added, merchants, targets, DateTimeOffset.UtcNow - started);
    }

    private static async Task<long> CountSeededAsync(NpgsqlConnection db, CancellationToken ct)
    {
        // Seeded references are SEED-<n>, n = 1..count with no gaps (each batch commits whole).
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orders WHERE reference LIKE 'SEED-%'", db);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<Dictionary<int, string>> UpsertMerchantsAndClientsAsync(NpgsqlConnection db, int merchants, CancellationToken ct)
    {
        var secrets = new Dictionary<int, string>();
        var now = DateTimeOffset.UtcNow;
        for (var k = 1; k <= merchants; k++)
        {
            var secret = ClientSecrets.NewSecret();
            var (salt, hash) = ClientSecrets.Hash(secret);
            await using var command = new NpgsqlCommand("""
                INSERT INTO merchants (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING;
                """, db);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = MerchantId(k) });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"Bench merchant {k}" });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            await command.ExecuteNonQueryAsync(ct);

            // A fresh secret each run: only its hash is stored, so the targets file needs a new one.
            await using var client = new NpgsqlCommand("""
                INSERT INTO api_clients (id, client_id, merchant_id, name, secret_salt, secret_hash, scopes, created_at, secret_changed_at)
                VALUES ($1, $2, $3, 'bench', $4, $5, $6, $7, $7)
                ON CONFLICT (client_id) DO UPDATE SET secret_salt = excluded.secret_salt, secret_hash = excluded.secret_hash,
                    secret_changed_at = excluded.secret_changed_at, revoked_at = NULL, scopes = excluded.scopes
                """, db);
            client.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
            client.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ClientIdOf(k) });
            client.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = MerchantId(k) });
            client.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = salt });
            client.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = hash });
            client.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. Scopes.All] });
            client.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            await client.ExecuteNonQueryAsync(ct);
            secrets[k] = secret;
        }

        return secrets;
    }

    /// <summary>
    /// Takes the numbers of a batch's orders from each merchant's counter in one statement (the same counter that
    /// API creations use, so seeded and created orders never share a number); returns each merchant's first number.
    /// </summary>
    private static async Task<Dictionary<Guid, long>> ReserveOrderNumbersAsync(
        NpgsqlConnection db, long from, long to, int merchants, CancellationToken ct)
    {
        var counts = new Dictionary<Guid, long>();
        for (var n = from; n <= to; n++)
        {
            var merchant = MerchantId(MerchantOf(n, merchants));
            counts[merchant] = counts.GetValueOrDefault(merchant) + 1;
        }

        await using var command = new NpgsqlCommand("""
            INSERT INTO merchant_counters AS c (merchant_id, last_order_number, last_custom_status_number)
            SELECT m, k, 0 FROM unnest($1::uuid[], $2::bigint[]) AS t(m, k)
            ON CONFLICT (merchant_id) DO UPDATE SET last_order_number = c.last_order_number + excluded.last_order_number
            RETURNING c.merchant_id, c.last_order_number
            """, db);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. counts.Keys] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. counts.Values] });
        var first = new Dictionary<Guid, long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var merchant = reader.GetGuid(0);
            first[merchant] = reader.GetInt64(1) - counts[merchant] + 1;
        }

        return first;
    }

    private static async Task CopyOrdersAsync(
        NpgsqlConnection db, long from, long to, int merchants, Dictionary<Guid, long> nextNumbers, CancellationToken ct)
    {
        await using var writer = await db.BeginBinaryImportAsync("""
            COPY orders (id, merchant_id, number, last_item_number, last_tracking_number, reference, external_order_id, customer_number, channel, currency, total,
                paid_amount, payment_reference, status, on_hold, hold_reasons, created_at, updated_at, version,
                customer_email, tracking_numbers, customer, items, shipping_address, trackings)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        for (var n = from; n <= to; n++)
        {
            var state = StateOf(n);
            var created = CreatedAt(n);
            var (itemsJson, total) = Items(n);
            var paid = state is not (OrderState.Created or OrderState.Cancelled);
            var tracked = state is OrderState.Sent or OrderState.Delivered or OrderState.Done;
            var email = $"customer{n}@example.com";
            var merchant = MerchantId(MerchantOf(n, merchants));
            var number = nextNumbers[merchant]++;
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(OrderId(n), NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(merchant, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(number, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(3, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(tracked ? 1 : 0, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync("SEED-" + n.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync("EXT-" + n.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync("C" + (n % 50_000).ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(Channels[n % Channels.Length], NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync("EUR", NpgsqlDbType.Char, ct);
            await writer.WriteAsync(total, NpgsqlDbType.Numeric, ct);
            if (paid)
            {
                await writer.WriteAsync(total, NpgsqlDbType.Numeric, ct);
                await writer.WriteAsync("psp-" + n.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Varchar, ct);
            }
            else
            {
                await writer.WriteNullAsync(ct);
                await writer.WriteNullAsync(ct);
            }

            await writer.WriteAsync(state.ToWireName(), NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            await writer.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            await writer.WriteAsync(created, NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(created, NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(state == OrderState.Created ? 1L : 2L, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(email, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(tracked ? new[] { TrackingNumber(n) } : Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            await writer.WriteAsync($$"""{"Name": "Customer {{n}}", "Email": "{{email}}", "Phone": null}""", NpgsqlDbType.Jsonb, ct);
            await writer.WriteAsync(itemsJson, NpgsqlDbType.Jsonb, ct);
            await writer.WriteAsync(
                $$"""{"City": "Berlin", "Line1": "{{n}} Main Street", "Line2": null, "Region": null, "PostalCode": "10115", "CountryCode": "DE"}""",
                NpgsqlDbType.Jsonb, ct);
            await writer.WriteAsync(tracked ? TrackingJson(n, state, created) : "[]", NpgsqlDbType.Jsonb, ct);
        }

        await writer.CompleteAsync(ct);
    }

    private static async Task CopyEventsAsync(NpgsqlConnection db, long from, long to, int merchants, CancellationToken ct)
    {
        await using var writer = await db.BeginBinaryImportAsync("""
            COPY order_events (id, merchant_id, order_id, type, from_status, to_status, data, request_id, occurred_at, order_version)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        for (var n = from; n <= to; n++)
        {
            var state = StateOf(n);
            var created = CreatedAt(n);
            var merchant = MerchantId(MerchantOf(n, merchants));
            await WriteEventAsync(writer, merchant, n, OrderEventTypes.OrderCreated, null, OrderState.Created, created, 1, ct);
            if (state != OrderState.Created)
            {
                await WriteEventAsync(writer, merchant, n, OrderEventTypes.StatusChanged, OrderState.Created, state, created.AddMinutes(30), 2, ct);
            }
        }

        await writer.CompleteAsync(ct);
    }

    private static async Task WriteEventAsync(NpgsqlBinaryImporter writer, Guid merchant, long n, string type,
        OrderState? fromState, OrderState toState, DateTimeOffset at, long version, CancellationToken ct)
    {
        await writer.StartRowAsync(ct);
        await writer.WriteAsync(Guid.CreateVersion7(at), NpgsqlDbType.Uuid, ct);
        await writer.WriteAsync(merchant, NpgsqlDbType.Uuid, ct);
        await writer.WriteAsync(OrderId(n), NpgsqlDbType.Uuid, ct);
        await writer.WriteAsync(type, NpgsqlDbType.Varchar, ct);
        if (fromState is { } f)
        {
            await writer.WriteAsync(f.ToWireName(), NpgsqlDbType.Varchar, ct);
        }
        else
        {
            await writer.WriteNullAsync(ct);
        }

        await writer.WriteAsync(toState.ToWireName(), NpgsqlDbType.Varchar, ct);
        await writer.WriteAsync("{\"seeded\": true}", NpgsqlDbType.Jsonb, ct);
        await writer.WriteAsync("seed", NpgsqlDbType.Varchar, ct);
        await writer.WriteAsync(at, NpgsqlDbType.TimestampTz, ct);
        await writer.WriteAsync(version, NpgsqlDbType.Bigint, ct);
    }

    /// <summary>
    /// Writes a uniform sample of seeded orders as load targets, one per line:
    /// <c>base64(clientId:secret) orderId version status</c>.
    /// </summary>
    private static async Task<int> WriteTargetsAsync(string path, long seeded, int merchants, Dictionary<int, string> secrets, int sample)
    {
        var count = (int)Math.Min(sample, seeded);
        var random = new Random(42);
        var auth = secrets.ToDictionary(s => s.Key,
            s => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientIdOf(s.Key)}:{s.Value}")));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = new StreamWriter(path, append: false, Encoding.ASCII);
        for (var i = 0; i < count; i++)
        {
            var n = count == seeded ? i + 1 : random.NextInt64(1, seeded + 1);
            var state = StateOf(n);
            await file.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{auth[MerchantOf(n, merchants)]} {OrderId(n)} {(state == OrderState.Created ? 1 : 2)} {state.ToWireName()}"));
        }

        return count;
    }

    private static int MerchantOf(long n, int merchants) => (int)((n - 1) % merchants) + 1;

    private static DateTimeOffset CreatedAt(long n) => Epoch.AddSeconds(n);

    private static string TrackingNumber(long n) => "TRK" + n.ToString("D10", CultureInfo.InvariantCulture);

    private static (string Json, decimal Total) Items(long n)
    {
        var json = new StringBuilder("[", 512);
        var total = 0m;
        for (var i = 0; i < 3; i++)
        {
            var (sku, name, price) = Catalogue[(int)((n + (i * 2)) % Catalogue.Length)];
            var quantity = 1 + (int)((n + i) % 3);
            var line = Currencies.Round(price * quantity, "EUR");
            total += line;
            json.Append(i == 0 ? string.Empty : ", ").Append(CultureInfo.InvariantCulture,
                $$"""{"Id": "{{Guid.CreateVersion7()}}", "Number": {{i + 1}}, "Sku": "{{sku}}", "Name": "{{name}}", "Note": null, "Quantity": {{quantity}}, "LineTotal": {{line}}, "UnitPrice": {{price}}}""");
        }

        return (json.Append(']').ToString(), total);
    }

    private static string TrackingJson(long n, OrderState state, DateTimeOffset created)
    {
        var delivered = state is OrderState.Delivered or OrderState.Done;
        var lifecycle = (int)(delivered ? TrackingLifecycle.Delivered : TrackingLifecycle.Transit);
        var checkpoint = created.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ss+00:00", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $$"""[{"Id": "{{Guid.CreateVersion7()}}", "Number": 1, "Carrier": "DHL", "CreatedAt": "{{checkpoint}}", "Lifecycle": {{lifecycle}}, "TrackingUrl": null, "checkpoints": [{"Id": "{{Guid.CreateVersion7()}}", "Status": {{lifecycle}}, "Location": "Berlin", "OccurredAt": "{{checkpoint}}", "StatusText": "{{(delivered ? "Delivered" : "In transit")}}"}], "TrackingNumber": "{{TrackingNumber(n)}}"}]""");
    }

    /// <summary>UUIDv7 layout: 48-bit millisecond timestamp, version 7, variant 10, then <paramref name="tail"/>.</summary>
    private static Guid Compose(long unixMs, long tail) => Guid.Parse(string.Create(CultureInfo.InvariantCulture,
        $"{unixMs >> 16:x8}-{unixMs & 0xFFFF:x4}-7000-8000-{tail:x12}"));

    /// <summary>The same id derivation in SQL, for pgbench scripts (schema <c>bench_helpers</c>, outside the service's own).</summary>
    private static string HelperFunctions()
    {
        var epoch = Epoch.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return $$"""
            CREATE SCHEMA IF NOT EXISTS bench_helpers;
            CREATE OR REPLACE FUNCTION bench_helpers.uuid7(ms bigint, tail bigint) RETURNS uuid IMMUTABLE LANGUAGE sql AS $$
                SELECT (lpad(to_hex(ms >> 16), 8, '0') || '-' || lpad(to_hex(ms & 65535), 4, '0') || '-7000-8000-' || lpad(to_hex(tail), 12, '0'))::uuid
            $$;
            CREATE OR REPLACE FUNCTION bench_helpers.order_id(n bigint) RETURNS uuid IMMUTABLE LANGUAGE sql AS $$
                SELECT bench_helpers.uuid7({{epoch}} + n * 1000, n)
            $$;
            CREATE OR REPLACE FUNCTION bench_helpers.merchant_id(n bigint, merchants int) RETURNS uuid IMMUTABLE LANGUAGE sql AS $$
                SELECT bench_helpers.uuid7({{epoch}}, 4294967296 + ((n - 1) % merchants) + 1)
            $$;
            """;
    }

    private static async Task ExecuteAsync(NpgsqlConnection db, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync(ct);
    }
}
