using System.Globalization;
using System.Text.Json;
using OrderStatus.Application.CustomerTracking;
using OrderStatus.Domain.Orders;
using OrderStatus.Domain.Reference;

namespace OrderStatus.Api.Dialects.ParcelLab;

/// <summary>
/// parcelLab's order-info response (DIALECTS.md 5.4), built from the customer-safe projection: snake_case
/// names, every field of the schema present (absent values <c>null</c>), date-times
/// <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, dates <c>yyyy-MM-dd</c>, ISO alpha-3 countries, the lifecycle
/// values as they are, checkpoints newest first.
/// </summary>
internal sealed record ParcelLabOrderInfo(
    string OrderNumber,
    string? ClientKey,
    string OrderDate,
    string? RecipientName,
    string? RecipientEmail,
    string? DestinationCountryIso3,
    IReadOnlyList<ParcelLabTracking> Trackings)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    };

    /// <param name="order">The order as the caller may see it.</param>
    /// <param name="onlyTrackingNumber">With <c>single_tracking</c>: only the tracking with this number.</param>
    public static ParcelLabOrderInfo From(CustomerOrderView order, string? onlyTrackingNumber)
    {
        var recipient = order.Recipient;
        var country = Countries.Alpha3(recipient?.CountryCode);
        var articles = order.Items.Select(ParcelLabArticle.From).ToList();
        var trackings = order.Trackings
            .Where(t => onlyTrackingNumber is null || string.Equals(t.TrackingNumber, onlyTrackingNumber.Trim(), StringComparison.Ordinal))
            .Select(t => ParcelLabTracking.From(t, recipient, country, articles))
            .ToList();
        return new ParcelLabOrderInfo(order.Reference, order.Channel, DateTime(order.OrderedAt)!, recipient?.Name, recipient?.Email, country, trackings);
    }

    public static string? DateTime(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Date(DateTimeOffset? value) => value?.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>parcelLab status-model code per lifecycle stage (DIALECTS.md 5.4).</summary>
    public static string StatusCode(TrackingLifecycle lifecycle) => lifecycle switch
    {
        TrackingLifecycle.Pending => "Pending",
        TrackingLifecycle.Transit => "InTransit",
        TrackingLifecycle.Customs => "CustomsIn",
        TrackingLifecycle.LastMile => "OutForDelivery",
        TrackingLifecycle.ReadyToCollect => "PickupReadyToday",
        TrackingLifecycle.Delivered => "Delivered",
        TrackingLifecycle.SentBack or TrackingLifecycle.Returned => "Return",
        TrackingLifecycle.Failed => "FailedAttemptFinal",
        TrackingLifecycle.Cancelled => "Cancelled",
        _ => lifecycle.ToString(),
    };
}

