using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderStatus.Api.Dialects.Retailys;

// The Retailys wire models (DIALECTS.md 2.3–2.4). Every JSON name is spelled out as the vendor's SDK
// has it in its attributeMap (retailyscom/retailys-sdk-php lib/Model/*.php), so a rename of a C#
// property can never change the wire. Request members are all optional, as in the vendor's spec;
// unknown members are ignored (its SDK sends OrderPostRequest fields to the item routes).

/// <summary><c>OrderPostRequest</c>: create an order.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record RetailysOrderPostRequest
{
    /// <summary>Sales channel id; stored as the canonical <c>channel</c> (its decimal string).</summary>
    [JsonPropertyName("channel")]
    public long? Channel { get; init; }

    [JsonPropertyName("email")]
    public string? Email { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("street")]
    public string? Street { get; init; }

    [JsonPropertyName("city")]
    public string? City { get; init; }

    [JsonPropertyName("zip")]
    public string? Zip { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code, e.g. <c>CZ</c>.</summary>
    [JsonPropertyName("state_code")]
    public string? StateCode { get; init; }

    [JsonPropertyName("phone")]
    public string? Phone { get; init; }

    [JsonPropertyName("delivery_name")]
    public string? DeliveryName { get; init; }

    [JsonPropertyName("delivery_street")]
    public string? DeliveryStreet { get; init; }

    [JsonPropertyName("delivery_city")]
    public string? DeliveryCity { get; init; }

    [JsonPropertyName("delivery_zip")]
    public string? DeliveryZip { get; init; }

    [JsonPropertyName("delivery_state_code")]
    public string? DeliveryStateCode { get; init; }

    [JsonPropertyName("delivery_phone")]
    public string? DeliveryPhone { get; init; }

    [JsonPropertyName("delivery_email")]
    public string? DeliveryEmail { get; init; }

    /// <summary>Accepted and not stored (OrderStatus keeps no customer IP).</summary>
    [JsonPropertyName("ip")]
    public string? Ip { get; init; }

    /// <summary>Accepted and not stored.</summary>
    [JsonPropertyName("domain")]
    public string? Domain { get; init; }

    /// <summary>The shop's order time, any ISO 8601 date-time (e.g. <c>2019-12-01T08:15:30+01:00</c>); without an offset it is UTC.</summary>
    [JsonPropertyName("date_order")]
    public string? DateOrder { get; init; }

    /// <summary>Required: ISO 4217 currency, e.g. <c>CZK</c>.</summary>
    [JsonPropertyName("order_currency_code")]
    public string? OrderCurrencyCode { get; init; }
}

/// <summary><c>OrderPutRequest</c>: replaces the delivery address of order <c>id</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record RetailysOrderPutRequest
{
    /// <summary>The order's number (required).</summary>
    [JsonPropertyName("id")]
    public long? Id { get; init; }

    [JsonPropertyName("delivery_name")]
    public string? DeliveryName { get; init; }

    [JsonPropertyName("delivery_street")]
    public string? DeliveryStreet { get; init; }

    [JsonPropertyName("delivery_city")]
    public string? DeliveryCity { get; init; }

    [JsonPropertyName("delivery_zip")]
    public string? DeliveryZip { get; init; }

    [JsonPropertyName("delivery_state_code")]
    public string? DeliveryStateCode { get; init; }

    [JsonPropertyName("delivery_phone")]
    public string? DeliveryPhone { get; init; }

    [JsonPropertyName("delivery_email")]
    public string? DeliveryEmail { get; init; }
}

/// <summary>An item body (POST and PUT <c>…/item</c>); for PUT, <c>id</c> names the item (its number).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record RetailysItemRequest
{
    /// <summary>PUT only: the item's number.</summary>
    [JsonPropertyName("id")]
    public long? Id { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Quantity, greater than zero.</summary>
    [JsonPropertyName("count")]
    public int? Count { get; init; }

    /// <summary>Unit price: a number, or a <c>PriceModel</c> object whose <c>final_price</c> (else <c>base_price</c>) is used.</summary>
    [JsonPropertyName("price")]
    [JsonConverter(typeof(RetailysPriceConverter))]
    public decimal? Price { get; init; }

    [JsonPropertyName("note")]
    public string? Note { get; init; }

    [JsonPropertyName("sku")]
    public string? Sku { get; init; }
}

/// <summary><c>OrderStatusPatchRequest</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record RetailysStatusPatchRequest
{
    /// <summary>The custom status' number (<c>id</c> in <c>GET /System/Orders/Statuses</c>).</summary>
    [JsonPropertyName("status_id")]
    public long? StatusId { get; init; }
}

/// <summary><c>OrderPaidPatchRequest</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record RetailysPaidPatchRequest
{
    /// <summary>The paid amount; defaults to the order total.</summary>
    [JsonPropertyName("paid")]
    public decimal? Paid { get; init; }

    [JsonPropertyName("payment_id")]
    public string? PaymentId { get; init; }

    /// <summary>The payment provider's status text; recorded in the PAYMENT_RECORDED event.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Payment (recovery) URL.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; init; }
}

/// <summary><c>TrackingPostRequest</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record RetailysTrackingPostRequest
{
    /// <summary>The shipper's id; stored as the canonical carrier (its decimal string).</summary>
    [JsonPropertyName("shipper_id")]
    public long? ShipperId { get; init; }

    [JsonPropertyName("tracking_number")]
    public string? TrackingNumber { get; init; }
}

/// <summary><c>HistoryPostRequest</c>: a merchant's own history record (a canonical NOTE_ADDED event).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record RetailysHistoryPostRequest
{
    /// <summary>The record's type; the note's <c>name</c> (default <c>note</c>).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("record")]
    public RetailysHistoryRecord? Record { get; init; }
}

/// <summary><c>HistoryPostRequestRecord</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record RetailysHistoryRecord
{
    /// <summary>The record's text (required); the note's <c>note</c>.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The note's <c>label</c>.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }
}

/// <summary><c>IdModel</c>.</summary>
public sealed record RetailysId([property: JsonPropertyName("id")] long Id);

/// <summary><c>ErrorModel</c>: every Retailys error body.</summary>
public sealed record RetailysError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("detail")] string Detail);

