using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.OpenApi;
using OrderStatus.Api.Access;
using OrderStatus.Api.Idempotency;
using OrderStatus.Api.OpenApi;
using OrderStatus.Api.Surfaces;
using OrderStatus.Application.Access;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Persistence;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.Dialects.NGenius;

/// <summary>
/// N-Genius Online order status (seed 000): the access token, the collection-status update, the order (HAL) and its
/// event history, at the gateway's own paths, translated onto the canonical collection-status use case and order
/// queries. <c>outletRef</c> is the merchant id, <c>orderReference</c> the canonical order id. See README "N-Genius".
/// </summary>
internal sealed class NGeniusEndpoints : IEndpointModule
{
    public const string DocumentName = "n-genius";
    private const string Tag = "N-Genius";

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapGroup("/identity")
            .WithErrorShape<NGeniusErrors>()
            .WithGroupName(DocumentName)
            .WithTags(Tag)
            .MapPost("/auth/access-token", IssueTokenAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithName("NGeniusAccessToken")
            .WithSummary("Access token: `Authorization: Basic <API key>`, the key being base64(clientId:secret) as is; any body or none.")
            .WithDescription("""
                Answers `{access_token, expires_in, refresh_expires_in, refresh_token, token_type: "bearer"}` as
                `application/vnd.ni-identity.v1+json`. The token is the service's own access token (the canonical API takes
                it too); `refresh_token` is an opaque value no endpoint accepts (request a new access token instead).
                """)
            .Produces<NGeniusToken>(StatusCodes.Status200OK, NGeniusMediaTypes.Identity)
            .Produces<NGeniusErrorList>(StatusCodes.Status401Unauthorized, NGeniusMediaTypes.Identity);

        var transactions = app.MapGroup("/transactions/outlets/{outletRef}/orders/{orderReference}")
            .WithErrorShape<NGeniusErrors>()
            .WithAuthenticationScheme(NGeniusAuthenticationHandler.SchemeName)
            .WithIdempotency()
            .WithGroupName(DocumentName)
            .WithTags(Tag);

        transactions.MapGet("/", GetOrderAsync)
            .RequireAuthorization(Scopes.OrdersRead)
            .WithName("NGeniusGetOrder")
            .WithSummary("The order in N-Genius' HAL shape, with its payment (`_embedded.payment[0]`).")
            .WithDescription("""
                `_id` is `urn:order:<order id>`, `amount.value` is in minor units, `_embedded.payment[0]._id` is
                `urn:payment:<payment id>`: the recorded `paymentReference` when it is a UUID, else a UUID derived from
                the order id (UUIDv5, stable). Payment `state`: STARTED, CAPTURED, FAILED (cancelled unpaid), REVERSED
                (cancelled after payment). Answered as `application/vnd.ni-payment.v2+json`.
                """)
            .Produces<NGeniusOrder>(StatusCodes.Status200OK, NGeniusMediaTypes.Payment)
            .Produces<NGeniusErrorList>(StatusCodes.Status401Unauthorized, NGeniusMediaTypes.Payment)
            .Produces<NGeniusErrorList>(StatusCodes.Status404NotFound, NGeniusMediaTypes.Payment);

        transactions.MapPost("/payments/{paymentReference}/collection-status", SetCollectionStatusAsync)
            .RequireAuthorization(Scopes.OrdersWrite)
            .WithName("NGeniusUpdateCollectionStatus")
            .WithSummary("Update the order's collection status: COLLECTED, DELIVERED or RETURNED.")
            .WithDescription("""
                `paymentReference` is the order's payment id (see the order). Only on a paid order (409 otherwise);
                a mismatching outlet, order or payment answers 404. The body may be sent as
                `application/vnd.ni-payment.v2+json`, `application/json` or without a content type. `Idempotency-Key`
                is honoured. Answers `{collectionStatus, timestamp}`.
                """)
            .Accepts<NGeniusCollectionStatusRequest>(NGeniusMediaTypes.Payment, "application/json")
            .Produces<NGeniusCollectionStatusResult>(StatusCodes.Status200OK, NGeniusMediaTypes.Payment)
            .Produces<NGeniusErrorList>(StatusCodes.Status400BadRequest, NGeniusMediaTypes.Payment)
            .Produces<NGeniusErrorList>(StatusCodes.Status401Unauthorized, NGeniusMediaTypes.Payment)
            .Produces<NGeniusErrorList>(StatusCodes.Status404NotFound, NGeniusMediaTypes.Payment)
            .Produces<NGeniusErrorList>(StatusCodes.Status409Conflict, NGeniusMediaTypes.Payment);

        app.MapGroup("/reporting/outlets/{outletRef}/orders/{orderReference}")
            .WithErrorShape<NGeniusErrors>()
            .WithAuthenticationScheme(NGeniusAuthenticationHandler.SchemeName)
            .RequireAuthorization(Scopes.OrdersRead)
            .WithGroupName(DocumentName)
            .WithTags(Tag)
            .MapGet("/", GetEventsAsync)
            .WithName("NGeniusGetOrderEvents")
            .WithSummary("The order's event history, oldest first (`_embedded.events`).")
            .WithDescription("""
                Every history event of the order: collection status changes as `COLLECTION_STATUS` /
                `COLLECTION_STATUS_UPDATED`, the payment as `PAYMENT` / `CAPTURED`, a cancellation as `PAYMENT` /
                `CANCELLED`, everything else as `ORDER` / the history type. Answered as `application/vnd.ni-reporting.v3+json`.
                """)
            .Produces<NGeniusEventList>(StatusCodes.Status200OK, NGeniusMediaTypes.Reporting)
            .Produces<NGeniusErrorList>(StatusCodes.Status401Unauthorized, NGeniusMediaTypes.Reporting)
            .Produces<NGeniusErrorList>(StatusCodes.Status404NotFound, NGeniusMediaTypes.Reporting);
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext http, CallerCredentials credentials)
    {
        http.Response.Headers.CacheControl = "no-store";
        var header = http.Request.Headers.Authorization.ToString();
        // The portal's API key is already base64(clientId:secret): used as is, never re-encoded.
        var check = header.Length > 0 && AuthenticationHeaderValue.TryParse(header, out var value)
            && string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            && CallerCredentials.TryDecodeBasic(value.Parameter, out var clientId, out var secret)
                ? await credentials.CheckSecretAsync(clientId, secret, "Basic", http.RequestAborted)
                : CredentialCheck.Refused("Send Authorization: Basic <your API key>.");
        if (check.Caller is not { } caller)
        {
            return DialectSupport.Error(ErrorKind.Unauthenticated, "invalid_credentials", check.Failure ?? "The API key is invalid.");
        }

        var issued = await credentials.IssueAccessTokenAsync(caller, null, http.RequestAborted);
        var seconds = (int)issued.Lifetime.TotalSeconds;
        return TypedResults.Json(
            new NGeniusToken(issued.Token, seconds, seconds, Base64UrlToken(), "bearer"),
            contentType: NGeniusMediaTypes.Identity);
    }

