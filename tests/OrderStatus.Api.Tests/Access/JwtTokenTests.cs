using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrderStatus.Api.Access;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Access;

/// <summary>Access tokens are standard JWTs: issued with JsonWebTokenHandler, verified by the JwtBearer scheme.</summary>
public sealed class JwtTokenTests(AccessApiFactory factory) : IClassFixture<AccessApiFactory>
{
    [Fact]
    public async Task A_token_from_the_token_endpoint_is_a_standard_hs256_jwt_that_the_jwt_bearer_scheme_accepts()
    {
        var tenant = await factory.CreateTenantAsync();
        var token = await factory.GetTokenAsync(tenant, "orders:read");

        var jwt = new JsonWebToken(token);
        var me = await Bearer(token).GetFromJsonAsync<JsonElement>("/api/v1/me");

        Assert.Equal("HS256", jwt.Alg);
        Assert.Equal("JWT", jwt.Typ);
        Assert.Equal(AccessTokens.Issuer, jwt.Issuer);
        Assert.Equal(tenant.ClientId, jwt.Subject);
        Assert.Equal(tenant.MerchantId.ToString(), jwt.GetClaim("merchant_id").Value);
        Assert.Equal("orders:read", jwt.GetClaim("scope").Value);
        Assert.InRange((jwt.ValidTo - jwt.IssuedAt).TotalSeconds, 299, 301);
        Assert.Equal(tenant.ClientId, me.GetProperty("clientId").GetString());
        Assert.Equal(["orders:read"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        var schemes = factory.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        Assert.Equal(typeof(Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerHandler),
            (await schemes.GetSchemeAsync(BearerAuthentication.SchemeName))?.HandlerType);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_rejected()
    {
        var tenant = await factory.CreateTenantAsync();
        var forged = Forge(tenant, RandomNumberGenerator.GetBytes(32), SecurityAlgorithms.HmacSha256);

        var response = await Bearer(forged).GetAsync("/api/v1/me");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Contains("signature", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer" && h.Parameter!.Contains("invalid_token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unsigned_token_and_a_token_of_another_algorithm_are_rejected()
    {
        var tenant = await factory.CreateTenantAsync();
        var valid = new JsonWebToken(await factory.GetTokenAsync(tenant));
        var unsigned = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AccessTokens.Issuer,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = valid.Claims.Where(c => c.Type is not ("exp" or "iat" or "nbf")).ToDictionary(c => c.Type, c => (object)c.Value),
        });
        var hs512 = Forge(tenant, RandomNumberGenerator.GetBytes(64), SecurityAlgorithms.HmacSha512);

        await ProblemAssert.IsProblemAsync(await Bearer(unsigned).GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "invalid_credentials");
        await ProblemAssert.IsProblemAsync(await Bearer(hs512).GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "invalid_credentials");
        await ProblemAssert.IsProblemAsync(await Bearer("not-a-jwt").GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task A_token_is_verified_by_a_second_replica_that_shares_only_the_database()
    {
        var tenant = await factory.CreateTenantAsync();
        var token = await factory.GetTokenAsync(tenant);
        await using var replica = new ReplicaFactory(factory.ConnectionString);

        var response = await replica.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/me")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string Forge(TestTenant tenant, byte[] key, string algorithm) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = AccessTokens.Issuer,
        Expires = DateTime.UtcNow.AddMinutes(5),
        Claims = new Dictionary<string, object>
        {
            ["sub"] = tenant.ClientId,
            ["merchant_id"] = tenant.MerchantId.ToString(),
            ["scope"] = "orders:read",
            ["sv"] = 0L,
        },
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), algorithm),
    });

    private HttpClient Bearer(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return client;
    }

    /// <summary>Another process on the same database: it has no key of its own, only the one stored there.</summary>
    private sealed class ReplicaFactory(string connectionString) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Orders", connectionString);
            builder.UseSetting("Logs:MinimumLevel", "Warning");
            builder.UseSetting("Database:MigrateOnStartup", "false");
        }
    }
}
