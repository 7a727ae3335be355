using OrderStatus.Application.Orders;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.Dialects.Retailys;

/// <summary>
/// Retailys fields ↔ canonical fields, as pure functions (the README's mapping table is this file).
/// Requests become canonical inputs; a canonical <see cref="OrderView"/> becomes an <c>OrderModel</c>.
/// </summary>
internal static class RetailysMapping
{
    public const string OrdersPath = "/System/Orders";

    /// <summary>Billing: <c>name/email/phone</c> → customer, <c>street/city/zip/state_code</c> → billing address.</summary>
    public static Customer ToCustomer(RetailysOrderPostRequest body) => new(Blank(body.Name), Blank(body.Email), Blank(body.Phone));

    public static Address? ToBillingAddress(RetailysOrderPostRequest body) =>
        ToAddress(body.Street, body.City, body.Zip, body.StateCode, name: null, phone: null, email: null);

    /// <summary><c>delivery_*</c> → the shipping address (with its recipient's name, phone and email).</summary>
    public static Address? ToShippingAddress(RetailysOrderPostRequest body) =>
        ToAddress(body.DeliveryStreet, body.DeliveryCity, body.DeliveryZip, body.DeliveryStateCode, body.DeliveryName, body.DeliveryPhone, body.DeliveryEmail);

    /// <summary><c>PUT /System/Orders</c> replaces the delivery address as a whole with what it sends.</summary>
    public static Address? ToShippingAddress(RetailysOrderPutRequest body) =>
        ToAddress(body.DeliveryStreet, body.DeliveryCity, body.DeliveryZip, body.DeliveryStateCode, body.DeliveryName, body.DeliveryPhone, body.DeliveryEmail);

    /// <summary>Country codes are sent in any case (<c>cz</c>); the canonical model stores them upper case.</summary>
    private static Address? ToAddress(string? street, string? city, string? zip, string? stateCode, string? name, string? phone, string? email)
    {
        var address = new Address(Blank(street), null, Blank(city), Blank(zip), null, Blank(stateCode)?.ToUpperInvariant())
        {
            Name = Blank(name),
            Phone = Blank(phone),
            Email = Blank(email),
        };
        return address == Empty ? null : address;
    }

    private static readonly Address Empty = new(null, null, null, null, null, null);

    /// <summary>The <c>OrderModel</c> of a canonical order. <paramref name="expanded"/> replaces links by objects.</summary>
    public static RetailysOrder ToOrder(OrderView order, OrderHistoryFacts facts, long? customStatusNumber, bool expanded)
    {
        var (sent, delivered, done, canceled) = RetailysWire.Flags(ParseState(order.Status), facts.EverDelivered);
        var channelId = RetailysWire.FromText(order.Channel);
        var customerId = RetailysWire.FromText(order.CustomerNumber);
        var billing = order.BillingAddress;
        var shipping = order.ShippingAddress;
        var paid = order.PaidAmount is not null || order.PaymentReference is not null;
        return new RetailysOrder
        {
            Id = order.Number,
            Customer = customerId is not { } customer ? null
                : expanded ? new RetailysUser(customer, order.Customer.Email, order.Customer.Name, billing?.Line1, billing?.City, billing?.PostalCode, billing?.CountryCode)
                : new RetailysLink(customer, $"/System/People/{customer}"),
            Company = null,
            Channel = channelId is not { } channel ? null
                : expanded ? new RetailysChannel(channel, order.Channel!)
                : new RetailysLink(channel, $"/System/Channels/{channel}"),
            DateOrder = RetailysWire.FormatDate(order.ClientCreatedAt ?? order.CreatedAt),
            Email = order.Customer.Email,
            Phone = order.Customer.Phone,
            Name = order.Customer.Name,
            Street = billing?.Line1,
            City = billing?.City,
            Zip = billing?.PostalCode,
            StateCode = billing?.CountryCode,
            DeliveryEmail = shipping?.Email,
            DeliveryPhone = shipping?.Phone,
            DeliveryName = shipping?.Name,
            DeliveryStreet = shipping?.Line1,
            DeliveryCity = shipping?.City,
            DeliveryZip = shipping?.PostalCode,
            DeliveryStateCode = shipping?.CountryCode,
            Hash = order.Id.ToString("N"),
            MainCurrencyCode = order.Currency,
            OrderCurrencyCode = order.Currency,
            CurrencyRate = 1m,
            Money = order.Total,
            Paid = order.PaidAmount ?? 0m,
            DatePaid = RetailysWire.FormatDate(facts.PaidAt),
            Items = [.. order.Items.Select(i => ToItem(i, order.Currency))],
            Payment = !paid ? null
                : expanded ? new RetailysPayment(order.Number, order.PaymentReference, order.PaidAmount, order.Currency)
                : new RetailysLink(order.Number, $"{OrdersPath}/{order.Number}"),
            Trackings = [.. order.Trackings.Select(t => new RetailysOrderTracking(t.Number, RetailysWire.FromText(t.Carrier), t.TrackingNumber, t.TrackingUrl, t.Carrier))],
            Sent = sent,
            Delivered = delivered,
            Done = done,
            Canceled = canceled,
            ExternalOrderId = order.ExternalOrderId,
            ExternalPaymentId = order.PaymentReference,
            ExternalPaymentUrl = order.PaymentUrl,
            Status = customStatusNumber is { } status ? new RetailysLink(status, $"{OrdersPath}/Statuses") : null,
            CanonicalStatus = order.Status,
            Reference = order.Reference,
            CanonicalId = order.Id,
        };
    }

    public static RetailysOrderItem ToItem(ItemView item, string currency)
    {
        var word = RetailysWire.PriceWord(item.UnitPrice, currency);
        var zero = RetailysWire.PriceWord(0m, currency);
        var price = new RetailysPrice(item.UnitPrice, word, item.UnitPrice, word, 0m, 0m, zero, currency);
        return new RetailysOrderItem(item.Number, null, item.Name, item.Quantity, item.Quantity, 0, item.Note, price, price, item.Sku);
    }

    private static OrderState ParseState(string wireName) =>
        OrderStates.TryParseWireName(wireName, out var state) ? state : throw new ArgumentOutOfRangeException(nameof(wireName), wireName, "Not an order status.");

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
