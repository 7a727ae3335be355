using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.OpenApi;
using OrderStatus.Api.Access;
using OrderStatus.Api.CustomerTracking;
using OrderStatus.Api.OpenApi;
using OrderStatus.Api.Surfaces;
using OrderStatus.Application.Access;
using OrderStatus.Application.CustomerTracking;

namespace OrderStatus.Api.Dialects.ParcelLab;

/// <summary>
/// parcelLab's order-status API (seed 004, DIALECTS.md 5): <c>GET /v4/track/orders/info</c> and
/// <c>/info-widget</c>, with or without the trailing slash and never redirecting, on the same public
/// tracking use case as <c>/track</c>. Merchants authenticate with <c>Parcellab-API-Token</c> or a
/// bearer token; customers with <c>s</c>, <c>recipient_email</c> or <c>recipient_postal_code</c>.
/// </summary>
internal sealed class ParcelLabModule : IEndpointModule
{
    public const string Prefix = "/v4/track/orders";
    public const string DocumentName = "parcellab";

    public static IServiceCollection AddParcelLab(IServiceCollection services)
    {
        services.AddEndpointModule<ParcelLabModule>();
        services.AddCallerScheme<ParcelLabAuthenticationHandler>(ParcelLabAuthenticationHandler.SchemeName);
        services.AddSurfaceOpenApiDocument(new SurfaceOpenApiDocument(
            DocumentName,
            "parcelLab order status (compatibility)",
            "parcelLab's v4 `track/orders/info` and `info-widget` (seed 004) over this service's orders: `account` is the merchant's account number. " +
            "Authenticate with `Parcellab-API-Token` (base64 of `clientId:secret`, or the raw pair) or a bearer token from `POST /api/v1/auth/token`; " +
            "customers without credentials send `s` (a tracking link's signature), `recipient_email` or `recipient_postal_code`. " +
            "Errors are parcelLab's `{type, errors: [{code, detail, attr}]}`.",
            new Dictionary<string, OpenApiSecurityScheme>
            {
                ["parcellabToken"] = new()
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "Authorization",
                    Description = "`Parcellab-API-Token <base64(clientId:secret)>`.",
                },
                ["bearer"] = new() { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "A token from `POST /api/v1/auth/token`." },
            }));
        return services;
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        // Anonymous callers are welcome (customers with a factor); credentials, when sent, are parcelLab's.
        var group = app.MapGroup(Prefix)
            .WithErrorShape<ParcelLabErrorShape>()
            .WithAuthenticationScheme(ParcelLabAuthenticationHandler.SchemeName)
            .AllowAnonymous()
            .WithGroupName(DocumentName)
            .WithTags("parcelLab");

        // A route template matches with and without a trailing slash, so one route serves both: no redirect.
        group.MapGet("/info", async (HttpContext http, PublicTracking tracking, FailedLookupLimiter limiter, CancellationToken ct) =>
            {
                var (order, query, error) = await ResolveAsync(http, tracking, limiter, ct);
                return error ?? Results.Json(ParcelLabOrderInfo.From(order!, query!.TrackingNumber), ParcelLabOrderInfo.Json);
            })
            .WithName("ParcelLabOrderInfo")
            .WithSummary("Order status information (trackings, checkpoints, reporting info) for an order status page.")
            .WithDescription(ParcelLabQuery.AcceptedLookups + " `account` is the merchant's account number. Without credentials, send `s` (a tracking link's signature), `recipient_email` or `recipient_postal_code`; with only a postal code the answer has no e-mail and no street lines.")
            .Produces<ParcelLabOrderInfo>()
            .Produces<ParcelLabErrors>(StatusCodes.Status400BadRequest)
            .Produces<ParcelLabErrors>(StatusCodes.Status401Unauthorized)
            .Produces<ParcelLabErrors>(StatusCodes.Status403Forbidden)
            .Produces<ParcelLabErrors>(StatusCodes.Status404NotFound)
            .Produces<ParcelLabErrors>(StatusCodes.Status429TooManyRequests);

