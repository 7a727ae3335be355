using System.Globalization;
using OrderStatus.Application.CustomerTracking;

namespace OrderStatus.Api.Dialects.ParcelLab;

/// <summary>One entry of parcelLab's error envelope <c>{"type", "errors": [{"code", "detail", "attr"}]}</c>.</summary>
internal sealed record ParcelLabError(string Code, string Detail, string? Attr);

internal sealed record ParcelLabErrors(string Type, IReadOnlyList<ParcelLabError> Errors)
{
    public static ParcelLabErrors Client(string code, string detail) => new("client_error", [new ParcelLabError(code, detail, null)]);

    public static ParcelLabErrors Invalid(string detail, string? attr) => new("validation_error", [new ParcelLabError("invalid", detail, attr)]);
}

/// <summary>
/// The query of <c>/v4/track/orders/info</c> and <c>/info-widget</c> (DIALECTS.md 5.3): one of the six
/// lookups (plus <c>tracking_id</c>), the account, the customer's factor and the options.
/// </summary>
internal sealed record ParcelLabQuery(
    OrderLookup Lookup,
    long? Account,
    TrackingProof Proof,
    bool SingleTracking,
    string? TrackingNumber,
    string? Language)
{
    public const string AcceptedLookups =
        "Provide one of these lookups: order_number and account (optionally client_key or client); external_order_id and account; " +
        "external_reference and account; tracking_number and courier (optionally account); customer_number and account; " +
        "recipient_email and account; or tracking_id.";

    private const int MaxLength = 320;

    public static (ParcelLabQuery? Query, ParcelLabErrors? Error) Parse(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            if (values.Count > 1)
            {
                return (null, ParcelLabErrors.Invalid($"The parameter {name} is given more than once.", name));
            }

            if (values.ToString().Length > MaxLength)
            {
                return (null, ParcelLabErrors.Invalid($"The parameter {name} is longer than {MaxLength} characters.", name));
            }
        }

        long? account = null;
        if (Value(query, "account") is { } accountText)
        {
            if (!long.TryParse(accountText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return (null, ParcelLabErrors.Invalid("A valid integer is required.", "account"));
            }

            account = parsed;
        }

        foreach (var flag in new[] { "live_refresh", "live_refersh", "single_tracking", "show_returns" })
        {
            if (Value(query, flag) is { } text && !TryBool(text, out _))
            {
                return (null, ParcelLabErrors.Invalid("Must be a valid boolean.", flag));
            }
        }

        var singleTracking = Value(query, "single_tracking") is { } single && TryBool(single, out var on) && on;
        var email = Value(query, "recipient_email");
        var postalCode = Value(query, "recipient_postal_code") ?? Value(query, "postal_code");
        var proof = new TrackingProof(Value(query, "s"), email, postalCode);
        var language = Value(query, "lang");
        var trackingNumber = Value(query, "tracking_number");

        OrderLookup lookup;
        if (Value(query, "order_number") is { } orderNumber)
        {
            lookup = new OrderLookup.ByReference(orderNumber, Value(query, "client_key") ?? Value(query, "client"));
        }
        else if (Value(query, "external_order_id") is { } externalOrderId)
        {
            if (!Guid.TryParse(externalOrderId, out var id))
            {
                return (null, ParcelLabErrors.Invalid("Must be a valid UUID.", "external_order_id"));
            }

            lookup = new OrderLookup.ByIdOrExternalOrderId(id);
        }
        else if (Value(query, "external_reference") is { } externalReference)
        {
            lookup = new OrderLookup.ByExternalOrderId(externalReference);
        }
        else if (trackingNumber is not null)
        {
            if (Value(query, "courier") is not { } courier)
            {
                return (null, ParcelLabErrors.Invalid("courier is required with tracking_number. " + AcceptedLookups, "courier"));
            }

            lookup = new OrderLookup.ByTrackingNumber(trackingNumber, courier);
        }
        else if (Value(query, "customer_number") is { } customerNumber)
        {
            lookup = new OrderLookup.ByCustomerNumber(customerNumber);
        }
        else if (Value(query, "tracking_id") is { } trackingId)
        {
            // Our tracking ids are UUIDs; any other text matches nothing (404), like an unknown id.
            lookup = new OrderLookup.ByTrackingId(Guid.TryParse(trackingId, out var id) ? id : Guid.Empty);
        }
        else if (email is not null)
        {
            lookup = new OrderLookup.ByCustomerEmail(email);
        }
        else
        {
            return (null, ParcelLabErrors.Invalid(AcceptedLookups, null));
        }

        return (new ParcelLabQuery(lookup, account, proof, singleTracking, singleTracking ? trackingNumber : null, language), null);
    }

    /// <summary>Whether the lookup needs <c>account</c> for an anonymous caller (all but tracking number and courier).</summary>
    public bool NeedsAccount => Lookup is not OrderLookup.ByTrackingNumber;

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values is [{ } value] && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static bool TryBool(string text, out bool value)
    {
        switch (text.ToLowerInvariant())
        {
            case "true" or "1" or "yes":
                value = true;
                return true;
            case "false" or "0" or "no":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

}