/// <summary><c>NonExpandedModel</c>: a reference to another resource.</summary>
public sealed record RetailysLink(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("api_link")] string ApiLink);

/// <summary><c>PaginatorModel</c>.</summary>
public sealed record RetailysPaginator(
    [property: JsonPropertyName("page")] int Page,
    [property: JsonPropertyName("per_page")] int PerPage,
    [property: JsonPropertyName("pages")] long Pages,
    [property: JsonPropertyName("total")] long Total);

/// <summary><c>OrdersModel</c>.</summary>
public sealed record RetailysOrders(
    [property: JsonPropertyName("paginator")] RetailysPaginator Paginator,
    [property: JsonPropertyName("orders")] IReadOnlyList<RetailysOrder> Orders);

/// <summary><c>OrderStatusModel</c>: a merchant's custom status.</summary>
public sealed record RetailysOrderStatus(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("icon")] string? Icon,
    [property: JsonPropertyName("color")] string? Color,
    [property: JsonPropertyName("sort")] int Sort,
    [property: JsonPropertyName("complete_order")] bool CompleteOrder,
    [property: JsonPropertyName("cancel_order")] bool CancelOrder);

/// <summary><c>OrderStatusesModel</c>.</summary>
public sealed record RetailysOrderStatuses(
    [property: JsonPropertyName("paginator")] RetailysPaginator Paginator,
    [property: JsonPropertyName("statuses")] IReadOnlyList<RetailysOrderStatus> Statuses);

/// <summary><c>PriceModel</c>. OrderStatus keeps unit prices without VAT breakdown: VAT is 0, base = final.</summary>
public sealed record RetailysPrice(
    [property: JsonPropertyName("base_price")] decimal BasePrice,
    [property: JsonPropertyName("base_price_word")] string BasePriceWord,
    [property: JsonPropertyName("final_price")] decimal FinalPrice,
    [property: JsonPropertyName("final_price_word")] string FinalPriceWord,
    [property: JsonPropertyName("vat")] decimal Vat,
    [property: JsonPropertyName("vat_value")] decimal VatValue,
    [property: JsonPropertyName("vat_value_word")] string VatValueWord,
    [property: JsonPropertyName("currency")] string Currency);

