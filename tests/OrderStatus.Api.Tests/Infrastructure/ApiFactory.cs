using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
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

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Extra configuration a test class needs (rate limits, token lifetime …).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        _server = await TestDatabaseServer.GetAsync();
        ConnectionString = await _server.CreateDatabaseAsync(GetType().Name);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
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
}

public sealed record TestTenant(Guid MerchantId, string ClientId, string Secret);
