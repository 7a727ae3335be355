using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using OrderStatus.Application.Orders;

namespace OrderStatus.Api.Dialects.PitneyBowes;

// The Pitney Bowes Fulfillment "Get Order Status" API (seed 003, DIALECTS.md section 4): wire shapes and the
// pure translations from the canonical model. PB's own casing: camelCase except access_token and clientID.

/// <summary>The order status: exactly the 11 fields of the seed's sample response.</summary>
internal sealed record PitneyBowesOrderStatus(
    [property: JsonPropertyName("clientId")] string ClientId,
    [property: JsonPropertyName("clientOrderId")] string ClientOrderId,
    [property: JsonPropertyName("orderId")] string OrderId,
    [property: JsonPropertyName("customerOrderId")] string? CustomerOrderId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("isOnHold")] bool IsOnHold,
    [property: JsonPropertyName("holdReason")] IReadOnlyList<string> HoldReason,
    [property: JsonPropertyName("createDate")] string CreateDate,
    [property: JsonPropertyName("pbCreateDate")] string PbCreateDate,
    [property: JsonPropertyName("updateDate")] string UpdateDate,
    [property: JsonPropertyName("pbUpdateDate")] string PbUpdateDate);

/// <summary><c>POST /oauth/token</c>'s answer, as PB clients parse it (numbers as strings).</summary>
internal sealed record PitneyBowesToken(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("tokenType")] string TokenType,
    [property: JsonPropertyName("issuedAt")] string IssuedAt,
    [property: JsonPropertyName("expiresIn")] string ExpiresIn,
    [property: JsonPropertyName("clientID")] string ClientId,
    [property: JsonPropertyName("org")] string Org);

/// <summary>PB's standard error object; each item carries <c>message</c> too for legacy-format clients.</summary>
internal sealed record PitneyBowesErrorList([property: JsonPropertyName("errors")] IReadOnlyList<PitneyBowesError> Errors);

internal sealed record PitneyBowesError(
    [property: JsonPropertyName("errorCode")] string ErrorCode,
    [property: JsonPropertyName("errorDescription")] string ErrorDescription,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("additionalInfo")] string? AdditionalInfo,
    [property: JsonPropertyName("parameters")] IReadOnlyList<string> Parameters);

/// <summary>The API gateway's flat 401 body (<c>PB-APIM-ERR-…</c>).</summary>
internal sealed record PitneyBowesGatewayError(
    [property: JsonPropertyName("errorCode")] string ErrorCode,
    [property: JsonPropertyName("errorDescription")] string ErrorDescription);

/// <summary>Error codes: PB's gateway codes where sourced, synthetic 80-prefix codes otherwise (ADR).</summary>
internal static class PitneyBowesCodes
{
    /// <summary>The machine code (<c>ApiError.Code</c>) of a missing or malformed X-PB-TransactionId.</summary>
    public const string InvalidTransactionIdError = "invalid_transaction_id";

    /// <summary>The machine code of a missing <c>clientId</c> query parameter.</summary>
    public const string InvalidClientIdError = "invalid_client_id";

    public const string InvalidAccessToken = "PB-APIM-ERR-1002";
    public const string InvalidAccessTokenDescription = "Invalid Access Token";
    public const string InvalidClientCredentials = "PB-APIM-ERR-1001";
    public const string InvalidClientId = "8000001";
    public const string InvalidTransactionId = "8000002";
    public const string InvalidRequest = "8000400";
    public const string NotFound = "8000404";
    public const string MethodNotAllowed = "8000405";
    public const string Conflict = "8000409";
    public const string Unprocessable = "8000422";
    public const string Unavailable = "8000503";
    public const string PayloadTooLarge = "8000413";
    public const string UnsupportedMediaType = "8000415";
    public const string TooManyRequests = "8000429";
    public const string Forbidden = "8000403";
    public const string Internal = "8000500";
}

internal static partial class PitneyBowesFormat
{
    public const string TransactionIdHeader = "X-PB-TransactionId";

    /// <summary>Echoes the request's X-PB-TransactionId on the response when it is valid (never an invalid value).</summary>
    public static void EchoTransactionId(HttpContext context)
    {
        var sent = context.Request.Headers[TransactionIdHeader];
        if (sent.Count == 1 && IsValidTransactionId(sent[0]))
        {
            context.Response.Headers[TransactionIdHeader] = sent[0];
        }
    }

    /// <summary>"up to 25 characters … letters, numbers, hyphens (-), and underscores (_)".</summary>
    public static bool IsValidTransactionId(string? value) => value is not null && TransactionId().IsMatch(value);

    /// <summary>ISO 8601 with a numeric offset and second precision, in UTC: <c>2022-05-07T10:36:48+00:00</c>.</summary>
    public static string FormatDate(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>ON_HOLD whenever held, else the lifecycle status in PB's SCREAMING_SNAKE words.</summary>
    public static string Status(string canonicalStatus, bool onHold) => onHold ? "ON_HOLD" : canonicalStatus switch
    {
        "created" or "paid" => "RECEIVED",
        "in_fulfilment" => "IN_PROCESS",
        "sent" => "SHIPPED",
        "delivered" => "DELIVERED",
        "done" => "COMPLETED",
        "cancelled" => "CANCELLED",
        _ => throw new ArgumentOutOfRangeException(nameof(canonicalStatus), canonicalStatus, "Not an order status."),
    };

    /// <param name="order">The order.</param>
    /// <param name="clientId">The <c>clientId</c> the caller asked with, echoed as PB does.</param>
    public static PitneyBowesOrderStatus ToStatus(OrderView order, string clientId) => new(
        clientId,
        order.Reference,
        order.Id.ToString(),
        order.ExternalOrderId,
        Status(order.Status, order.OnHold),
        order.OnHold,
        order.OnHold ? order.HoldReasons : [],
        FormatDate(order.ClientCreatedAt ?? order.CreatedAt),
        FormatDate(order.CreatedAt),
        FormatDate(order.ClientUpdatedAt ?? order.UpdatedAt),
        FormatDate(order.UpdatedAt));

    public static PitneyBowesToken ToToken(string accessToken, DateTimeOffset issuedAt, TimeSpan lifetime, string clientId, string org) => new(
        accessToken,
        "BearerToken",
        issuedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        ((long)lifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        clientId,
        org);

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,25}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TransactionId();
}