/// <summary><c>OrderModelItems</c>; <c>sku</c> is an extra (the SDK ignores members it does not know).</summary>
public sealed record RetailysOrderItem(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("article")] object? Article,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("ordered")] int Ordered,
    [property: JsonPropertyName("waiting_count")] int WaitingCount,
    [property: JsonPropertyName("note")] string? Note,
    [property: JsonPropertyName("price")] RetailysPrice Price,
    [property: JsonPropertyName("price_original")] RetailysPrice PriceOriginal,
    [property: JsonPropertyName("sku")] string? Sku);

/// <summary><c>OrderModelTrackings</c>; <c>id</c> (the tracking's number) and <c>carrier</c> are extras.</summary>
public sealed record RetailysOrderTracking(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("shipper_id")] long? ShipperId,
    [property: JsonPropertyName("tracking_number")] string TrackingNumber,
    [property: JsonPropertyName("tracking_url")] string? TrackingUrl,
    [property: JsonPropertyName("carrier")] string? Carrier);

/// <summary>
/// <c>OrderModel</c>: every member of the vendor's model, in its order, then the extras <c>status</c> (the
/// custom status as a link), <c>reference</c> and <c>canonical_id</c>. <c>customer</c>, <c>company</c>,
/// <c>channel</c>, <c>shipping</c> and <c>payment</c> are a <see cref="RetailysLink"/> or, with
/// <c>expanded=true</c>, the expanded object.
/// </summary>
public sealed record RetailysOrder
{
    [JsonPropertyName("id")]
    public long Id { get; init; }

    [JsonPropertyName("customer")]
    public object? Customer { get; init; }

    [JsonPropertyName("company")]
    public object? Company { get; init; }

    [JsonPropertyName("channel")]
    public object? Channel { get; init; }

    [JsonPropertyName("date_order")]
    public string? DateOrder { get; init; }

    [JsonPropertyName("date_maturity")]
    public string? DateMaturity { get; init; }

    [JsonPropertyName("email")]
    public string? Email { get; init; }

    [JsonPropertyName("phone")]
    public string? Phone { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("street")]
    public string? Street { get; init; }

    [JsonPropertyName("city")]
    public string? City { get; init; }

    [JsonPropertyName("zip")]
    public string? Zip { get; init; }

    [JsonPropertyName("state_code")]
    public string? StateCode { get; init; }

    [JsonPropertyName("company_nr")]
    public string? CompanyNr { get; init; }

    [JsonPropertyName("company_vat")]
    public string? CompanyVat { get; init; }

    [JsonPropertyName("delivery_email")]
    public string? DeliveryEmail { get; init; }

    [JsonPropertyName("delivery_phone")]
    public string? DeliveryPhone { get; init; }

    [JsonPropertyName("delivery_name")]
    public string? DeliveryName { get; init; }

    [JsonPropertyName("delivery_street")]
    public string? DeliveryStreet { get; init; }

    [JsonPropertyName("delivery_city")]
    public string? DeliveryCity { get; init; }

    [JsonPropertyName("delivery_zip")]
    public string? DeliveryZip { get; init; }

    [JsonPropertyName("delivery_state_code")]
    public string? DeliveryStateCode { get; init; }

    [JsonPropertyName("note")]
    public string? Note { get; init; }

    [JsonPropertyName("our_note")]
    public string? OurNote { get; init; }

    [JsonPropertyName("hash")]
    public string? Hash { get; init; }

    [JsonPropertyName("main_currency_code")]
    public string? MainCurrencyCode { get; init; }

    [JsonPropertyName("order_currency_code")]
    public string? OrderCurrencyCode { get; init; }

    [JsonPropertyName("currency_rate")]
    public decimal CurrencyRate { get; init; }

