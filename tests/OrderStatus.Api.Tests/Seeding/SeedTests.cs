using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderStatus.Api.Cli;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Seeding;

namespace OrderStatus.Api.Tests.Seeding;

/// <summary>The benchmarks' bulk path writes rows the service reads exactly like its own.</summary>
public sealed class SeedTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Seeded_orders_read_back_through_the_api_and_a_second_seed_appends()
    {
        var targets = Path.Combine(Path.GetTempPath(), $"targets-{Guid.NewGuid():N}.txt");
        try
        {
            var (code, output) = await RunAsync("seed", "--orders", "40", "--merchants", "3", "--targets", targets, "--sample", "40", "--json");
            Assert.Equal(0, code);
            var first = JsonSerializer.Deserialize<JsonElement>(output);
            Assert.Equal(40, first.GetProperty("orders").GetInt64());
            Assert.Equal(40, first.GetProperty("added").GetInt64());

            (code, output) = await RunAsync("seed", "--orders", "60", "--merchants", "3", "--targets", targets, "--sample", "60", "--json");
            Assert.Equal(0, code);
            Assert.Equal(20, JsonSerializer.Deserialize<JsonElement>(output).GetProperty("added").GetInt64());

            var lines = await File.ReadAllLinesAsync(targets);
            Assert.Equal(60, lines.Length);
            foreach (var line in lines.Take(12))
            {
                var parts = line.Split(' ');
                using var client = factory.CreateClient();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", parts[0]);

                var order = await client.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{parts[1]}");
                Assert.Equal(parts[3], order.GetProperty("status").GetString());
                Assert.Equal(3, order.GetProperty("items").GetArrayLength());
                var sum = order.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("lineTotal").GetDecimal());
                Assert.Equal(sum, order.GetProperty("total").GetDecimal());

                var status = await client.GetAsync($"/api/v1/orders/{parts[1]}/status");
                Assert.Equal($"\"{parts[2]}\"", status.Headers.ETag?.Tag);

                var history = await client.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{parts[1]}/history");
                Assert.Equal(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), history.GetProperty("items").GetArrayLength());
            }

            // The SQL helpers address the same orders as the service (pgbench relies on them).
            await using var db = new NpgsqlConnection(factory.ConnectionString);
            await db.OpenAsync();
            await using var check = new NpgsqlCommand(
                "SELECT count(*) FROM generate_series(1, 60) n JOIN orders o ON o.id = bench_helpers.order_id(n) AND o.merchant_id = bench_helpers.merchant_id(n, 3)", db);
            Assert.Equal(60L, await check.ExecuteScalarAsync());
            // With a sample as large as the data set, the targets are every order, in order.
            Assert.Equal(BulkSeeder.OrderId(7).ToString(), lines[6].Split(' ')[1]);
        }
        finally
        {
            File.Delete(targets);
        }
    }

    [Fact]
    public async Task A_tracking_number_of_a_seeded_order_finds_it()
    {
        await RunAsync("seed", "--orders", "20", "--merchants", "1");
        // Order 7 is "sent" (n % 10 == 7) with tracking TRK0000000007; the bench clients' secrets are
        // only in a targets file, so read through a fresh client of that merchant.
        await using var scope = factory.Services.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<OrderStatus.Application.Access.AccessAdministration>();
        var issued = await access.AddClientAsync(BulkSeeder.MerchantId(1), "reader", null);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{issued.ClientId}:{issued.ClientSecret}")));

        var page = await client.GetAsync("/api/v1/orders?trackingNumber=TRK0000000007");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var items = (await page.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
        Assert.Equal(BulkSeeder.OrderId(7).ToString(), Assert.Single(items.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Seeded_and_created_orders_share_the_merchants_number_counter()
    {
        var (_, output) = await RunAsync("seed", "--orders", "30", "--merchants", "3", "--json");
        var seeded = JsonSerializer.Deserialize<JsonElement>(output).GetProperty("orders").GetInt64();
        await using var scope = factory.Services.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<OrderStatus.Application.Access.AccessAdministration>();
        var issued = await access.AddClientAsync(BulkSeeder.MerchantId(1), "numbers", null);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{issued.ClientId}:{issued.ClientSecret}")));
        var created = await Orders.OrderApi.CreateAsync(client);

        await RunAsync("seed", "--orders", (seeded + 15).ToString(System.Globalization.CultureInfo.InvariantCulture), "--merchants", "3");

        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/orders?limit=200");
        var numbers = page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("number").GetInt64()).Order().ToList();
        Assert.Equal(Enumerable.Range(1, numbers.Count).Select(n => (long)n), numbers);
        Assert.Contains(created.GetProperty("number").GetInt64(), numbers);
        // Seeded order 7 (merchant 1 of 3) is sent with one tracking.
        var seventh = await client.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{BulkSeeder.OrderId(7)}");
        Assert.Contains(seventh.GetProperty("number").GetInt64(), numbers);
        Assert.Equal([1, 2, 3], seventh.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()));
        Assert.Equal(1, seventh.GetProperty("trackings")[0].GetProperty("number").GetInt32());
        var added = await client.PostAsJsonAsync($"/api/v1/orders/{BulkSeeder.OrderId(1)}/items", new { name = "Fourth", quantity = 1, unitPrice = 1m });
        Assert.Equal(4, (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")[3].GetProperty("number").GetInt32());
    }

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await OperatorCommands.RunAsync(factory.Services, args, output, error);
        return (code, output.ToString());
    }
}
