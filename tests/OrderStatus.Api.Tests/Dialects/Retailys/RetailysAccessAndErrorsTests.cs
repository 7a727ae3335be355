using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Dialects.Retailys;

/// <summary>The <c>token</c> header in all its forms, scopes, and every error path answering <c>{message, detail}</c>.</summary>
public sealed class RetailysAccessAndErrorsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_token_is_client_id_and_secret_or_an_access_token_with_or_without_bearer()
    {
        var tenant = await factory.CreateTenantAsync();
        var token = await factory.GetTokenAsync(tenant);

        foreach (var value in new[] { $"{tenant.ClientId}:{tenant.Secret}", token, "Bearer " + token, "bearer " + token })
        {
            var client = RetailysApi.ClientWithToken(factory, value);
            var number = await RetailysApi.CreateAsync(client);
            await RetailysApi.GetOrderAsync(client, number);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nobody:nothing")]
    [InlineData("not-a-token")]
    [InlineData("Bearer ")]
    public async Task Missing_or_wrong_tokens_are_401_error_models(string? token)
    {
        var tenant = await factory.CreateTenantAsync();
        var client = token is null ? factory.CreateClient() : RetailysApi.ClientWithToken(factory, token);
        var wrongSecret = RetailysApi.ClientWithToken(factory, $"{tenant.ClientId}:wrong");

        foreach (var c in new[] { client, wrongSecret })
        {
            await RetailysApi.ErrorAsync(await c.GetAsync("/System/Orders"), HttpStatusCode.Unauthorized);
            await RetailysApi.ErrorAsync(await c.PostAsJsonAsync("/System/Orders", RetailysApi.NewOrder()), HttpStatusCode.Unauthorized);
            await RetailysApi.ErrorAsync(await c.GetAsync("/v1/System/Orders/Statuses"), HttpStatusCode.Unauthorized);
        }

        // Canonical credentials in Authorization do not open the dialect: it has its own scheme.
        var canonical = factory.CreateClientFor(tenant);
        await RetailysApi.ErrorAsync(await canonical.GetAsync("/System/Orders"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_revoked_client_is_refused()
    {
        var tenant = await factory.CreateTenantAsync();
        var client = RetailysApi.ClientFor(factory, tenant);
        await RetailysApi.CreateAsync(client);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OrderStatus.Application.Access.AccessAdministration>().RevokeClientAsync(tenant.ClientId);
        }

        // The client cache holds a revocation back for at most Auth:ClientCacheSeconds (5 s).
        var deadline = DateTime.UtcNow.AddSeconds(15);
        HttpStatusCode status;
        do
        {
            status = (await client.GetAsync("/System/Orders")).StatusCode;
            if (status != HttpStatusCode.Unauthorized)
            {
                await Task.Delay(250);
            }
        }
        while (status != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline);

        await RetailysApi.ErrorAsync(await client.GetAsync("/System/Orders"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Scopes_apply_reads_need_orders_read_and_writes_orders_write()
    {
        var reader = await factory.CreateTenantAsync("Reader", ["orders:read"]);
        var writer = await factory.CreateTenantAsync("Writer", ["orders:write"]);
        var readOnly = RetailysApi.ClientFor(factory, reader);
        var writeOnly = RetailysApi.ClientFor(factory, writer);

        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("/System/Orders")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("/System/Orders/Statuses")).StatusCode);
        var detail = await RetailysApi.ErrorAsync(await readOnly.PostAsJsonAsync("/System/Orders", RetailysApi.NewOrder()), HttpStatusCode.Forbidden);
        Assert.Contains("orders:write", detail, StringComparison.Ordinal);
        await RetailysApi.ErrorAsync(await RetailysApi.PatchAsync(readOnly, "/System/Orders/1/done"), HttpStatusCode.Forbidden);

        var number = await RetailysApi.CreateAsync(writeOnly);
        await RetailysApi.ErrorAsync(await writeOnly.GetAsync($"/System/Orders/{number}"), HttpStatusCode.Forbidden);
        await RetailysApi.ErrorAsync(await writeOnly.GetAsync("/System/Orders"), HttpStatusCode.Forbidden);

        // A token narrowed to orders:read is narrowed on the dialect too.
        var full = await factory.CreateTenantAsync("Full");
        var narrowed = RetailysApi.ClientWithToken(factory, await factory.GetTokenAsync(full, "orders:read"));
        await RetailysApi.ErrorAsync(await narrowed.PostAsJsonAsync("/System/Orders", RetailysApi.NewOrder()), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-4")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    [InlineData("424242")]
    public async Task Non_integer_and_unknown_order_ids_are_404_on_every_order_route(string id)
    {
        var (retailys, canonical, _) = await RetailysApi.TenantAsync(factory);
        // Status 1 exists, so that PATCH …/status fails on the order, not on the status.
        Assert.Equal(HttpStatusCode.Created, (await canonical.PostAsJsonAsync("/api/v1/statuses/custom", new { name = "Any" })).StatusCode);
        foreach (var (method, path, body) in OrderRoutes(id, "1"))
        {
            var detail = await RetailysApi.ErrorAsync(await RetailysApi.SendAsync(retailys, method, path, body), HttpStatusCode.NotFound);
            Assert.Contains(id, detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Malformed_json_and_wrong_types_are_400_and_write_nothing()
    {
        var (retailys, canonical, _) = await RetailysApi.TenantAsync(factory);
        var number = await RetailysApi.CreateAsync(retailys);
        var before = (await RetailysApi.CanonicalAsync(canonical, number)).GetProperty("version").GetInt64();

        var cases = new (HttpMethod Method, string Path, string Body)[]
        {
            (HttpMethod.Post, "/System/Orders", "{\"order_currency_code\": \"EUR\""),
            (HttpMethod.Post, "/System/Orders", "{\"order_currency_code\": \"EUR\", \"channel\": \"web\"}"),
            (HttpMethod.Post, "/System/Orders", "[1, 2]"),
            (HttpMethod.Put, "/System/Orders", "{\"id\": \"first\"}"),
            (HttpMethod.Post, $"/System/Orders/{number}/item", "{\"name\": \"x\", \"count\": \"many\", \"price\": 1}"),
            (HttpMethod.Post, $"/System/Orders/{number}/item", "{\"name\": \"x\", \"count\": 1, \"price\": \"cheap\"}"),
            (HttpMethod.Put, $"/System/Orders/{number}/item", "{\"id\": 1.5, \"name\": \"x\", \"count\": 1, \"price\": 1}"),
            (HttpMethod.Patch, $"/System/Orders/{number}/status", "{\"status_id\": \"vip\"}"),
            (HttpMethod.Patch, $"/System/Orders/{number}/paid", "{\"paid\": true}"),
            (HttpMethod.Patch, $"/System/Orders/{number}/paid", "not json"),
            (HttpMethod.Post, $"/System/Orders/{number}/tracking", "{\"shipper_id\": {}, \"tracking_number\": \"x\"}"),
            (HttpMethod.Post, $"/System/Orders/{number}/history", "{\"record\": \"text\"}"),
        };
        foreach (var (method, path, body) in cases)
        {
            await RetailysApi.ErrorAsync(await RetailysApi.SendRawAsync(retailys, method, path, body), HttpStatusCode.BadRequest);
        }

        await RetailysApi.ErrorAsync(
            await RetailysApi.SendRawAsync(retailys, HttpMethod.Post, "/System/Orders", "order_currency_code=EUR", "application/x-www-form-urlencoded"),
            HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, (await RetailysApi.CanonicalAsync(canonical, number)).GetProperty("version").GetInt64());
        var list = await RetailysApi.JsonAsync(await retailys.GetAsync("/System/Orders"), HttpStatusCode.OK);
        Assert.Equal(1, list.GetProperty("paginator").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Unknown_routes_and_methods_under_the_dialect_answer_error_models()
    {
        var (retailys, _, _) = await RetailysApi.TenantAsync(factory);
        await RetailysApi.ErrorAsync(await retailys.GetAsync("/System/Orders/1/nothing-here"), HttpStatusCode.NotFound);
        await RetailysApi.ErrorAsync(await retailys.DeleteAsync("/System/Orders"), HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task The_openapi_document_is_its_own_with_the_token_scheme_and_every_route()
    {
        var client = factory.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/swagger/retailys/swagger.json");
        Assert.Equal("Retailys compatibility", document.GetProperty("info").GetProperty("title").GetString());
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("token");
        Assert.Equal(("apiKey", "header", "token"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));

        var paths = document.GetProperty("paths");
        var operations = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var prefix in new[] { string.Empty, "/v1" })
        {
            foreach (var operation in new[]
            {
                "POST /System/Orders", "GET /System/Orders", "PUT /System/Orders", "GET /System/Orders/Statuses",
                "GET /System/Orders/{order-id}", "POST /System/Orders/{order-id}/item", "PUT /System/Orders/{order-id}/item",
                "DELETE /System/Orders/{order-id}/item/{order-item-id}", "PATCH /System/Orders/{order-id}/status",
                "PATCH /System/Orders/{order-id}/paid", "PATCH /System/Orders/{order-id}/done", "PATCH /System/Orders/{order-id}/cancel",
                "PATCH /System/Orders/{order-id}/sent", "PATCH /System/Orders/{order-id}/delivered",
                "POST /System/Orders/{order-id}/tracking", "POST /System/Orders/{order-id}/history",
            })
            {
                var (method, path) = (operation.Split(' ')[0], operation.Split(' ')[1]);
                Assert.Contains($"{method} {prefix}{path}", operations);
            }
        }

        Assert.DoesNotContain(operations, o => o.Contains("/api/v1", StringComparison.Ordinal));
        var canonical = await client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        Assert.DoesNotContain(canonical.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith("/System", StringComparison.Ordinal));

        // Swagger UI's definition selector: its configuration is in the page or in the script it loads.
        var ui = string.Empty;
        foreach (var path in new[] { "/swagger/index.html", "/swagger/index.js" })
        {
            var response = await client.GetAsync(path);
            ui += response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : string.Empty;
        }

        Assert.Contains("/swagger/retailys/swagger.json", ui, StringComparison.Ordinal);
    }

    /// <summary>Every route that takes an order id in its path, with a valid body (PUT /System/Orders takes it in the body).</summary>
    internal static IEnumerable<(HttpMethod Method, string Path, object? Body)> OrderRoutes(string id, string itemId) =>
    [
        (HttpMethod.Get, $"/System/Orders/{id}", null),
        (HttpMethod.Get, $"/v1/System/Orders/{id}?expanded=true", null),
        (HttpMethod.Post, $"/System/Orders/{id}/item", new { name = "x", count = 1, price = 1m }),
        (HttpMethod.Put, $"/System/Orders/{id}/item", new { id = long.Parse(itemId, System.Globalization.CultureInfo.InvariantCulture), name = "x", count = 1, price = 1m }),
        (HttpMethod.Delete, $"/System/Orders/{id}/item/{itemId}", null),
        (HttpMethod.Patch, $"/System/Orders/{id}/status", new { status_id = 1 }),
        (HttpMethod.Patch, $"/System/Orders/{id}/paid", new { paid = 1m }),
        (HttpMethod.Patch, $"/System/Orders/{id}/done", null),
        (HttpMethod.Patch, $"/System/Orders/{id}/cancel", null),
        (HttpMethod.Patch, $"/System/Orders/{id}/sent", null),
        (HttpMethod.Patch, $"/v1/System/Orders/{id}/delivered", null),
        (HttpMethod.Post, $"/System/Orders/{id}/tracking", new { shipper_id = 1, tracking_number = "T-1" }),
        (HttpMethod.Post, $"/System/Orders/{id}/history", new { type = "note", record = new { name = "x", status = "y" } }),
    ];
}