internal sealed record ParcelLabTracking(
    string TrackingNumber,
    ParcelLabCourierInfo CourierInfo,
    ParcelLabDeliveryStatus LastDeliveryStatus,
    string? DeliveryLocation,
    bool IsDelayed,
    bool IsException,
    bool IsReturn,
    object? ActionBox,
    string? RecipientName,
    string? RecipientEmail,
    string? DestinationCountryIso3,
    string? RecipientPostalCode,
    string? IdentifiersConsignment,
    ParcelLabShippingAddress? ShippingAddress,
    IReadOnlyList<ParcelLabArticle> Articles,
    IReadOnlyDictionary<string, object?> AdditionalAttributes,
    string? AnnouncedDeliveryDate,
    string? AnnouncedDeliveryDateMin,
    string? PodIdentifier,
    string? PodSignature,
    string? PodDate,
    string Timezone,
    ParcelLabReportingInfo ReportingInfo,
    bool SupportsLiveRefresh,
    IReadOnlyList<ParcelLabCheckpoint> Checkpoints)
{
    public static ParcelLabTracking From(
        CustomerTrackingView tracking, CustomerRecipientView? recipient, string? country, IReadOnlyList<ParcelLabArticle> articles)
    {
        // Steps count from the oldest checkpoint (1); the list shows the newest first.
        var count = tracking.Checkpoints.Count;
        var checkpoints = tracking.Checkpoints.Select((c, i) => ParcelLabCheckpoint.From(c, count - i, tracking.Carrier)).ToList();
        var newest = checkpoints.FirstOrDefault();
        var delivered = FirstAt(tracking, TrackingLifecycle.Delivered);
        var returned = FirstAt(tracking, TrackingLifecycle.Returned);
        return new ParcelLabTracking(
            tracking.TrackingNumber,
            new ParcelLabCourierInfo(tracking.Carrier?.Trim().ToLowerInvariant(), tracking.Carrier, tracking.TrackingUrl, null, null, null),
            newest is null
                ? new ParcelLabDeliveryStatus(0, "Pending", null, null, nameof(TrackingLifecycle.Pending), null, null, null, null, null)
                : new ParcelLabDeliveryStatus(newest.Step, newest.StatusCode, newest.StatusText, null, tracking.Checkpoints[0].Status.ToString(),
                    null, newest.ExceptionType, newest.EventTimestamp, null, IconHint(tracking.Checkpoints[0].Status)),
            newest?.Location,
            IsDelayed: false,
            IsException: tracking.Lifecycle == TrackingLifecycle.Failed,
            IsReturn: tracking.Lifecycle is TrackingLifecycle.SentBack or TrackingLifecycle.Returned,
            ActionBox: null,
            recipient?.Name,
            recipient?.Email,
            country,
            recipient?.PostalCode,
            IdentifiersConsignment: null,
            ParcelLabShippingAddress.From(recipient, country),
            articles,
            new Dictionary<string, object?>(),
            AnnouncedDeliveryDate: null,
            AnnouncedDeliveryDateMin: null,
            PodIdentifier: null,
            PodSignature: null,
            ParcelLabOrderInfo.Date(delivered),
            "UTC",
            new ParcelLabReportingInfo(
                IsForgotten: false,
                IsDelayed: false,
                HasFailedAttempt: tracking.Checkpoints.Any(c => c.Status == TrackingLifecycle.Failed),
                IsDelayedDispatch: false,
                IsReturned: tracking.Lifecycle == TrackingLifecycle.Returned,
                IsCustomerPromiseExceeded: false,
                TrendingLateProbability: null,
                TrendingLateStatus: null,
                ContactedWithMessages: [],
                ExceptionMessages: [],
                ParcelLabOrderInfo.DateTime(FirstAt(tracking, TrackingLifecycle.Transit)),
                PickupDate: null,
                CourierDropoffDate: null,
                ParcelLabOrderInfo.DateTime(delivered),
                ParcelLabOrderInfo.DateTime(returned)),
            SupportsLiveRefresh: false,
            checkpoints);
    }

    private static DateTimeOffset? FirstAt(CustomerTrackingView tracking, TrackingLifecycle lifecycle) =>
        tracking.Checkpoints.Where(c => c.Status == lifecycle).Select(c => (DateTimeOffset?)c.OccurredAt).Min();

    private static string IconHint(TrackingLifecycle lifecycle) => lifecycle switch
    {
        TrackingLifecycle.Delivered => "delivered",
        TrackingLifecycle.Failed or TrackingLifecycle.Cancelled => "exception",
        TrackingLifecycle.SentBack or TrackingLifecycle.Returned => "return",
        TrackingLifecycle.ReadyToCollect => "pickup",
        _ => "transit",
    };
}

internal sealed record ParcelLabCourierInfo(
    string? Courier,
    string? CourierName,
    string? CourierTrackingUrl,
    string? CourierRerouteUrl,
    string? LastMileCourier,
    string? LastMileCourierName);

