using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrderStatus.Api.Access;
using OrderStatus.Api.OpenApi;
using OrderStatus.Api.Orders;
using OrderStatus.Api.Surfaces;
using OrderStatus.Application.Access;
using OrderStatus.Application.CustomerTracking;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.CustomerTracking;

/// <summary>The merchant's side of public tracking: signed links (scope orders:read), the secret and the settings (tracking:manage).</summary>
internal static class TrackingEndpoints
{
    public static IEndpointRouteBuilder MapTrackingEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/orders/{id}/tracking-link", async Task<Ok<TrackingLinkResponse>> (
                string id, TrackingLinkRequest? body, HttpContext http, TrackingAdministration tracking, IOptions<TrackingOptions> options,
                CancellationToken ct) =>
            {
                var grant = await tracking.IssueLinkAsync(Ids.Order(id), body?.TtlDays, ct);
                return TypedResults.Ok(Link(http, options.Value, grant));
            })
            .RequireAuthorization(Scopes.OrdersRead)
            .WithTags("Public tracking")
            .WithName("CreateTrackingLink")
            .WithMetadata(new OpenApiExample(new TrackingLinkRequest(30), null))
            .WithSummary("A signed link to the order's public status page, for the customer.")
            .WithDescription("`ttlDays` 1–365 (default 90). The link opens the status page without credentials; `s` also works on the JSON, the widget and parcelLab's `/v4/track/orders/info?s=`. Links stop working at `expiresAt` or when the tracking secret is rotated (after its grace period). Nothing is stored: issue links as often as you like.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();

        var settings = api.MapGroup("/tracking").WithTags("Public tracking").RequireAuthorization(Scopes.TrackingManage);

        settings.MapGet("/settings", async Task<Ok<TrackingSettingsView>> (OrdersDbContext db, TrackingAdministration tracking, CancellationToken ct) =>
                TypedResults.Ok(await tracking.GetSettingsAsync(db.MerchantId, ct)))
            .WithName("GetTrackingSettings")
            .WithSummary("Whether the customer page shows prices, and when the tracking secret was last rotated.");

        settings.MapPatch("/settings", async Task<Ok<TrackingSettingsView>> (
                TrackingSettingsRequest body, OrdersDbContext db, TrackingAdministration tracking, CancellationToken ct) =>
            {
                var current = await tracking.GetSettingsAsync(db.MerchantId, ct);
                return TypedResults.Ok(body.ShowPrices is { } showPrices && showPrices != current.ShowPrices
                    ? await tracking.SetShowPricesAsync(db.MerchantId, showPrices, ct)
                    : current);
            })
            .WithName("UpdateTrackingSettings")
            .WithMetadata(new OpenApiExample(new TrackingSettingsRequest(true), null))
            .WithSummary("Turn prices (item prices and the total) on the customer page and JSON on or off.")
            .ProducesValidationProblem();

        settings.MapPost("/secret/rotate", async Task<Ok<TrackingSettingsView>> (
                RotateTrackingSecretRequest? body, OrdersDbContext db, TrackingAdministration tracking, IOptions<TrackingOptions> options,
                CancellationToken ct) =>
                TypedResults.Ok(await tracking.RotateSecretAsync(
                    db.MerchantId, TimeSpan.FromMinutes(body?.GraceMinutes ?? options.Value.RotationGraceMinutes), ct)))
            .WithName("RotateTrackingSecret")
            .WithMetadata(new OpenApiExample(new RotateTrackingSecretRequest(60), null))
            .WithSummary("Replace the secret that signs tracking links.")
            .WithDescription("Links signed before keep working for `graceMinutes` (default `Tracking:RotationGraceMinutes`, 60; 0 ends them at once; at most 10080), then answer 404. The secret itself is never shown.")
            .ProducesValidationProblem();

        return api;
    }

    private static TrackingLinkResponse Link(HttpContext http, TrackingOptions options, TrackingLinkGrant grant)
    {
        var origin = string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}"
            : options.PublicBaseUrl.TrimEnd('/');
        var page = $"{origin}/track/{grant.AccountNumber}/{Uri.EscapeDataString(grant.Reference)}";
        var query = "?" + PublicTrackingEndpoints.SignatureParameter + "=" + grant.Signature;
        return new TrackingLinkResponse(page + query, grant.Signature, grant.ExpiresAt, page + "/widget.svg" + query, page + "/status.json" + query);
    }
}

/// <summary>The tracking secrets' encryption key: <c>Tracking:SecretEncryptionKey</c>, else derived from the token signing key.</summary>
internal sealed class TrackingKeyProvider(IOptions<TrackingOptions> options, SigningKeyProvider signingKeys) : ITrackingKeyProvider
{
    public async ValueTask<byte[]> GetKeyAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.SecretEncryptionKey))
        {
            return await signingKeys.GetAsync(cancellationToken);
        }

        try
        {
            var key = Convert.FromBase64String(options.Value.SecretEncryptionKey);
            return key.Length >= 32 ? key : throw new InvalidOperationException("Tracking:SecretEncryptionKey must be at least 32 bytes.");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Tracking:SecretEncryptionKey is not valid base64.");
        }
    }
}

internal static class TrackingSetup
{
    public static IServiceCollection AddOrderStatusTracking(this IServiceCollection services)
    {
        services.AddOptions<TrackingOptions>().BindConfiguration(TrackingOptions.Section)
            .Validate(o => o.FailedLookupsPerMinute > 0, "Tracking:FailedLookupsPerMinute must be positive.")
            .Validate(o => o.RotationGraceMinutes >= 0 && o.RotationGraceMinutes <= TrackingAdministration.MaxGrace.TotalMinutes,
                "Tracking:RotationGraceMinutes must be between 0 and 10080.");
        services.AddSingleton<ITrackingKeyProvider, TrackingKeyProvider>();
        services.AddSingleton<TrackingSecretProtector>();
        services.AddSingleton<FailedLookupLimiter>();
        services.AddScoped<TrackingAdministration>();
        services.AddScoped<PublicTracking>();
        services.AddEndpointModule<PublicTrackingModule>();
        // The customer-facing routes have a document of their own: no credentials, no /api prefix.
        services.AddSurfaceOpenApiDocument(new SurfaceOpenApiDocument(
            PublicTrackingEndpoints.DocumentName,
            "OrderStatus public tracking",
            "Customer-facing order tracking without credentials: the status page, its JSON and the SVG widget. " +
            "Send `s` (from `POST /api/v1/orders/{id}/tracking-link`), `email` or `postalCode`. See docs/public-tracking.md.",
            new Dictionary<string, Microsoft.OpenApi.OpenApiSecurityScheme>()));
        Dialects.ParcelLab.ParcelLabModule.AddParcelLab(services);
        return services;
    }
}
