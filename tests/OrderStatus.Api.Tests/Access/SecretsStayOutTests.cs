using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderStatus.Api.Cli;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Access;

namespace OrderStatus.Api.Tests.Access;

public sealed class LogCapturingApiFactory : ApiFactory
{
    public CapturedLogs Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Logs:MinimumLevel"] = "Verbose",
        ["Auth:ClientCacheSeconds"] = "0",
    };

    protected override void ConfigureTestServices(IServiceCollection services) => Logs.AddTo(services);
}

public sealed class SecretsStayOutTests(LogCapturingApiFactory factory) : IClassFixture<LogCapturingApiFactory>
{
    [Fact]
    public async Task No_client_secret_appears_in_any_database_column_or_log_message()
    {
        // Every way a secret travels: created, used with Basic (right and wrong), exchanged for a
        // token in the body and the header, rotated through the CLI, and a failed attempt.
        var tenant = await factory.CreateTenantAsync("Secretive");
        var secrets = new List<string> { tenant.Secret };
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClientFor(tenant).GetAsync("/api/v1/me")).StatusCode);
        await factory.GetTokenAsync(tenant);
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token")
        {
            Content = JsonContent.Create(new { grant_type = "client_credentials" }),
        })
        {
            request.Headers.Authorization = TokenEndpointTests.Basic(tenant.ClientId, tenant.Secret);
            Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().SendAsync(request)).StatusCode);
        }

        var wrong = "sk_" + new string('w', 43);
        secrets.Add(wrong);
        await factory.CreateClientFor(tenant with { Secret = wrong }).GetAsync("/api/v1/me");

        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await OperatorCommands.RunAsync(factory.Services, ["clients", "rotate", "--client", tenant.ClientId, "--json"], output, error));
        var rotated = System.Text.Json.JsonDocument.Parse(output.ToString()).RootElement.GetProperty("clientSecret").GetString()!;
        secrets.Add(rotated);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClientFor(tenant with { Secret = rotated }).GetAsync("/api/v1/me")).StatusCode);

        Assert.NotEmpty(factory.Logs.Messages);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(factory.Logs.Messages, m => m.Contains(secret, StringComparison.Ordinal));
            Assert.Empty(await FindInDatabaseAsync(secret));
        }

        // The scan itself works: the client id is found where it is stored.
        Assert.NotEmpty(await FindInDatabaseAsync(tenant.ClientId));
    }

    /// <summary>Every text-like and bytea column of every table that contains <paramref name="needle"/>.</summary>
    private async Task<List<string>> FindInDatabaseAsync(string needle)
    {
        var hits = new List<string>();
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column, string Type)>();
        await using (var list = new NpgsqlCommand("""
            SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character', 'bytea', 'ARRAY', 'jsonb', 'json')
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        Assert.Contains(columns, c => c.Table == "api_clients" && c.Type == "bytea");
        foreach (var (table, column, type) in columns)
        {
            var predicate = type == "bytea"
                ? $"position(convert_to(@needle, 'UTF8') IN \"{column}\") > 0 OR position(convert_to(@needle, 'UTF8') IN decode(encode(\"{column}\", 'escape'), 'escape')) > 0"
                : $"strpos(\"{column}\"::text, @needle) > 0";
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" WHERE {predicate}", connection);
            command.Parameters.AddWithValue("needle", needle);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                hits.Add($"{table}.{column}");
            }
        }

        return hits;
    }
}

/// <summary>The hash is what it claims: salted (same secret, different hashes) and verifiable.</summary>
public sealed class ClientSecretsTests
{
    [Fact]
    public void Secrets_are_long_random_and_hashed_with_a_salt()
    {
        var secret = ClientSecrets.NewSecret();
        var (salt1, hash1) = ClientSecrets.Hash(secret);
        var (salt2, hash2) = ClientSecrets.Hash(secret);

        Assert.True(Encoding.ASCII.GetByteCount(secret) >= 43 + 3); // 32 bytes in base64url, plus "sk_"
        Assert.NotEqual(hash1, hash2);
        Assert.True(ClientSecrets.Verify(secret, salt1, hash1));
        Assert.True(ClientSecrets.Verify(secret, salt2, hash2));
        Assert.False(ClientSecrets.Verify(secret + "x", salt1, hash1));
        Assert.Matches("^cl_[A-Za-z0-9_-]+$", ClientSecrets.NewClientId());
    }
}
