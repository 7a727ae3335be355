using OrderStatus.Application.Orders;
using OrderStatus.Application.Statuses;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.Dialects.Retailys;

/// <summary>
/// Retailys fields ↔ canonical fields, as pure functions (the README's mapping table is this file).
/// Requests become canonical inputs; a canonical <see cref="OrderView"/> becomes an <c>OrderModel</c>.
/// </summary>
internal static class RetailysMapping
{
    public const string OrdersPath = "/System/Orders";

    /// <summary>
    /// Canonical field paths (as the use cases' validation errors name them) → the Retailys wire names, so that
    /// a 400 names the field the client sent. Paths not listed are shown as they are.
    /// </summary>
    private static readonly Dictionary<string, string> WireFields = new(StringComparer.Ordinal)
    {
        ["currency"] = "order_currency_code",
        ["channel"] = "channel",
        ["clientCreatedAt"] = "date_order",
        ["customer.name"] = "name",
        ["customer.email"] = "email",
        ["customer.phone"] = "phone",
        ["billingAddress.line1"] = "street",
        ["billingAddress.city"] = "city",
        ["billingAddress.postalCode"] = "zip",
        ["billingAddress.countryCode"] = "state_code",
        ["shippingAddress.name"] = "delivery_name",
        ["shippingAddress.phone"] = "delivery_phone",
        ["shippingAddress.email"] = "delivery_email",
        ["shippingAddress.line1"] = "delivery_street",
        ["shippingAddress.city"] = "delivery_city",
        ["shippingAddress.postalCode"] = "delivery_zip",
        ["shippingAddress.countryCode"] = "delivery_state_code",
        ["quantity"] = "count",
        ["unitPrice"] = "price",
        ["amount"] = "paid",
        ["paymentReference"] = "payment_id",
        ["paymentUrl"] = "url",
        ["paymentStatus"] = "status",
        ["trackingNumber"] = "tracking_number",
        ["tracking.trackingNumber"] = "tracking_number",
        ["carrier"] = "shipper_id",
        ["label"] = "record.status",
    };

    public static string WireField(string canonicalPath) => WireFields.GetValueOrDefault(canonicalPath, canonicalPath);

    /// <summary>An order id of a path: the order's number. Anything else cannot be an order (404, not 400).</summary>
    public static OrderKey OrderKeyOf(string orderId) =>
        RetailysWire.TryParseId(orderId, out var number)
            ? OrderKey.ByNumber(number)
            : throw new UseCaseProblem(UseCaseProblemKind.NotFound, UseCaseCodes.OrderNotFound, $"Order {orderId} not found.");

    public static ItemKey ItemKeyOf(string itemId) =>
        RetailysWire.TryParseId(itemId, out var number) && number <= int.MaxValue
            ? ItemKey.ByNumber((int)number)
            : throw new Domain.OrderRuleViolation(Domain.OrderRuleCodes.ItemNotFound, $"Item {itemId} not found.");

    /// <summary><c>PUT …/item</c> names the item in its body.</summary>
    public static ItemKey ItemKeyOf(RetailysItemRequest body) =>
        body.Id switch
        {
            null => throw UseCaseProblem.Invalid("id", "'id' (the item's number) is required."),
            > 0 and <= int.MaxValue => ItemKey.ByNumber((int)body.Id.Value),
            _ => throw new Domain.OrderRuleViolation(Domain.OrderRuleCodes.ItemNotFound, $"Item {body.Id} not found."),
        };

    public static CustomStatusKey CustomStatusKeyOf(RetailysStatusPatchRequest body) =>
        body.StatusId switch
        {
            null => throw UseCaseProblem.Invalid("status_id", "'status_id' is required."),
            > 0 and <= int.MaxValue => CustomStatusKey.ByNumber((int)body.StatusId.Value),
            _ => throw new UseCaseProblem(UseCaseProblemKind.NotFound, UseCaseCodes.CustomStatusNotFound, $"Status {body.StatusId} not found."),
        };

