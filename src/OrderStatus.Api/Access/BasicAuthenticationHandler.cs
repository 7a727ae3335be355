using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderStatus.Application.Access;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Access;

/// <summary>HTTP Basic <c>clientId:secret</c> on any endpoint (server-to-server convenience).</summary>
internal sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<OrdersDbContext> contexts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Basic";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !string.Equals(value.Scheme, SchemeName, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        if (!TryDecode(value.Parameter, out var clientId, out var secret))
        {
            return AuthenticateResult.Fail("Malformed Basic credentials.");
        }

        await using var db = await contexts.CreateDbContextAsync(Context.RequestAborted);
        var client = await db.ApiClients.AsNoTracking()
            .Where(c => c.ClientId == clientId)
            .Select(c => new { c.MerchantId, c.SecretSalt, c.SecretHash, c.Scopes, c.RevokedAt })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (client is null || client.RevokedAt is not null || !ClientSecrets.Verify(secret, client.SecretSalt, client.SecretHash))
        {
            return AuthenticateResult.Fail("Invalid client credentials.");
        }

        var claims = new List<Claim>
        {
            new(AccessClaims.MerchantId, client.MerchantId.ToString()),
            new(AccessClaims.ClientId, clientId),
        };
        claims.AddRange(client.Scopes.Select(s => new Claim(AccessClaims.Scope, s)));
        var identity = new ClaimsIdentity(claims, SchemeName, AccessClaims.ClientId, null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"OrderStatus\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }

    private static bool TryDecode(string? parameter, out string clientId, out string secret)
    {
        clientId = secret = string.Empty;
        if (string.IsNullOrEmpty(parameter) || parameter.Length > 1024)
        {
            return false;
        }

        var buffer = new byte[parameter.Length];
        if (!Convert.TryFromBase64String(parameter, buffer, out var written))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, written);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        clientId = text[..colon];
        secret = text[(colon + 1)..];
        return secret.Length > 0;
    }
}
