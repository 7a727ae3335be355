using System.Text.Json.Serialization;
using OrderStatus.Application.CustomerTracking;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.CustomerTracking;

/// <summary>
/// The customer-safe JSON of an order (<c>GET /track/{account}/{reference}</c> with
/// <c>Accept: application/json</c>, or <c>…/status.json</c>). Labels are in the negotiated language;
/// absent facts (prices when the merchant has not turned them on, the e-mail and street lines with
/// only a postal code) are left out.
/// </summary>
internal sealed record PublicOrderJson(
    string Reference,
    string Merchant,
    long AccountNumber,
    string Language,
    string Status,
    string StatusText,
    int? CurrentStep,
    IReadOnlyList<PublicStepJson> Steps,
    DateTimeOffset OrderedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? DeliveredAt,
    IReadOnlyList<PublicTrackingJson> Trackings,
    IReadOnlyList<PublicItemJson> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Currency,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Total,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PublicRecipientJson? ShipTo)
{
    public static PublicOrderJson From(CustomerOrderView order, TrackingTexts texts)
    {
        var current = TrackingProgress.CurrentIndex(order.State);
        return new PublicOrderJson(
            order.Reference,
            order.MerchantName,
            order.AccountNumber,
            texts.Language,
            order.State.ToWireName(),
            TrackingProgress.StatusLine(order, texts),
            current < 0 ? null : current + 1,
            [.. TrackingProgress.Steps(order, texts).Select(s => new PublicStepJson(s.Key, s.Label, s.State.ToString().ToLowerInvariant()))],
            order.OrderedAt,
            order.UpdatedAt,
            order.DeliveredAt,
            [.. order.Trackings.Select(t => new PublicTrackingJson(
                t.Carrier,
                t.TrackingNumber,
                TrackingPage.SafeLink(t.TrackingUrl),
                t.Lifecycle.ToString(),
                texts.Lifecycle(t.Lifecycle),
                [.. t.Checkpoints.Select(c => new PublicCheckpointJson(c.OccurredAt, c.Status.ToString(), c.StatusText ?? texts.Lifecycle(c.Status), c.Location))]))],
            [.. order.Items.Select(i => new PublicItemJson(i.Name, i.Quantity, i.UnitPrice, i.LineTotal))],
            order.Currency,
            order.Total,
            order.Recipient is { } r
                ? new PublicRecipientJson(r.Name, r.Email, r.Line1, r.Line2, r.City, r.PostalCode, r.Region, r.CountryCode)
                : null);
    }
}

internal sealed record PublicStepJson(string Key, string Label, string State);

internal sealed record PublicTrackingJson(
    string? Carrier,
    string TrackingNumber,
    string? TrackingUrl,
    string Lifecycle,
    string LifecycleText,
    IReadOnlyList<PublicCheckpointJson> Checkpoints);

internal sealed record PublicCheckpointJson(DateTimeOffset OccurredAt, string Status, string StatusText, string? Location);

internal sealed record PublicItemJson(
    string Name,
    int Quantity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? UnitPrice,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? LineTotal);

internal sealed record PublicRecipientJson(
    string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Line1,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Line2,
    string? City,
    string? PostalCode,
    string? Region,
    string? CountryCode);

/// <summary>The answer of <c>POST /api/v1/orders/{id}/tracking-link</c>.</summary>
/// <summary>A signed link to the order's public status page, and the same signature for the widget and the JSON.</summary>
/// <param name="Url">The status page for the customer (no credentials needed).</param>
/// <param name="S">The signature alone, the <c>s</c> query parameter of the public routes.</param>
/// <param name="ExpiresAt">The link stops working then (or earlier, when the tracking secret is rotated).</param>
public sealed record TrackingLinkResponse(string Url, string S, DateTimeOffset ExpiresAt, string WidgetUrl, string StatusJsonUrl);

/// <summary>Options of a new tracking link.</summary>
/// <param name="TtlDays">How long the link works, 1–365 days (default 90).</param>
public sealed record TrackingLinkRequest(int? TtlDays);

/// <summary>Options of a secret rotation.</summary>
/// <param name="GraceMinutes">Links signed before keep working this long, 0–10080 (default <c>Tracking:RotationGraceMinutes</c>, 60).</param>
public sealed record RotateTrackingSecretRequest(int? GraceMinutes);

/// <summary>Changes to the tracking settings; a field left out stays as it is.</summary>
/// <param name="ShowPrices">Show item prices and the total on the customer page and JSON.</param>
public sealed record TrackingSettingsRequest(bool? ShowPrices);
