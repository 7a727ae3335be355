using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus.Application.Access;

namespace OrderStatus.Api.Tests.Infrastructure;

/// <summary>
/// The service hosted in-process over its real HTTP pipeline, on a database of its own cloned from
/// the migrated template. One per test class (<c>IClassFixture&lt;ApiFactory&gt;</c>).
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabaseServer? _server;

    public string ConnectionString { get; protected set; } = string.Empty;

    /// <summary>Extra configuration a test class needs (rate limits, token lifetime …).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Service replacements a test class needs (a clock, a log capture …); runs after the app's own.</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    /// <summary>Prepares the database the app uses (a clone of the template on the shared server, unless overridden).</summary>
    public virtual async Task InitializeAsync()
    {
        _server = await TestDatabaseServer.GetAsync();
        ConnectionString = await _server.CreateDatabaseAsync(GetType().Name);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await ReleaseDatabaseAsync();
    }

    /// <summary>After the app has stopped: removes what <see cref="InitializeAsync"/> made.</summary>
    protected virtual async Task ReleaseDatabaseAsync()
    {
        if (_server is not null && ConnectionString.Length > 0)
        {
            await _server.DropDatabaseAsync(ConnectionString);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Orders", ConnectionString);
        builder.UseSetting("Logs:MinimumLevel", "Warning");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(ConfigureTestServices);
    }

    /// <summary>Creates a merchant with one API client through the same code the operator CLI uses.</summary>
    public async Task<TestTenant> CreateTenantAsync(string name = "Test merchant", IReadOnlyList<string>? scopes = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<AccessAdministration>();
        var merchant = await access.AddMerchantAsync(name);
        var issued = await access.AddClientAsync(merchant.Id, name + " client", scopes);
        return new TestTenant(merchant.Id, issued.ClientId, issued.ClientSecret);
    }

    /// <summary>An HTTP client that authenticates every request with Basic credentials of <paramref name="tenant"/>.</summary>
    public HttpClient CreateClientFor(TestTenant tenant)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{tenant.ClientId}:{tenant.Secret}")));
        return client;
    }

    /// <summary>An HTTP client that sends a bearer token obtained for <paramref name="tenant"/> from the token endpoint.</summary>
    public async Task<HttpClient> CreateBearerClientForAsync(TestTenant tenant, string? scope = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await GetTokenAsync(tenant, scope));
        return client;
    }

    /// <summary>A bearer token for <paramref name="tenant"/> (client credentials in the form body).</summary>
    public async Task<string> GetTokenAsync(TestTenant tenant, string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = tenant.ClientId,
            ["client_secret"] = tenant.Secret,
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using var response = await CreateClient().PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(form));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }
}

public sealed record TestTenant(Guid MerchantId, string ClientId, string Secret);
