using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrderStatus.Application.Orders;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.Dialects.CustomGateway;

// The Custom Gateway / Kornit X order status API (seed 002, DIALECTS.md section 3): wire shapes and the
// pure translations to and from the canonical model. Field names are Kornit X's own (Order Push JSON).

/// <summary>The body of <c>PUT /order/{id}/status</c>, as <c>CustomGatewayFormat.TryParseRequest</c> reads it.</summary>
internal sealed record CustomGatewayStatusRequest(
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("shipping_tracking")] string? ShippingTracking,
    [property: JsonPropertyName("shipping_carrier")] string? ShippingCarrier);

/// <summary>The 200 answer: the order in the Order Push subset Kornit X clients know.</summary>
internal sealed record CustomGatewayOrder(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("ref")] string Ref,
    [property: JsonPropertyName("external_ref")] string? ExternalRef,
    [property: JsonPropertyName("status")] int? Status,
    [property: JsonPropertyName("status_name")] string? StatusName,
    [property: JsonPropertyName("shipping_tracking")] string? ShippingTracking,
    [property: JsonPropertyName("shipping_carrier")] string? ShippingCarrier,
    [property: JsonPropertyName("has_been_completed")] bool HasBeenCompleted,
    [property: JsonPropertyName("completion_datetime")] string? CompletionDatetime,
    [property: JsonPropertyName("sale_datetime")] string SaleDatetime);

/// <summary><c>{"error": {"code", "message"}}</c>.</summary>
internal sealed record CustomGatewayError([property: JsonPropertyName("error")] CustomGatewayErrorBody Error)
{
    public static CustomGatewayError Of(int code, string message) => new(new CustomGatewayErrorBody(code, message));
}

internal sealed record CustomGatewayErrorBody(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message);

/// <summary>Kornit X's error codes (DIALECTS.md 3.5).</summary>
internal static class CustomGatewayCodes
{
    /// <summary>"See message": unknown status number, unknown order, illegal move.</summary>
    public const int SeeMessage = 0;

    /// <summary>Invalid JSON (also a status that is not an integer).</summary>
    public const int InvalidJson = 100;

    /// <summary>Unauthorised transaction request: no or unreadable Authorization header.</summary>
    public const int Unauthorised = 401;

    /// <summary>Either your RefID or your API key are incorrect.</summary>
    public const int WrongCredentials = 50000;

    public const string WrongCredentialsMessage = "Either your RefID or your API key are incorrect";
}

internal static class CustomGatewayFormat
{
    /// <summary>Kornit X dates: <c>YYYY-MM-DD HH:MM:SS</c>, UTC here.</summary>
    public static string FormatDate(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The message of code 0 for a number that is not a status code: names the valid ones.</summary>
    public static string UnknownCodeMessage(long status) =>
        string.Create(CultureInfo.InvariantCulture, $"{status} is not a valid order status code. ") + ValidCodesText;

    /// <summary>"Valid codes: 8 (Dispatched), 32 (QC Query), …".</summary>
    public static string ValidCodesText { get; } = string.Create(
        CultureInfo.InvariantCulture, $"Valid codes: {string.Join(", ", FulfilmentCode.All.Select(c => $"{c.Value} ({c.Name})"))}.");

    /// <summary>
    /// Reads the request body: a JSON object whose <c>status</c> is an integer and whose optional
    /// <c>shipping_tracking</c> / <c>shipping_carrier</c> are strings. Other members are ignored (Kornit X
    /// clients send what they have). On failure <paramref name="error"/> says what was wrong (code 100).
    /// </summary>
    public static bool TryParseRequest(
        ReadOnlySpan<byte> body,
        [NotNullWhen(true)] out CustomGatewayStatusRequest? request,
        [NotNullWhen(false)] out string? error,
        out long? unknownStatus)
    {
        request = null;
        unknownStatus = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), DialectSupport.StrictJson);
        }
        catch (JsonException)
        {
            error = "Invalid JSON: the body is not a JSON document.";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "Invalid JSON: the body must be a JSON object.";
                return false;
            }

            if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Number
                || !status.TryGetInt64(out var number))
            {
                error = "Invalid JSON: 'status' is required and must be an integer status code.";
                return false;
            }

            if (!TryGetOptionalString(root, "shipping_tracking", out var tracking)
                || !TryGetOptionalString(root, "shipping_carrier", out var carrier))
            {
                error = "Invalid JSON: 'shipping_tracking' and 'shipping_carrier' must be strings.";
                return false;
            }

            if (number is < int.MinValue or > int.MaxValue || !FulfilmentCode.TryGet((int)number, out _))
            {
                unknownStatus = number;
                error = UnknownCodeMessage(number);
                return false;
            }

            request = new CustomGatewayStatusRequest((int)number, tracking, carrier);
            error = null;
            return true;
        }
    }

    /// <summary>The change the request asks for; the tracking only when a tracking number is given.</summary>
    public static FulfilmentCodeChange ToChange(CustomGatewayStatusRequest request) =>
        StatusChange.Fulfilment(
            request.Status,
            string.IsNullOrWhiteSpace(request.ShippingTracking)
                ? null
                : new TrackingDetails(request.ShippingTracking, NullIfBlank(request.ShippingCarrier), null)) with
        {
            // Kornit X keeps one status per order: a non-hold code replaces a hold that a hold code placed.
            ReplacesCodeHold = true,
        };

    /// <param name="order">The order after the change.</param>
    /// <param name="number">The order's per-merchant number (Kornit X ids are integers).</param>
    /// <param name="completedAt">When the order first became sent (or later), from its history; null if never.</param>
    public static CustomGatewayOrder ToOrder(OrderView order, long number, DateTimeOffset? completedAt)
    {
        var code = order.FulfilmentCode is { } value && FulfilmentCode.TryGet(value, out var known) ? known : null;
        var tracking = order.Trackings.Count == 0 ? null : order.Trackings.MaxBy(t => t.CreatedAt);
        var completed = IsCompleted(order.Status);
        return new CustomGatewayOrder(
            number,
            order.Reference,
            order.ExternalOrderId,
            order.FulfilmentCode,
            code?.Name,
            tracking?.TrackingNumber,
            tracking?.Carrier,
            completed,
            completed && completedAt is { } at ? FormatDate(at) : null,
            FormatDate(order.ClientCreatedAt ?? order.CreatedAt));
    }

    /// <summary>Completed = dispatched: sent, delivered or done.</summary>
    public static bool IsCompleted(string status) =>
        status is "sent" or "delivered" or "done";

    private static bool TryGetOptionalString(JsonElement root, string name, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return true;
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
