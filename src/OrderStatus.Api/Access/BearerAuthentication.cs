using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace OrderStatus.Api.Access;

/// <summary>
/// The canonical API's bearer scheme: ASP.NET Core's JwtBearer handler with the service's own
/// validation rules (<see cref="AccessTokens.ValidationParameters"/>) plus the client check that makes
/// revocation and rotation effective within <c>Auth:ClientCacheSeconds</c>. Its principal is the shared
/// caller principal; its challenges and denials are problem+json like the Basic scheme's.
/// </summary>
internal static class BearerAuthentication
{
    public const string SchemeName = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>True when the request carries one <c>Authorization: Bearer …</c> header (the canonical selector's test).</summary>
    public static bool IsBearerRequest(HttpRequest request)
    {
        var header = request.Headers.Authorization;
        return header.Count == 1 && header[0] is { } value
            && value.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase)
            && (value.Length == 6 || value[6] == ' ');
    }

    public static void AddOrderStatusBearer(this Microsoft.AspNetCore.Authentication.AuthenticationBuilder builder)
    {
        builder.AddJwtBearer(SchemeName, _ => { });
        builder.Services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureBearer>();
    }

    private sealed class ConfigureBearer(AccessTokens tokens, SigningKeyProvider keys, CallerCredentials credentials)
        : IConfigureNamedOptions<JwtBearerOptions>
    {
        private const string FailureKey = "bearer_failure";

        public void Configure(JwtBearerOptions options) => Configure(SchemeName, options);

        public void Configure(string? name, JwtBearerOptions options)
        {
            if (name != SchemeName)
            {
                return;
            }

            options.MapInboundClaims = false;
            options.TokenValidationParameters = tokens.ValidationParameters;
            options.Events = new JwtBearerEvents
            {
                OnMessageReceived = async context =>
                {
                    // The key may still have to be read from the database; the validator reads it synchronously.
                    await keys.GetSecurityKeyAsync(context.HttpContext.RequestAborted);
                    var header = context.Request.Headers.Authorization.ToString();
                    if (header.Length <= "Bearer ".Length || string.IsNullOrWhiteSpace(header["Bearer ".Length..]))
                    {
                        Fail(context, "The bearer token is missing.");
                    }
                },
                // IdentityModel's messages are for logs; callers get one sentence.
                OnAuthenticationFailed = context =>
                {
                    Fail(context, AccessTokens.Describe(context.Exception));
                    return Task.CompletedTask;
                },
                OnTokenValidated = async context =>
                {
                    var claims = context.Principal?.Identity is System.Security.Claims.ClaimsIdentity identity ? AccessTokens.Read(identity) : null;
                    var check = claims is null
                        ? CredentialCheck.Refused("The access token is malformed.")
                        : await credentials.CheckTokenClaimsAsync(claims, "Bearer", context.HttpContext.RequestAborted);
                    if (check.Caller is { } caller)
                    {
                        context.Principal = CallerPrincipal.Create(caller, SchemeName);
                        context.Success();
                    }
                    else
                    {
                        Fail(context, check.Failure!);
                    }
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    var failure = context.HttpContext.Items[FailureKey] as string;
                    ApiClientAuthenticationHandler.SetChallenge(context.HttpContext, failure is null
                        ? ApiClientAuthenticationHandler.BearerChallenge
                        : $"{ApiClientAuthenticationHandler.BearerChallenge}, error=\"invalid_token\", error_description=\"{failure.Replace("\"", "'", StringComparison.Ordinal)}\"");
                    await CallerChallenges.WriteUnauthorizedAsync(context.HttpContext, failure, ApiClientAuthenticationHandler.MissingDetail);
                },
                OnForbidden = context => CallerChallenges.WriteForbiddenAsync(context.HttpContext),
            };
        }

        private static void Fail<TOptions>(Microsoft.AspNetCore.Authentication.ResultContext<TOptions> context, string failure)
            where TOptions : Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions
        {
            context.HttpContext.Items[FailureKey] = failure;
            context.Fail(failure);
        }
    }
}
