using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using OrderStatus.Api.Idempotency;
using OrderStatus.Api.Orders;
using OrderStatus.Application.Access;

namespace OrderStatus.Api.Access;

/// <summary>
/// <c>POST /api/v1/auth/token</c>: the OAuth 2.0 client-credentials grant (RFC 6749 section 4.4).
/// Once the body has been read, every answer is in the RFC's own shape (section 5.1 / 5.2), not
/// problem+json, because OAuth client libraries parse <c>error</c>. Transport-level refusals that
/// happen before (413 too large, 415 not a form or JSON, 429 rate limited) stay problem+json like
/// everywhere else. See docs/decisions/0004.
/// </summary>
internal static class TokenEndpoints
{
    public const string GrantType = "client_credentials";

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/auth/token", IssueTokenAsync)
            .AllowAnonymous()
            .WithoutIdempotency()
            .DisableAntiforgery()
            .WithTags("Access")
            .WithName("IssueToken")
            .WithMetadata(new OpenApiExample(new TokenRequest(GrantType, "your-client-id", "your-client-secret", $"{Scopes.OrdersRead} {Scopes.OrdersWrite}"), null))
            .WithSummary("Exchange client credentials for a short-lived bearer token (OAuth 2.0 client credentials).")
            .WithDescription("""
                RFC 6749 section 4.4. Send `grant_type=client_credentials` as a form (`application/x-www-form-urlencoded`)
                or JSON body, with the client's credentials either in an HTTP Basic `Authorization` header
                (`clientId:secret`, recommended) or as `client_id` and `client_secret` in the body — not both.
                `scope` (space-separated) narrows the token to some of the client's scopes; default: all of them.
                Errors are the RFC's `{"error", "error_description"}`: `invalid_request` (400, also for a malformed body),
                `invalid_client` (401), `unsupported_grant_type` (400), `invalid_scope` (400).
                """)
            .Accepts<TokenRequest>("application/x-www-form-urlencoded", "application/json")
            .Produces<TokenResponse>(StatusCodes.Status200OK)
            .Produces<OAuthError>(StatusCodes.Status400BadRequest)
            .Produces<OAuthError>(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return api;
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext http, ClientDirectory clients, AccessTokens tokens)
    {
        var ct = http.RequestAborted;
        // RFC 6749 section 5.1: token responses must not be cached.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";

        Dictionary<string, string> body;
        if (http.Request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await http.Request.ReadFormAsync(ct);
            }
            catch (Exception ex) when (ex is InvalidDataException or System.Text.DecoderFallbackException)
            {
                // Over the form reader's limits, or not UTF-8: the client's body, answered in OAuth's own shape.
                return Error("invalid_request", "The form body cannot be read: it must be UTF-8 and within the form limits.");
            }

            if (form.Any(f => f.Value.Count > 1))
            {
                return Error("invalid_request", "A parameter is repeated.");
            }

            body = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        }
        else if (http.Request.HasJsonContentType())
        {
            var parsed = await ReadJsonAsync(http, ct);
            if (parsed is null)
            {
                return Error("invalid_request", "The body is not a JSON object whose values are strings.");
            }

            body = parsed;
        }
        else
        {
            return TypedResults.Problem(
                title: "The request body's media type is not supported.",
                detail: "Send application/x-www-form-urlencoded or application/json.",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                extensions: new Dictionary<string, object?> { ["code"] = "unsupported_media_type" });
        }

        var grantType = body.GetValueOrDefault("grant_type");
        if (string.IsNullOrEmpty(grantType))
        {
            return Error("invalid_request", "grant_type is required.");
        }

        if (grantType != GrantType)
        {
            return Error("unsupported_grant_type", "Only grant_type=client_credentials is supported.");
        }

