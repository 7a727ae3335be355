using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using OrderStatus.Api.Access;
using OrderStatus.Api.Idempotency;
using OrderStatus.Api.OpenApi;
using OrderStatus.Api.Surfaces;
using OrderStatus.Application.Access;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Persistence;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.Dialects.PitneyBowes;

/// <summary>
/// Pitney Bowes Fulfillment order status (seed 003): <c>POST /oauth/token</c>, <c>GET …/v1/orders/{orderId}/status</c>
/// and <c>PUT …/v1/orders/{orderId}/cancel</c>, at the seed's path and under <c>/shippingservices/fulfillment</c>,
/// translated onto the canonical order query and cancel use case. See README "Pitney Bowes" and the dialects ADR.
/// </summary>
internal sealed class PitneyBowesEndpoints : IEndpointModule
{
    public const string DocumentName = "pitney-bowes";
    private const string Tag = "Pitney Bowes";

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapGroup("/oauth")
            .WithErrorShape<PitneyBowesErrors>()
            .WithGroupName(DocumentName)
            .WithTags(Tag)
            .MapPost("/token", IssueTokenAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithName("PitneyBowesIssueToken")
            .WithSummary("OAuth token: HTTP Basic base64(clientId:secret), form grant_type=client_credentials.")
            .WithDescription("""
                Answers `{access_token, tokenType: "BearerToken", issuedAt (epoch ms), expiresIn (seconds), clientID, org}`
                (numbers as strings, as PB's clients parse them). The token is the service's own access token: it works on
                the canonical API as well. Wrong or missing credentials: 401 `{"errorCode": "PB-APIM-ERR-1001", …}`.
                """)
            .Accepts<PitneyBowesTokenRequest>("application/x-www-form-urlencoded")
            .Produces<PitneyBowesToken>(StatusCodes.Status200OK)
            .Produces<PitneyBowesErrorList>(StatusCodes.Status400BadRequest)
            .Produces<PitneyBowesGatewayError>(StatusCodes.Status401Unauthorized);

        foreach (var (prefix, suffix) in new[] { ("/v1/orders", string.Empty), ("/shippingservices/fulfillment/v1/orders", "Fulfillment") })
        {
            var orders = app.MapGroup(prefix)
                .WithErrorShape<PitneyBowesErrors>()
                .WithAuthenticationScheme(PitneyBowesAuthenticationHandler.SchemeName)
                .WithIdempotency()
                .WithGroupName(DocumentName)
                .WithTags(Tag)
                .AddEndpointFilter(RequireTransactionIdAsync);

            orders.MapGet("/{orderId}/status", GetStatusAsync)
                .RequireAuthorization(Scopes.OrdersRead)
                .WithName("PitneyBowesGetOrderStatus" + suffix)
                .WithSummary("Get an order's status (the 11 fields of PB's Orders subset).")
                .WithDescription(StatusDescription)
                .Produces<PitneyBowesOrderStatus>(StatusCodes.Status200OK)
                .ProducesPitneyBowesErrors();

            orders.MapPut("/{orderId}/cancel", CancelAsync)
                .RequireAuthorization(Scopes.OrdersWrite)
                .WithName("PitneyBowesCancelOrder" + suffix)
                .WithSummary("Cancel an order (no body); answers its status.")
                .WithDescription("Goes through the canonical cancel: a shipped order answers 409. `Idempotency-Key` is honoured. " + StatusDescription)
                .Produces<PitneyBowesOrderStatus>(StatusCodes.Status200OK)
                .ProducesPitneyBowesErrors()
                .Produces<PitneyBowesErrorList>(StatusCodes.Status409Conflict);
        }
    }

    private const string StatusDescription = """
        `orderId` is the order's canonical id or its `number`; `clientId` (required) is your merchant's `accountNumber`
        (or merchant id) — another merchant's answers 404. `X-PB-TransactionId` (required, 1–25 letters, digits, `-`,
        `_`) is echoed on the response. `status`: ON_HOLD whenever held, else RECEIVED (created, paid), IN_PROCESS,
        SHIPPED, DELIVERED, COMPLETED, CANCELLED. Dates are ISO 8601 in UTC (`+00:00`).
        """;

    /// <summary>X-PB-TransactionId on every order call: 400 naming it when missing or malformed; echoed otherwise.</summary>
    private static async ValueTask<object?> RequireTransactionIdAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var sent = http.Request.Headers[PitneyBowesFormat.TransactionIdHeader];
        if (sent.Count != 1 || !PitneyBowesFormat.IsValidTransactionId(sent[0]))
        {
            return DialectSupport.Error(
                ErrorKind.BadRequest,
                PitneyBowesCodes.InvalidTransactionIdError,
                "X-PB-TransactionId is required: 1 to 25 letters, digits, hyphens or underscores.",
                new Dictionary<string, string[]>(StringComparer.Ordinal)
                {
                    [PitneyBowesFormat.TransactionIdHeader] = [sent.Count == 0 ? "X-PB-TransactionId header is missing." : "X-PB-TransactionId is invalid: use 1 to 25 letters, digits, hyphens or underscores."],
                });
        }