        group.MapGet("/info-widget", async (HttpContext http, PublicTracking tracking, FailedLookupLimiter limiter, CancellationToken ct) =>
            {
                var (order, query, error) = await ResolveAsync(http, tracking, limiter, ct);
                if (error is not null)
                {
                    return error;
                }

                var texts = TrackingTexts.Negotiate(query!.Language, http.Request.GetTypedHeaders().AcceptLanguage);
                http.Response.Headers.CacheControl = "public, max-age=60";
                http.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return Results.Content(TrackingWidget.Render(order!, texts), TrackingWidget.ContentType);
            })
            .WithName("ParcelLabOrderInfoWidget")
            .WithSummary("The order status widget as an image (SVG).")
            .WithDescription("The same lookups and credentials as `/v4/track/orders/info`; answers `image/svg+xml` whatever `Accept` says.")
            .Produces(StatusCodes.Status200OK, contentType: TrackingWidget.ContentType)
            .Produces<ParcelLabErrors>(StatusCodes.Status400BadRequest)
            .Produces<ParcelLabErrors>(StatusCodes.Status404NotFound);
    }

    private static async Task<(CustomerOrderView? Order, ParcelLabQuery? Query, IResult? Error)> ResolveAsync(
        HttpContext http, PublicTracking tracking, FailedLookupLimiter limiter, CancellationToken ct)
    {
        var authentication = await http.AuthenticateAsync(ParcelLabAuthenticationHandler.SchemeName);
        if (authentication.Failure is not null)
        {
            http.Response.Headers.WWWAuthenticate = "Parcellab-API-Token, Bearer";
            return (null, null, Error(StatusCodes.Status401Unauthorized, ParcelLabErrors.Client("authentication_failed", "Incorrect authentication credentials.")));
        }

        var principal = authentication.Succeeded ? authentication.Principal : null;
        Guid? merchantId = null;
        if (principal is not null)
        {
            if (!principal.HasClaim(AccessClaims.Scope, Scopes.OrdersRead)
                || !Guid.TryParse(principal.FindFirstValue(AccessClaims.MerchantId), out var merchant))
            {
                return (null, null, Error(StatusCodes.Status403Forbidden,
                    ParcelLabErrors.Client("permission_denied", "You do not have permission to perform this action.")));
            }

            merchantId = merchant;
        }

        var (query, invalid) = ParcelLabQuery.Parse(http.Request.Query);
        if (invalid is not null)
        {
            return (null, null, Error(StatusCodes.Status400BadRequest, invalid));
        }

        if (merchantId is null)
        {
            if (query!.Proof.IsEmpty)
            {
                http.Response.Headers.WWWAuthenticate = "Parcellab-API-Token, Bearer";
                return (null, query, Error(StatusCodes.Status401Unauthorized,
                    ParcelLabErrors.Client("not_authenticated", "Authentication credentials were not provided.")));
            }

            if (query.NeedsAccount && query.Account is null)
            {
                return (null, query, Error(StatusCodes.Status400BadRequest, ParcelLabErrors.Invalid("account is required. " + ParcelLabQuery.AcceptedLookups, "account")));
            }

            if (limiter.IsBlocked(FailedLookupLimiter.ClientKey(http), out var wait))
            {
                http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                return (null, query, Error(StatusCodes.Status429TooManyRequests,
                    ParcelLabErrors.Client("throttled", $"Request was throttled. Expected available in {wait} seconds.")));
            }
        }

        var requester = merchantId is { } known
            ? TrackingRequester.Merchant(known, query!.Account)
            : TrackingRequester.Customer(query!.Account, query.Proof);
        var result = await tracking.LookupAsync(query.Lookup, requester, ct);
        if (result.Order is { } order)
        {
            return (order, query, null);
        }

        if (merchantId is null)
        {
            limiter.RecordFailure(FailedLookupLimiter.ClientKey(http));
        }

        return result.Refusal == TrackingRefusal.BadSignature
            ? (null, query, Error(StatusCodes.Status403Forbidden, ParcelLabErrors.Client("permission_denied", "You do not have permission to perform this action.")))
            : (null, query, Error(StatusCodes.Status404NotFound, ParcelLabErrors.Client("not_found", "Not found.")));
    }

    internal static IResult Error(int status, ParcelLabErrors errors) => Results.Json(errors, ParcelLabOrderInfo.Json, statusCode: status);
}