    private static async Task<IResult> GetOrderAsync(
        string outletRef, string orderReference, HttpContext http, OrderQueries queries, CancellationToken ct)
    {
        if (!TryResolve(outletRef, orderReference, http.User, out var merchantId, out var key))
        {
            return DialectSupport.OrderNotFound();
        }

        var order = await queries.GetAsync(key, ct);
        return TypedResults.Json(NGeniusFormat.ToOrder(order, merchantId, DialectSupport.BaseUrl(http.Request)), contentType: NGeniusMediaTypes.Payment);
    }

    private static async Task<IResult> SetCollectionStatusAsync(
        string outletRef, string orderReference, string paymentReference, HttpContext http, OrderQueries queries, OrderCommands commands, CancellationToken ct)
    {
        if (!TryResolve(outletRef, orderReference, http.User, out _, out var key) || !Guid.TryParse(paymentReference, out var paymentId))
        {
            return DialectSupport.OrderNotFound();
        }

        var body = await DialectSupport.ReadBodyAsync(http.Request, ct);
        if (!TryParseCollectionStatus(body, out var status, out var refusal))
        {
            return refusal;
        }

        var order = await queries.GetAsync(key, ct);
        if (NGeniusFormat.PaymentId(order.Id, order.PaymentReference) != paymentId)
        {
            return DialectSupport.OrderNotFound();
        }

        // The version just read: the payment checked above is the one the change applies to.
        var updated = await commands.SetCollectionStatusAsync(key, status, order.Version, ct);
        return TypedResults.Json(
            new NGeniusCollectionStatusResult(updated.CollectionStatus!, NGeniusFormat.FormatTimestamp(updated.UpdatedAt)),
            contentType: NGeniusMediaTypes.Payment);
    }

