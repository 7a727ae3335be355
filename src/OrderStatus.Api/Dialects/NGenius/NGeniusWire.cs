using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrderStatus.Application.Orders;
using OrderStatus.Domain.Orders;
using OrderStatus.Domain.Reference;

namespace OrderStatus.Api.Dialects.NGenius;

// The N-Genius Online order status API (seed 000, DIALECTS.md section 1): wire shapes (HAL, camelCase with
// `_id`, `_links`, `_embedded`) and the pure translations from the canonical model.

internal static class NGeniusMediaTypes
{
    public const string Identity = "application/vnd.ni-identity.v1+json";
    public const string Payment = "application/vnd.ni-payment.v2+json";
    public const string Reporting = "application/vnd.ni-reporting.v3+json";
}

/// <summary><c>POST /identity/auth/access-token</c>'s answer (Keycloak's field names).</summary>
internal sealed record NGeniusToken(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_expires_in")] int RefreshExpiresIn,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("token_type")] string TokenType);

internal sealed record NGeniusCollectionStatusResult(
    [property: JsonPropertyName("collectionStatus")] string CollectionStatus,
    [property: JsonPropertyName("timestamp")] string Timestamp);

internal sealed record NGeniusErrorList(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("errors")] IReadOnlyList<NGeniusError> Errors)
{
    public static NGeniusErrorList Of(int status, string title, string errorCode, string domain, string message) =>
        new(title, status, [new NGeniusError(message, message, errorCode, domain)]);
}

internal sealed record NGeniusError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("localizedMessage")] string LocalizedMessage,
    [property: JsonPropertyName("errorCode")] string ErrorCode,
    [property: JsonPropertyName("domain")] string Domain);

internal sealed record NGeniusLink([property: JsonPropertyName("href")] string Href);

internal sealed record NGeniusAmount(
    [property: JsonPropertyName("currencyCode")] string CurrencyCode,
    [property: JsonPropertyName("value")] long Value);

/// <summary><c>GET /transactions/outlets/{outletRef}/orders/{orderReference}</c>.</summary>
internal sealed record NGeniusOrder(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("_links")] IReadOnlyDictionary<string, NGeniusLink> Links,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("merchantDefinedData")] IReadOnlyDictionary<string, string> MerchantDefinedData,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("amount")] NGeniusAmount Amount,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("merchantAttributes")] IReadOnlyDictionary<string, string> MerchantAttributes,
    [property: JsonPropertyName("reference")] string Reference,
    [property: JsonPropertyName("merchantOrderReference")] string MerchantOrderReference,
    [property: JsonPropertyName("outletId")] string OutletId,
    [property: JsonPropertyName("createDateTime")] string CreateDateTime,
    [property: JsonPropertyName("formattedAmount")] string FormattedAmount,
    [property: JsonPropertyName("collectionStatus")] string? CollectionStatus,
    [property: JsonPropertyName("_embedded")] NGeniusOrderEmbedded Embedded);

internal sealed record NGeniusOrderEmbedded([property: JsonPropertyName("payment")] IReadOnlyList<NGeniusPayment> Payment);

internal sealed record NGeniusPayment(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("_links")] IReadOnlyDictionary<string, NGeniusLink> Links,
    [property: JsonPropertyName("reference")] string Reference,
    [property: JsonPropertyName("outletId")] string OutletId,
    [property: JsonPropertyName("orderReference")] string OrderReference,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("amount")] NGeniusAmount Amount,
    [property: JsonPropertyName("updateDateTime")] string UpdateDateTime,
    [property: JsonPropertyName("_embedded")] IReadOnlyDictionary<string, IReadOnlyList<NGeniusCapture>> Embedded);

internal sealed record NGeniusCapture(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("amount")] NGeniusAmount Amount);

/// <summary><c>GET /reporting/outlets/{outletRef}/orders/{orderReference}</c>.</summary>
internal sealed record NGeniusEventList([property: JsonPropertyName("_embedded")] NGeniusEventsEmbedded Embedded);

internal sealed record NGeniusEventsEmbedded([property: JsonPropertyName("events")] IReadOnlyList<NGeniusEvent> Events);

internal sealed record NGeniusEvent(
    [property: JsonPropertyName("metaData")] IReadOnlyDictionary<string, string> MetaData,
    [property: JsonPropertyName("eventGroupType")] string EventGroupType,
    [property: JsonPropertyName("eventName")] string EventName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("payload")] NGeniusEventPayload Payload,
    [property: JsonPropertyName("outletId")] string OutletId,
    [property: JsonPropertyName("outletName")] string OutletName,
    [property: JsonPropertyName("reversedAmountValue")] long ReversedAmountValue);