    /// <summary><c>OrderPostRequest</c> → a canonical order whose reference is its number.</summary>
    public static CreateOrder ToCreateOrder(RetailysOrderPostRequest body)
    {
        if (string.IsNullOrWhiteSpace(body.OrderCurrencyCode))
        {
            throw UseCaseProblem.Invalid("order_currency_code", "'order_currency_code' is required (ISO 4217, e.g. CZK).");
        }

        if (!RetailysWire.TryParseDate(body.DateOrder, out var dateOrder))
        {
            throw UseCaseProblem.Invalid("date_order", "'date_order' must be an ISO 8601 date-time, e.g. 2019-12-01T08:15:30+01:00.");
        }

        return new CreateOrder
        {
            ReferenceFromNumber = true,
            Currency = body.OrderCurrencyCode.Trim().ToUpperInvariant(),
            Channel = body.Channel is { } channel ? RetailysWire.ToText(channel) : null,
            Customer = ToCustomer(body),
            BillingAddress = ToBillingAddress(body),
            ShippingAddress = ToShippingAddress(body),
            ClientCreatedAt = dateOrder,
        };
    }

    /// <summary><c>{name, count, price, note?, sku?}</c> → item details; the use case validates them.</summary>
    public static ItemDetails ToItem(RetailysItemRequest body)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(body.Name))
        {
            missing.Add("name");
        }

        if (body.Count is null)
        {
            missing.Add("count");
        }

        if (body.Price is null)
        {
            missing.Add("price");
        }

        return missing.Count > 0
            ? throw UseCaseProblem.Validation(missing.ToDictionary(m => m, m => (string[])[$"'{m}' is required."]))
            : new ItemDetails(Blank(body.Sku), body.Name!.Trim(), body.Count!.Value, body.Price!.Value, Blank(body.Note));
    }

    /// <summary><c>OrderPaidPatchRequest</c> → the paid transition; no body pays the total.</summary>
    public static TargetStatusChange ToPaid(RetailysPaidPatchRequest? body) =>
        StatusChange.Paid(body?.Paid, Blank(body?.PaymentId), Blank(body?.Url)) with { PaymentStatus = Blank(body?.Status) };

    /// <summary><c>shipper_id</c> → carrier (its decimal string).</summary>
    public static TrackingDetails ToTracking(RetailysTrackingPostRequest body) =>
        string.IsNullOrWhiteSpace(body.TrackingNumber)
            ? throw UseCaseProblem.Invalid("tracking_number", "'tracking_number' is required.")
            : new TrackingDetails(body.TrackingNumber.Trim(), body.ShipperId is { } shipper ? RetailysWire.ToText(shipper) : null);

    /// <summary><c>type</c> → name (default <c>note</c>), <c>record.name</c> → note, <c>record.status</c> → label.</summary>
    public static OrderNote ToNote(RetailysHistoryPostRequest body) =>
        string.IsNullOrWhiteSpace(body.Record?.Name)
            ? throw UseCaseProblem.Invalid("record.name", "'record.name' is required.")
            : new OrderNote(Blank(body.Type) ?? "note", body.Record.Name.Trim(), Blank(body.Record.Status));

    /// <summary>A custom status as <c>OrderStatusModel</c>.</summary>
    public static RetailysOrderStatus ToStatus(CustomStatusView status) => new(
        status.Number,
        status.Name,
        status.Icon,
        status.Color,
        status.Sort,
        status.Effect == CustomStatusEffects.ToWireName(CustomStatusEffect.Done),
        status.Effect == CustomStatusEffects.ToWireName(CustomStatusEffect.Cancelled));

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
    public static RetailysOrder ToOrder(OrderView order, OrderFacts facts, bool expanded)
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
            Status = facts.CustomStatusNumber is { } status ? new RetailysLink(status, $"{OrdersPath}/Statuses") : null,
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
