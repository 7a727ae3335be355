using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
using OrderStatus.Api.Access;
using OrderStatus.Api.Idempotency;
using OrderStatus.Api.OpenApi;
using OrderStatus.Api.Surfaces;
using OrderStatus.Application.Access;
using OrderStatus.Application.Orders;
using OrderStatus.Domain;

namespace OrderStatus.Api.Dialects.CustomGateway;

/// <summary>
/// Custom Gateway / Kornit X order status API (seed 002): <c>PUT /order/{id}/status</c> with a numeric status
/// code, translated onto the canonical fulfilment-code use case. See README "Custom Gateway" and the dialects ADR.
/// </summary>
internal sealed class CustomGatewayEndpoints : IEndpointModule
{
    public const string DocumentName = "custom-gateway";

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var order = app.MapGroup("/order")
            .WithErrorShape<CustomGatewayErrors>()
            .WithAuthenticationScheme(CustomGatewayAuthenticationHandler.SchemeName)
            .RequireAuthorization(Scopes.OrdersWrite)
            .WithIdempotency()
            .WithGroupName(DocumentName)
            .WithTags("Custom Gateway");

        order.MapPut("/{id}/status", SetStatusAsync)
            .WithName("CustomGatewaySetOrderStatus")
            .WithSummary("Set an order's status by Kornit X status code (8 dispatch, 128 cancel, …).")
            .WithDescription("""
                `{id}` is the order's `number` or its canonical id. Codes: 8 Dispatched and 64 Dispatched (Retailer
                Notified) → sent; 128 Cancelled → cancelled; 512 Sent to Supplier, 513 Received by Supplier, 515 Sent to
                Shipper, 516 Received by Shipper → in fulfilment; 32 QC Query and 256 On Hold place a hold. A status code
                sent while a hold code holds the order releases that hold first (Kornit X keeps one status per order).
                `shipping_tracking` (and `shipping_carrier`) attach a tracking. The same code again is a no-op (200).
                Errors are `{"error": {"code", "message"}}`: 100 invalid JSON, 0 see message (400 unknown code, 404
                unknown order, 409 illegal move), 50000 wrong RefID or API key, 401 missing or unreadable header.
                `Idempotency-Key` is honoured.
                """)
            .Accepts<CustomGatewayStatusRequest>("application/json")
            .Produces<CustomGatewayOrder>(StatusCodes.Status200OK)
            .Produces<CustomGatewayError>(StatusCodes.Status400BadRequest)
            .Produces<CustomGatewayError>(StatusCodes.Status401Unauthorized)
            .Produces<CustomGatewayError>(StatusCodes.Status403Forbidden)
            .Produces<CustomGatewayError>(StatusCodes.Status404NotFound)
            .Produces<CustomGatewayError>(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<CustomGatewayOrder>, SurfaceErrorResult>> SetStatusAsync(
        string id, HttpRequest request, OrderCommands commands, OrderQueries queries, CancellationToken ct)
    {
        if (!OrderKey.TryParseIdOrNumber(id, out var key))
        {
            return DialectSupport.OrderNotFound();
        }

        var body = await DialectSupport.ReadBodyAsync(request, ct);
        if (!CustomGatewayFormat.TryParseRequest(body, out var parsed, out var error, out var unknown))
        {
            return unknown is null
                ? DialectSupport.Error(ErrorKind.MalformedBody, "malformed_json", error)
                : DialectSupport.Error(ErrorKind.Unprocessable, OrderRuleCodes.UnknownFulfilmentCode, error);
        }

        var order = await commands.ApplyAsync(key, CustomGatewayFormat.ToChange(parsed), null, ct);
        DateTimeOffset? completedAt = null;
        if (CustomGatewayFormat.IsCompleted(order.Status))
        {
            var history = await DialectSupport.AllHistoryAsync(queries, OrderKey.ById(order.Id), ct);
            completedAt = history.FirstOrDefault(e => e.ToStatus is { } to && CustomGatewayFormat.IsCompleted(to))?.OccurredAt;
        }

        return TypedResults.Ok(CustomGatewayFormat.ToOrder(order, order.Number, completedAt));
    }
}

internal static class CustomGatewaySetup
{
    public static IServiceCollection AddCustomGatewayDialect(this IServiceCollection services) => services
        .AddCallerScheme<CustomGatewayAuthenticationHandler>(CustomGatewayAuthenticationHandler.SchemeName)
        .AddEndpointModule<CustomGatewayEndpoints>()
        .AddSurfaceOpenApiDocument(new SurfaceOpenApiDocument(
            CustomGatewayEndpoints.DocumentName,
            "Custom Gateway / Kornit X order status",
            """
            Kornit X's order status API (`PUT /order/{id}/status`) over the same orders as the canonical API: existing
            Kornit X connectors switch by changing only the host. REFID is your API client's `clientId`, APIKEY its
            secret; send them as `authorization: basic REFID:APIKEY` (literally, as Kornit X documents it) or base64
            encoded (HTTP Basic), or send a bearer token from `POST /api/v1/auth/token`.
            """,
            new Dictionary<string, OpenApiSecurityScheme>(StringComparer.Ordinal)
            {
                ["basic"] = new()
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "basic",
                    Description = "REFID (client id) as user name, APIKEY (secret) as password: `Basic base64(REFID:APIKEY)`.",
                },
                ["refid-apikey"] = new()
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "authorization",
                    Description = "The literal form of the Kornit X documentation: `basic REFID:APIKEY` (paste the whole value).",
                },
                ["bearer"] = new()
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A token from `POST /api/v1/auth/token`.",
                },
            }));
}