    [JsonPropertyName("money")]
    public decimal Money { get; init; }

    [JsonPropertyName("paid")]
    public decimal Paid { get; init; }

    [JsonPropertyName("date_paid")]
    public string? DatePaid { get; init; }

    [JsonPropertyName("items")]
    public IReadOnlyList<RetailysOrderItem> Items { get; init; } = [];

    [JsonPropertyName("weight")]
    public decimal? Weight { get; init; }

    [JsonPropertyName("shipping")]
    public object? Shipping { get; init; }

    [JsonPropertyName("payment")]
    public object? Payment { get; init; }

    [JsonPropertyName("trackings")]
    public IReadOnlyList<RetailysOrderTracking> Trackings { get; init; } = [];

    [JsonPropertyName("sent")]
    public bool Sent { get; init; }

    [JsonPropertyName("delivered")]
    public bool Delivered { get; init; }

    [JsonPropertyName("done")]
    public bool Done { get; init; }

    [JsonPropertyName("canceled")]
    public bool Canceled { get; init; }

    [JsonPropertyName("order_url")]
    public string? OrderUrl { get; init; }

    [JsonPropertyName("invoice_url")]
    public string? InvoiceUrl { get; init; }

    [JsonPropertyName("ip")]
    public string? Ip { get; init; }

    [JsonPropertyName("external_order_prefix")]
    public string? ExternalOrderPrefix { get; init; }

    [JsonPropertyName("external_order_id")]
    public string? ExternalOrderId { get; init; }

    [JsonPropertyName("external_payment_id")]
    public string? ExternalPaymentId { get; init; }

    [JsonPropertyName("external_payment_url")]
    public string? ExternalPaymentUrl { get; init; }

    /// <summary>Extra: the merchant's custom status, if one is set.</summary>
    [JsonPropertyName("status")]
    public RetailysLink? Status { get; init; }

    /// <summary>Extra: the canonical status (<c>created</c> … <c>cancelled</c>).</summary>
    [JsonPropertyName("canonical_status")]
    public string? CanonicalStatus { get; init; }

    /// <summary>Extra: the canonical reference.</summary>
    [JsonPropertyName("reference")]
    public string? Reference { get; init; }

    /// <summary>Extra: the canonical id, for <c>/api/v1/orders/{id}</c>.</summary>
    [JsonPropertyName("canonical_id")]
    public Guid CanonicalId { get; init; }
}

/// <summary><c>UserModel</c> (expanded <c>customer</c>), the members OrderStatus knows.</summary>
public sealed record RetailysUser(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("street")] string? Street,
    [property: JsonPropertyName("city")] string? City,
    [property: JsonPropertyName("zip")] string? Zip,
    [property: JsonPropertyName("state_code")] string? StateCode);

/// <summary><c>ChannelModel</c> (expanded <c>channel</c>), the members OrderStatus knows.</summary>
public sealed record RetailysChannel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name);

/// <summary><c>PaymentModel</c> (expanded <c>payment</c>): the order's recorded payment.</summary>
public sealed record RetailysPayment(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("price")] decimal? Price,
    [property: JsonPropertyName("currency")] string Currency);

/// <summary>Reads an item price given as a number or as a <c>PriceModel</c> object (<c>final_price</c>, else <c>base_price</c>).</summary>
public sealed class RetailysPriceConverter : JsonConverter<decimal?>
{
    public override bool HandleNull => true;

    public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return reader.GetDecimal();
            case JsonTokenType.String when decimal.TryParse(
                reader.GetString(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var text):
                return text;
            case JsonTokenType.StartObject:
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    foreach (var name in (string[])["final_price", "base_price"])
                    {
                        if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number)
                        {
                            return value.GetDecimal();
                        }
                    }
                }

                throw new JsonException("'price' as an object needs a numeric 'final_price' or 'base_price'.");
            default:
                throw new JsonException("'price' must be a number or an object with 'final_price'.");
        }
    }

    public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options)
    {
        if (value is { } price)
        {
            writer.WriteNumberValue(price);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
