using System.Net;
using System.Text.Json;
using OrderStatus.Api.Cli;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Access;

/// <summary>The operator verbs, run in-process against the test database exactly as the binary runs them.</summary>
public sealed class OperatorCommandsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Merchants_add_and_clients_add_print_one_json_document_with_usable_credentials()
    {
        var merchant = await RunJsonAsync("merchants", "add", "--name", "CLI shop", "--json");
        Assert.Equal(["id", "accountNumber", "name"], merchant.EnumerateObject().Select(p => p.Name));
        Assert.True(merchant.GetProperty("accountNumber").GetInt64() > 0);
        Assert.Equal("CLI shop", merchant.GetProperty("name").GetString());
        var merchantId = merchant.GetProperty("id").GetGuid();

        var client = await RunJsonAsync("clients", "add", "--merchant", merchantId.ToString(), "--name", "Back end", "--json");

        Assert.Equal(["clientId", "clientSecret", "merchantId", "scopes"], client.EnumerateObject().Select(p => p.Name));
        Assert.Equal(merchantId, client.GetProperty("merchantId").GetGuid());
        Assert.Equal(["orders:read", "orders:write", "webhooks:manage", "tracking:manage"], client.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        var tenant = new TestTenant(merchantId, client.GetProperty("clientId").GetString()!, client.GetProperty("clientSecret").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClientFor(tenant).GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Clients_add_takes_comma_separated_scopes_and_clients_list_shows_them_without_secrets()
    {
        var merchantId = (await RunJsonAsync("merchants", "add", "--name", "Scoped", "--json")).GetProperty("id").GetString()!;

        var client = await RunJsonAsync("clients", "add", "--merchant", merchantId, "--name", "Reader", "--scopes", "orders:read, orders:write", "--json");
        var list = await RunJsonAsync("clients", "list", "--merchant", merchantId, "--json");

        Assert.Equal(["orders:read", "orders:write"], client.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        var listed = Assert.Single(list.EnumerateArray());
        Assert.Equal(client.GetProperty("clientId").GetString(), listed.GetProperty("clientId").GetString());
        Assert.False(listed.TryGetProperty("clientSecret", out _));
        Assert.DoesNotContain(client.GetProperty("clientSecret").GetString()!, list.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merchants_list_includes_new_merchants()
    {
        var first = await RunJsonAsync("merchants", "add", "--name", "Listed", "--json");
        var second = await RunJsonAsync("merchants", "add", "--name", "Listed later", "--json");

        var list = await RunJsonAsync("merchants", "list", "--json");

        var listed = Assert.Single(list.EnumerateArray(), m => m.GetProperty("id").GetString() == first.GetProperty("id").GetString());
        Assert.Equal(first.GetProperty("accountNumber").GetInt64(), listed.GetProperty("accountNumber").GetInt64());
        // Account numbers are global and increasing.
        Assert.True(second.GetProperty("accountNumber").GetInt64() > first.GetProperty("accountNumber").GetInt64());
    }

    [Fact]
    public async Task Rotate_prints_a_new_secret_and_revoke_locks_the_client_out()
    {
        var tenant = await factory.CreateTenantAsync("Rotating");

        var rotated = await RunJsonAsync("clients", "rotate", "--client", tenant.ClientId, "--json");
        var fresh = tenant with { Secret = rotated.GetProperty("clientSecret").GetString()! };

        Assert.Equal(["clientId", "clientSecret", "merchantId", "scopes"], rotated.EnumerateObject().Select(p => p.Name));
        Assert.NotEqual(tenant.Secret, fresh.Secret);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClientFor(fresh).GetAsync("/api/v1/me")).StatusCode);

        var revoked = await RunJsonAsync("clients", "revoke", "--client", tenant.ClientId, "--json");
        Assert.Equal(tenant.ClientId, revoked.GetProperty("clientId").GetString());
        // The default client cache (a few seconds) may still hold the active state; it must expire.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        HttpStatusCode status;
        do
        {
            status = (await factory.CreateClientFor(fresh).GetAsync("/api/v1/me")).StatusCode;
            if (status == HttpStatusCode.Unauthorized)
            {
                break;
            }

            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Theory]
    [InlineData("clients", "add", "--merchant", "00000000-0000-0000-0000-000000000001", "--name", "x", "--json")]
    [InlineData("clients", "list", "--merchant", "00000000-0000-0000-0000-000000000001", "--json")]
    [InlineData("clients", "rotate", "--client", "cl_nobody", "--json")]
    [InlineData("clients", "revoke", "--client", "cl_nobody", "--json")]
    public async Task Unknown_merchants_and_clients_exit_1_with_a_message_on_stderr_only(params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(args);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_scope_exits_1()
    {
        var merchantId = (await RunJsonAsync("merchants", "add", "--name", "Bad scope", "--json")).GetProperty("id").GetString()!;

        var (exit, stdout, stderr) = await RunAsync("clients", "add", "--merchant", merchantId, "--name", "x", "--scopes", "orders:delete");

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("orders:delete", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_required_options_exit_non_zero()
    {
        var (exit, stdout, _) = await RunAsync("clients", "add", "--name", "x", "--json");

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("clientSecret", stdout, StringComparison.Ordinal);
    }

    private async Task<JsonElement> RunJsonAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(args);
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        // Exactly one JSON document: parsing fails on anything before or after it.
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        // The host must be running so that its database is ready, as it is when the binary runs a verb.
        _ = factory.Server;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await OperatorCommands.RunAsync(factory.Services, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