internal sealed record NGeniusEventPayload(
    [property: JsonPropertyName("reference")] string Reference,
    [property: JsonPropertyName("orderResource")] string OrderResource,
    [property: JsonPropertyName("collectionStatus")] string? CollectionStatus,
    [property: JsonPropertyName("outletId")] string OutletId,
    [property: JsonPropertyName("paymentReference")] string PaymentReference,
    [property: JsonPropertyName("tenantRef")] string TenantRef,
    [property: JsonPropertyName("orderStatus")] string OrderStatus,
    [property: JsonPropertyName("userName")] string? UserName,
    [property: JsonPropertyName("userRole")] string UserRole,
    [property: JsonPropertyName("eventType")] string EventType);

internal static class NGeniusFormat
{
    /// <summary>
    /// Namespace of the payment ids derived from order ids (UUIDv5, RFC 9562 section 5.5). Fixed forever:
    /// changing it would change every derived payment id that clients have stored.
    /// </summary>
    public static readonly Guid PaymentIdNamespace = new("5b0f4c0e-8a7d-4f8e-9d0c-7c2f1e6a3b91");

    /// <summary>
    /// The order's payment id: the recorded <c>paymentReference</c> when it is a UUID, else a UUID derived
    /// from the order id, so that every order has one stable payment id before and after payment.
    /// </summary>
    public static Guid PaymentId(Guid orderId, string? paymentReference) =>
        Guid.TryParseExact(paymentReference?.Trim(), "D", out var recorded)
            ? recorded
            : UUIDNext.Uuid.NewNameBased(PaymentIdNamespace, orderId.ToString("D"));

    /// <summary>The vendor media type of a route family: identity, reporting, else payment (transactions).</summary>
    public static string MediaTypeFor(PathString path) =>
        path.StartsWithSegments("/identity") ? NGeniusMediaTypes.Identity
        : path.StartsWithSegments("/reporting") ? NGeniusMediaTypes.Reporting
        : NGeniusMediaTypes.Payment;