    private static async Task<IResult> GetEventsAsync(
        string outletRef, string orderReference, HttpContext http, OrderQueries queries, OrdersDbContext db, CancellationToken ct)
    {
        if (!TryResolve(outletRef, orderReference, http.User, out var merchantId, out var key))
        {
            return DialectSupport.OrderNotFound();
        }

        var order = await queries.GetAsync(key, ct);
        var history = await DialectSupport.AllHistoryAsync(queries, key, ct);
        var merchant = await DialectSupport.CurrentMerchantAsync(db, http.User, ct);
        return TypedResults.Json(
            NGeniusFormat.ToEvents(order, history, merchantId, merchant.Name, DialectSupport.BaseUrl(http.Request)),
            contentType: NGeniusMediaTypes.Reporting);
    }

    /// <summary>The outlet must be the caller's merchant and the order reference an order id; anything else is not found.</summary>
    private static bool TryResolve(string outletRef, string orderReference, ClaimsPrincipal user, out Guid merchantId, out OrderKey key)
    {
        merchantId = CallerPrincipal.Read(user)?.MerchantId ?? Guid.Empty;
        key = OrderKey.ById(Guid.Empty);
        if (!Guid.TryParse(outletRef, out var outlet) || outlet != merchantId || !Guid.TryParse(orderReference, out var orderId))
        {
            return false;
        }

        key = OrderKey.ById(orderId);
        return true;
    }

    /// <summary>The body must be <c>{"collectionStatus": "COLLECTED" | "DELIVERED" | "RETURNED"}</c>; else the refusal.</summary>
    private static bool TryParseCollectionStatus(byte[] body, out CollectionStatus status, [NotNullWhen(false)] out SurfaceErrorResult? refusal)
    {
        status = default;
        refusal = null;
        try
        {
            using var document = JsonDocument.Parse(body, DialectSupport.StrictJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                refusal = DialectSupport.Error(ErrorKind.MalformedBody, "malformed_json", "The body must be a JSON object.");
            }
            else if (!document.RootElement.TryGetProperty("collectionStatus", out var value)
                || value.ValueKind != JsonValueKind.String
                || !WireNames.TryParseCollectionStatus(value.GetString(), out status))
            {
                refusal = DialectSupport.Error(
                    ErrorKind.Validation, NGeniusErrors.InvalidCollectionStatus, "collectionStatus must be one of COLLECTED, DELIVERED, RETURNED.");
            }
        }
        catch (JsonException)
        {
            refusal = DialectSupport.Error(ErrorKind.MalformedBody, "malformed_json", "The body is not valid JSON.");
        }

        return refusal is null;
    }

    private static string Base64UrlToken() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}

/// <summary>The collection-status body (for the OpenAPI document).</summary>
internal sealed record NGeniusCollectionStatusRequest(
    [property: System.Text.Json.Serialization.JsonPropertyName("collectionStatus")] string CollectionStatus);

internal static class NGeniusSetup
{
    public static IServiceCollection AddNGeniusDialect(this IServiceCollection services) => services
        .AddCallerScheme<NGeniusAuthenticationHandler>(NGeniusAuthenticationHandler.SchemeName)
        .AddEndpointModule<NGeniusEndpoints>()
        .AddSurfaceOpenApiDocument(new SurfaceOpenApiDocument(
            NGeniusEndpoints.DocumentName,
            "N-Genius order status",
            """
            N-Genius Online's order status API (access token, collection status, order, event history) over the same
            orders as the canonical API, at the gateway's own paths, so N-Genius clients switch by changing only the
            host. Your API key is base64(`clientId:secret`) of an API client; `outletRef` is your merchant id,
            `orderReference` the order's canonical id.
            """,
            new Dictionary<string, OpenApiSecurityScheme>(StringComparer.Ordinal)
            {
                ["oauth2"] = new()
                {
                    Type = SecuritySchemeType.OAuth2,
                    Description = "The access token endpoint with your client id and secret (Swagger UI sends them as the Basic API key).",
                    Flows = new OpenApiOAuthFlows
                    {
                        ClientCredentials = new OpenApiOAuthFlow
                        {
                            TokenUrl = new Uri("/identity/auth/access-token", UriKind.Relative),
                            Scopes = new Dictionary<string, string>(),
                        },
                    },
                },
                ["bearer"] = new()
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An access token from POST /identity/auth/access-token (or POST /api/v1/auth/token).",
                },
            }));
}
