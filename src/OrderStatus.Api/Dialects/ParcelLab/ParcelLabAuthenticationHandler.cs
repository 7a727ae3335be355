using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OrderStatus.Api.Access;

namespace OrderStatus.Api.Dialects.ParcelLab;

/// <summary>
/// parcelLab's credentials (DIALECTS.md 5.2): <c>Authorization: Parcellab-API-Token &lt;base64(clientId:secret)&gt;</c>
/// (the raw <c>clientId:secret</c> too, as parcelLab's own create route shows it), or a canonical
/// <c>Bearer</c> access token. No header is no result: the routes then serve customers who bring a
/// factor (<c>s</c>, <c>recipient_email</c>, <c>recipient_postal_code</c>).
/// </summary>
internal sealed class ParcelLabAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CallerCredentials credentials)
    : CallerAuthenticationHandler(options, logger, encoder, credentials)
{
    public const string SchemeName = "ParcelLab";
    public const string TokenScheme = "Parcellab-API-Token";

    protected override string MissingCredentialsDetail => "Authentication credentials were not provided.";

    protected override void AddChallengeHeaders(string? failure) => Response.Headers.WWWAuthenticate = $"{TokenScheme}, Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header.ToString()))
        {
            return AuthenticateResult.NoResult();
        }

        if (header.Count > 1 || !AuthenticationHeaderValue.TryParse(header.ToString(), out var value))
        {
            return AuthenticateResult.Fail("Incorrect authentication credentials.");
        }

        if (string.Equals(value.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(value.Parameter))
        {
            return (await Credentials.CheckAccessTokenAsync(value.Parameter, "Bearer", Context.RequestAborted)).ToResult(SchemeName);
        }

        if (!string.Equals(value.Scheme, TokenScheme, StringComparison.OrdinalIgnoreCase)
            || !TryReadToken(value.Parameter, out var clientId, out var secret))
        {
            return AuthenticateResult.Fail("Incorrect authentication credentials.");
        }

        return (await Credentials.CheckSecretAsync(clientId, secret, TokenScheme, Context.RequestAborted)).ToResult(SchemeName);
    }

    /// <summary>base64(<c>clientId:secret</c>) as parcelLab documents it, or the raw <c>clientId:secret</c>.</summary>
    internal static bool TryReadToken(string? parameter, out string clientId, out string secret) =>
        CallerCredentials.TryDecodeBasic(parameter, out clientId, out secret) || CallerCredentials.TrySplit(parameter, out clientId, out secret);
}