        PitneyBowesFormat.EchoTransactionId(http);
        return await next(context);
    }

    private static async Task<Results<Ok<PitneyBowesOrderStatus>, SurfaceErrorResult>> GetStatusAsync(
        string orderId, [FromQuery] string? clientId, HttpContext http, OrdersDbContext db, OrderQueries queries, CancellationToken ct)
    {
        if (await CheckOrderAsync(orderId, clientId, http, db, ct) is { } refused)
        {
            return refused;
        }

        return OrderKey.TryParseIdOrNumber(orderId, out var key)
            ? TypedResults.Ok(PitneyBowesFormat.ToStatus(await queries.GetAsync(key, ct), clientId!))
            : DialectSupport.OrderNotFound();
    }

    private static async Task<Results<Ok<PitneyBowesOrderStatus>, SurfaceErrorResult>> CancelAsync(
        string orderId, [FromQuery] string? clientId, HttpContext http, OrdersDbContext db, OrderCommands commands, CancellationToken ct)
    {
        if (await CheckOrderAsync(orderId, clientId, http, db, ct) is { } refused)
        {
            return refused;
        }

        return OrderKey.TryParseIdOrNumber(orderId, out var key)
            ? TypedResults.Ok(PitneyBowesFormat.ToStatus(await commands.ApplyAsync(key, StatusChange.Cancelled(), null, ct), clientId!))
            : DialectSupport.OrderNotFound();
    }

    /// <summary>clientId present (400) and the caller's own merchant (404 otherwise, like an unknown order); orderId an id or number.</summary>
    private static async Task<SurfaceErrorResult?> CheckOrderAsync(string orderId, string? clientId, HttpContext http, OrdersDbContext db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(clientId))
        {
            return DialectSupport.Error(
                ErrorKind.BadRequest,
                PitneyBowesCodes.InvalidClientIdError,
                "clientId is required.",
                new Dictionary<string, string[]>(StringComparer.Ordinal) { ["clientId"] = ["The clientId query parameter is required."] });
        }

        var merchant = await DialectSupport.CurrentMerchantAsync(db, http.User, ct);
        var own = clientId == merchant.AccountNumber.ToString(CultureInfo.InvariantCulture)
            || (Guid.TryParse(clientId, out var id) && id == merchant.Id);
        return own && OrderKey.TryParseIdOrNumber(orderId, out _) ? null : DialectSupport.OrderNotFound();
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext http, CallerCredentials credentials, OrdersDbContext db, TimeProvider clock)
    {
        var ct = http.RequestAborted;
        http.Response.Headers.CacheControl = "no-store";
        PitneyBowesFormat.EchoTransactionId(http);

        var header = http.Request.Headers.Authorization.ToString();
        var check = header.Length > 0 && AuthenticationHeaderValue.TryParse(header, out var value)
            && string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            && CallerCredentials.TryDecodeBasic(value.Parameter, out var clientId, out var secret)
                ? await credentials.CheckSecretAsync(clientId, secret, "Basic", ct)
                : CredentialCheck.Refused("Send HTTP Basic base64(clientId:secret).");
        if (check.Caller is not { } caller)
        {
            return TypedResults.Json(
                new PitneyBowesGatewayError(PitneyBowesCodes.InvalidClientCredentials, "Invalid client credentials"),
                statusCode: StatusCodes.Status401Unauthorized);
        }

        var grantType = http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(ct))["grant_type"].ToString() : string.Empty;
        if (grantType != "client_credentials")
        {
            return DialectSupport.Error(
                ErrorKind.BadRequest,
                "invalid_grant_type",
                "grant_type must be client_credentials.",
                new Dictionary<string, string[]>(StringComparer.Ordinal) { ["grant_type"] = ["grant_type must be client_credentials (form body)."] });
        }

        var issued = await credentials.IssueAccessTokenAsync(caller, null, ct);
        var merchant = await DialectSupport.MerchantAsync(db, caller.MerchantId, ct);
        return TypedResults.Ok(PitneyBowesFormat.ToToken(issued.Token, clock.GetUtcNow(), issued.Lifetime, caller.ClientId, merchant.Name));
    }
}

/// <summary>The token request's form (for the OpenAPI document).</summary>
internal sealed record PitneyBowesTokenRequest([property: System.Text.Json.Serialization.JsonPropertyName("grant_type")] string GrantType);

internal static class PitneyBowesSetup
{
    /// <summary>The error answers every order route documents.</summary>
    public static RouteHandlerBuilder ProducesPitneyBowesErrors(this RouteHandlerBuilder endpoint) => endpoint
        .Produces<PitneyBowesErrorList>(StatusCodes.Status400BadRequest)
        .Produces<PitneyBowesGatewayError>(StatusCodes.Status401Unauthorized)
        .Produces<PitneyBowesErrorList>(StatusCodes.Status404NotFound);

    public static IServiceCollection AddPitneyBowesDialect(this IServiceCollection services) => services
        .AddCallerScheme<PitneyBowesAuthenticationHandler>(PitneyBowesAuthenticationHandler.SchemeName)
        .AddEndpointModule<PitneyBowesEndpoints>()
        .AddSurfaceOpenApiDocument(new SurfaceOpenApiDocument(
            PitneyBowesEndpoints.DocumentName,
            "Pitney Bowes fulfillment order status",
            """
            Pitney Bowes' Fulfillment order status API over the same orders as the canonical API, at `/v1/orders/…` and
            `/shippingservices/fulfillment/v1/orders/…`, so PB clients switch by changing only the host. Get a token at
            `POST /oauth/token` with HTTP Basic `clientId:secret`, then send `Authorization: Bearer <token>` and an
            `X-PB-TransactionId` on every order call. `clientId` in the query is your merchant's `accountNumber`.
            """,
            new Dictionary<string, OpenApiSecurityScheme>(StringComparer.Ordinal)
            {
                ["oauth2"] = new()
                {
                    Type = SecuritySchemeType.OAuth2,
                    Description = "OAuth client credentials at POST /oauth/token (Swagger UI fetches the token).",
                    Flows = new OpenApiOAuthFlows
                    {
                        ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri("/oauth/token", UriKind.Relative), Scopes = new Dictionary<string, string>() },
                    },
                },
                ["bearer"] = new()
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A token from POST /oauth/token (or POST /api/v1/auth/token).",
                },
            }));
}