internal sealed record ParcelLabDeliveryStatus(
    int Step,
    string StatusCode,
    string? StatusText,
    string? StatusDetails,
    string LifecycleStatus,
    string? DeliveryExtraInfo,
    string? ExceptionType,
    string? EventTimestamp,
    string? NextAction,
    string? IconHint);

internal sealed record ParcelLabShippingAddress(
    string? FirstName,
    string? LastName,
    string? CompanyName,
    string? AddressLine,
    string? AddressLineExtra,
    string? PostalCode,
    string? City,
    string? CountryIso3,
    string? RegionCode,
    string? Phone)
{
    public static ParcelLabShippingAddress? From(CustomerRecipientView? recipient, string? country)
    {
        if (recipient is null)
        {
            return null;
        }

        // "Ada King Lovelace" → first "Ada King", last "Lovelace": split at the last space.
        var name = recipient.Name?.Trim();
        var space = name?.LastIndexOf(' ') ?? -1;
        var (first, last) = name is null ? (null, null) : space > 0 ? (name[..space], name[(space + 1)..]) : (name, null);
        return new ParcelLabShippingAddress(first, last, null, recipient.Line1, recipient.Line2, recipient.PostalCode, recipient.City,
            country, recipient.Region, null);
    }
}

internal sealed record ParcelLabArticle(
    string Version,
    string LineItemId,
    string? ProductId,
    string? Sku,
    string? OrderItemId,
    string ArticleName,
    string? ArticleCategory,
    string? ArticleStoreUrl,
    string? ArticleImageUrl,
    string? ArticleBrand,
    string? Size,
    string? Color,
    decimal? Width,
    decimal? Height,
    decimal? Length,
    string? LengthUnit,
    decimal? Weight,
    string? WeightUnit,
    string? UnitPrice,
    int Quantity,
    string? AmountInvoiced,
    string? OriginCountryIso3,
    bool? IsBulky,
    IReadOnlyList<string> Tags,
    IReadOnlyList<object> AdditionalAttributes)
{
    public static ParcelLabArticle From(CustomerItemView item) => new(
        "v1",
        item.Id.ToString(),
        null,
        item.Sku,
        null,
        item.Name,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Money(item.UnitPrice),
        item.Quantity,
        Money(item.LineTotal),
        null,
        null,
        [],
        []);

    private static string? Money(decimal? amount) => amount?.ToString("0.00##", CultureInfo.InvariantCulture);
}

internal sealed record ParcelLabReportingInfo(
    bool IsForgotten,
    bool IsDelayed,
    bool HasFailedAttempt,
    bool IsDelayedDispatch,
    bool IsReturned,
    bool IsCustomerPromiseExceeded,
    decimal? TrendingLateProbability,
    string? TrendingLateStatus,
    IReadOnlyList<string> ContactedWithMessages,
    IReadOnlyList<string> ExceptionMessages,
    string? InTransitDate,
    string? PickupDate,
    string? CourierDropoffDate,
    string? DeliveryDate,
    string? ReturnedDate);

internal sealed record ParcelLabCheckpoint(
    int Step,
    string? Courier,
    string StatusCode,
    string EventTimestamp,
    string? StatusText,
    string? StatusDetails,
    bool IsHidden,
    string? Location,
    string? DeliveryLocationType,
    string? DeliveryExtraInfo,
    object? EstimatedDeliveryDate,
    string? ExceptionType,
    string? NextAction)
{
    public static ParcelLabCheckpoint From(CustomerCheckpointView checkpoint, int step, string? carrier) => new(
        step,
        carrier?.Trim().ToLowerInvariant(),
        ParcelLabOrderInfo.StatusCode(checkpoint.Status),
        ParcelLabOrderInfo.DateTime(checkpoint.OccurredAt)!,
        checkpoint.StatusText,
        null,
        false,
        checkpoint.Location,
        checkpoint.Status == TrackingLifecycle.ReadyToCollect ? "ParcelShop" : null,
        null,
        null,
        checkpoint.Status is TrackingLifecycle.Failed ? "Failed" : null,
        null);
}