    /// <summary>
    /// ISO 8601 UTC with 9 fractional digits and <c>Z</c>, like N-Genius. Truncated to microseconds (PostgreSQL's
    /// precision), so a time answered right after a change equals the same time read back later.
    /// </summary>
    public static string FormatTimestamp(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % 10)).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'000Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>An amount in the currency's minor units (2640 for 26.40 EUR).</summary>
    public static long MinorUnits(decimal amount, string currency)
    {
        var digits = Currencies.TryGetMinorUnits(currency, out var d) ? d : 2;
        var factor = 1m;
        for (var i = 0; i < digits; i++)
        {
            factor *= 10;
        }

        return (long)decimal.Round(amount * factor, MidpointRounding.AwayFromZero);
    }

    public static string FormattedAmount(decimal amount, string currency)
    {
        var digits = Currencies.TryGetMinorUnits(currency, out var d) ? d : 2;
        return currency + amount.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Payment state: created → STARTED; paid or later → CAPTURED; cancelled after a payment → REVERSED,
    /// before one → FAILED.
    /// </summary>
    public static string PaymentState(string status, bool paid) => status switch
    {
        "cancelled" => paid ? "REVERSED" : "FAILED",
        _ when paid => "CAPTURED",
        "created" => "STARTED",
        _ => "CAPTURED",
    };

    /// <summary>Paid: a payment is recorded, or the order went past payment (pay later, cash on delivery).</summary>
    public static bool IsPaid(OrderView order) =>
        order.PaidAmount is not null || order.Status is "paid" or "in_fulfilment" or "sent" or "delivered" or "done";

    public static string OrderPath(Guid merchantId, Guid orderId) =>
        $"/transactions/outlets/{merchantId:D}/orders/{orderId:D}";

    /// <param name="order">The order.</param>
    /// <param name="merchantId">The caller's merchant: the outlet.</param>
    /// <param name="baseUrl">Scheme and host of the request (<c>https://host</c>), for the HAL links.</param>
    public static NGeniusOrder ToOrder(OrderView order, Guid merchantId, string baseUrl)
    {
        var paymentId = PaymentId(order.Id, order.PaymentReference);
        var orderUrl = baseUrl + OrderPath(merchantId, order.Id);
        var paymentUrl = $"{orderUrl}/payments/{paymentId:D}";
        var paid = IsPaid(order);
        var amount = new NGeniusAmount(order.Currency, MinorUnits(order.Total, order.Currency));
        var links = new Dictionary<string, NGeniusLink>(StringComparer.Ordinal)
        {
            ["self"] = new(orderUrl),
            ["cnp:collection-status"] = new(paymentUrl + "/collection-status"),
            ["reporting"] = new(baseUrl + $"/reporting/outlets/{merchantId:D}/orders/{order.Id:D}"),
        };
        if (order.PaymentUrl is { } hosted)
        {
            links["payment"] = new(hosted);
        }

        var captures = paid
            ? new Dictionary<string, IReadOnlyList<NGeniusCapture>>(StringComparer.Ordinal)
            {
                ["cnp:capture"] = [new("SUCCESS", new(order.Currency, MinorUnits(order.PaidAmount ?? order.Total, order.Currency)))],
            }
            : new Dictionary<string, IReadOnlyList<NGeniusCapture>>(StringComparer.Ordinal);
        var payment = new NGeniusPayment(
            $"urn:payment:{paymentId:D}",
            new Dictionary<string, NGeniusLink>(StringComparer.Ordinal) { ["self"] = new(paymentUrl) },
            paymentId.ToString("D"),
            merchantId.ToString("D"),
            order.Id.ToString("D"),
            PaymentState(order.Status, paid),
            amount,
            FormatTimestamp(order.UpdatedAt),
            captures);
        return new NGeniusOrder(
            $"urn:order:{order.Id:D}",
            links,
            "SINGLE",
            new Dictionary<string, string>(StringComparer.Ordinal),
            "SALE",
            amount,
            "en",
            new Dictionary<string, string>(StringComparer.Ordinal),
            order.Id.ToString("D"),
            order.Reference,
            merchantId.ToString("D"),
            FormatTimestamp(order.ClientCreatedAt ?? order.CreatedAt),
            FormattedAmount(order.Total, order.Currency),
            order.CollectionStatus,
            new NGeniusOrderEmbedded([payment]));
    }

    /// <summary>(eventGroupType, eventName) of a history event.</summary>
    public static (string Group, string Name) EventNames(string type, string? toStatus) => type switch
    {
        OrderEventTypes.CollectionStatusUpdated => ("COLLECTION_STATUS", "COLLECTION_STATUS_UPDATED"),
        OrderEventTypes.PaymentRecorded => ("PAYMENT", "CAPTURED"),
        OrderEventTypes.StatusChanged when toStatus == "cancelled" => ("PAYMENT", "CANCELLED"),
        _ => ("ORDER", type),
    };

    /// <summary>Every history event, oldest first; <c>orderStatus</c> is CLOSE from the payment on, OPEN before.</summary>
    public static NGeniusEventList ToEvents(
        OrderView order, IEnumerable<HistoryEntryView> history, Guid merchantId, string merchantName, string baseUrl)
    {
        var paymentId = PaymentId(order.Id, order.PaymentReference).ToString("D");
        var orderResource = baseUrl + OrderPath(merchantId, order.Id);
        var outlet = merchantId.ToString("D");
        var closed = false;
        var events = new List<NGeniusEvent>();
        foreach (var entry in history)
        {
            closed |= entry.Type == OrderEventTypes.PaymentRecorded
                || entry.ToStatus is "paid" or "in_fulfilment" or "sent" or "delivered" or "done";
            var (group, name) = EventNames(entry.Type, entry.ToStatus);
            events.Add(new NGeniusEvent(
                new Dictionary<string, string>(StringComparer.Ordinal),
                group,
                name,
                "SUCCESS",
                FormatTimestamp(entry.OccurredAt),
                new NGeniusEventPayload(
                    order.Id.ToString("D"),
                    orderResource,
                    CollectionStatusOf(entry),
                    outlet,
                    paymentId,
                    outlet,
                    closed ? "CLOSE" : "OPEN",
                    entry.Actor.ClientId,
                    "MERCHANT_SYSTEMS",
                    entry.Type),
                outlet,
                merchantName,
                0));
        }

        return new NGeniusEventList(new NGeniusEventsEmbedded(events));
    }

    private static string? CollectionStatusOf(HistoryEntryView entry) =>
        entry.Type == OrderEventTypes.CollectionStatusUpdated
        && entry.Data.ValueKind == JsonValueKind.Object
        && entry.Data.TryGetProperty("collectionStatus", out var status)
        && status.ValueKind == JsonValueKind.String
            ? status.GetString()
            : null;
}