        // Client authentication: Basic header or body parameters, never both (RFC 6749 section 2.3).
        var header = http.Request.Headers.Authorization.ToString();
        var bodyClientId = body.GetValueOrDefault("client_id");
        var bodySecret = body.GetValueOrDefault("client_secret");
        string clientId, secret;
        var viaHeader = false;
        if (header.Length > 0 && AuthenticationHeaderValue.TryParse(header, out var value)
            && string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (bodySecret is not null)
            {
                return Error("invalid_request", "Send the client credentials in the Authorization header or in the body, not both.");
            }

            if (!CallerCredentials.TryDecodeBasic(value.Parameter, out clientId, out secret))
            {
                return InvalidClient("The Basic credentials are malformed.", viaHeader: true);
            }

            viaHeader = true;
        }
        else if (header.Length > 0)
        {
            return InvalidClient("Client authentication must use HTTP Basic or client_id and client_secret in the body.", viaHeader: true);
        }
        else if (!string.IsNullOrEmpty(bodyClientId) && !string.IsNullOrEmpty(bodySecret))
        {
            (clientId, secret) = (bodyClientId, bodySecret);
        }
        else
        {
            return InvalidClient("Client authentication is required (HTTP Basic, or client_id and client_secret).", viaHeader: true);
        }

        var client = await clients.VerifySecretAsync(clientId, secret, ct);
        if (client is null)
        {
            return InvalidClient("The client credentials are invalid.", viaHeader);
        }

        var granted = client.Scopes;
        if (body.GetValueOrDefault("scope") is { Length: > 0 } requested)
        {
            var asked = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();
            var notAllowed = asked.Where(s => !client.Scopes.Contains(s, StringComparer.Ordinal)).ToList();
            if (notAllowed.Count > 0)
            {
                return Error("invalid_scope",
                    $"Scope(s) not granted to this client: {string.Join(" ", notAllowed.Where(Scopes.IsKnown).DefaultIfEmpty("(unknown)"))}.");
            }

            granted = asked;
        }

        await clients.RecordUseAsync(client.ClientId, ct);
        var token = await tokens.IssueAsync(client.ClientId, client.MerchantId, granted, client.SecretVersion, ct);
        return TypedResults.Ok(new TokenResponse(token, "bearer", (int)tokens.Lifetime.TotalSeconds, string.Join(' ', granted)));
    }

    private static async Task<Dictionary<string, string>?> ReadJsonAsync(HttpContext http, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            try
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }

                    if (property.Value.ValueKind != JsonValueKind.String || !result.TryAdd(property.Name, property.Value.GetString()!))
                    {
                        return null;
                    }
                }
            }
            catch (InvalidOperationException)
            {
                // A name or value that is not valid UTF-8 cannot be transcoded: not a JSON object of strings.
                return null;
            }

            return result;
        }
    }

    private static JsonHttpResult<OAuthError> Error(string error, string description) =>
        TypedResults.Json(new OAuthError(error, description), statusCode: StatusCodes.Status400BadRequest);

    private static InvalidClientResult InvalidClient(string description, bool viaHeader) =>
        new InvalidClientResult(new OAuthError("invalid_client", description), viaHeader);

    /// <summary>
    /// 401 invalid_client; RFC 6749 section 5.2 wants a Basic challenge with it when the client sent
    /// Basic — except to a browser script (Swagger UI's client-credentials flow), where the challenge
    /// would open the native login dialog (see <see cref="BasicChallenge"/>).
    /// </summary>
    private sealed class InvalidClientResult(OAuthError error, bool challenge) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (challenge && BasicChallenge.IsAllowed(httpContext.Request))
            {
                httpContext.Response.Headers.WWWAuthenticate = BasicChallenge.Value;
            }

            return TypedResults.Json(error, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(httpContext);
        }
    }
}

/// <summary>The token request's parameters (form fields or JSON properties).</summary>
internal sealed record TokenRequest(
    [property: JsonPropertyName("grant_type")] string GrantType,
    [property: JsonPropertyName("client_id")] string? ClientId,
    [property: JsonPropertyName("client_secret")] string? ClientSecret,
    [property: JsonPropertyName("scope")] string? Scope);

/// <summary>RFC 6749 section 5.1 access token response.</summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope);

/// <summary>RFC 6749 section 5.2 error response.</summary>
internal sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription);
