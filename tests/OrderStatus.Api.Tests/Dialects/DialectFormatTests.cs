using System.Text;
using System.Text.Json;
using OrderStatus.Api.Dialects.CustomGateway;
using OrderStatus.Api.Dialects.NGenius;
using OrderStatus.Api.Dialects.PitneyBowes;
using OrderStatus.Application.Orders;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.Tests.Dialects;

/// <summary>The dialects' pure translations: dates, status words, ids, request parsing (no database).</summary>
public sealed class DialectFormatTests
{
    private static readonly DateTimeOffset Instant = new DateTimeOffset(2026, 5, 7, 10, 36, 48, 123, TimeSpan.FromHours(2)).AddTicks(4567);

    [Fact]
    public void Dates_are_each_dialects_own_format_in_utc()
    {
        Assert.Equal("2026-05-07 08:36:48", CustomGatewayFormat.FormatDate(Instant));
        Assert.Equal("2026-05-07T08:36:48+00:00", PitneyBowesFormat.FormatDate(Instant));
        Assert.Equal("2026-05-07T08:36:48.123456000Z", NGeniusFormat.FormatTimestamp(Instant));
    }

    [Theory]
    [InlineData("created", false, "RECEIVED")]
    [InlineData("paid", false, "RECEIVED")]
    [InlineData("in_fulfilment", false, "IN_PROCESS")]
    [InlineData("sent", false, "SHIPPED")]
    [InlineData("delivered", false, "DELIVERED")]
    [InlineData("done", false, "COMPLETED")]
    [InlineData("cancelled", false, "CANCELLED")]
    [InlineData("created", true, "ON_HOLD")]
    [InlineData("in_fulfilment", true, "ON_HOLD")]
    public void Pitney_Bowes_status_words(string status, bool onHold, string expected) =>
        Assert.Equal(expected, PitneyBowesFormat.Status(status, onHold));

    [Fact]
    public void Every_canonical_status_has_a_Pitney_Bowes_word() =>
        Assert.All(OrderStates.WireNames, s => Assert.Matches("^[A-Z_]+$", PitneyBowesFormat.Status(s, onHold: false)));

    [Theory]
    [InlineData("a", true)]
    [InlineData("Abc-123_xyz", true)]
    [InlineData("1234567890123456789012345", true)]
    [InlineData("12345678901234567890123456", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("has space", false)]
    [InlineData("dot.ted", false)]
    [InlineData("trailing-newline\n", false)]
    [InlineData("ünïcode", false)]
    public void Pitney_Bowes_transaction_id_rule(string? value, bool valid) =>
        Assert.Equal(valid, PitneyBowesFormat.IsValidTransactionId(value));

    [Fact]
    public void Pitney_Bowes_token_numbers_are_strings()
    {
        var token = PitneyBowesFormat.ToToken("t", DateTimeOffset.FromUnixTimeMilliseconds(1498168771002), TimeSpan.FromSeconds(300), "c", "Acme");
        var json = JsonSerializer.Serialize(token);
        Assert.Equal("""{"access_token":"t","tokenType":"BearerToken","issuedAt":"1498168771002","expiresIn":"300","clientID":"c","org":"Acme"}""", json);
    }

    [Fact]
    public void Payment_id_is_the_recorded_uuid_else_a_stable_uuid_derived_from_the_order()
    {
        var orderId = Guid.CreateVersion7();
        var recorded = Guid.NewGuid();
        Assert.Equal(recorded, NGeniusFormat.PaymentId(orderId, recorded.ToString("D")));
        Assert.Equal(recorded, NGeniusFormat.PaymentId(orderId, recorded.ToString("D").ToUpperInvariant()));

        var derived = NGeniusFormat.PaymentId(orderId, null);
        Assert.Equal(derived, NGeniusFormat.PaymentId(orderId, "psp-8812"));
        Assert.Equal(derived, NGeniusFormat.PaymentId(orderId, recorded.ToString("N")));
        Assert.Equal(5, derived.Version);
        Assert.NotEqual(derived, NGeniusFormat.PaymentId(Guid.CreateVersion7(), null));
        Assert.NotEqual(orderId, derived);
    }

    [Fact]
    public void Payment_id_derivation_is_fixed_across_releases() =>
        // Clients store payment ids: the derivation (namespace and name) must never change.
        Assert.Equal(
            UUIDNext.Uuid.NewNameBased(new Guid("5b0f4c0e-8a7d-4f8e-9d0c-7c2f1e6a3b91"), "0190f0c4-0000-7000-8000-000000000001"),
            NGeniusFormat.PaymentId(new Guid("0190f0c4-0000-7000-8000-000000000001"), null));

    [Theory]
    [InlineData(26.40, "EUR", 2640, "EUR26.40")]
    [InlineData(1500, "JPY", 1500, "JPY1500")]
    [InlineData(1.234, "KWD", 1234, "KWD1.234")]
    public void N_Genius_amounts_are_minor_units(decimal amount, string currency, long minor, string formatted)
    {
        Assert.Equal(minor, NGeniusFormat.MinorUnits(amount, currency));
        Assert.Equal(formatted, NGeniusFormat.FormattedAmount(amount, currency));
    }

    [Theory]
    [InlineData("created", false, "STARTED")]
    [InlineData("paid", true, "CAPTURED")]
    [InlineData("in_fulfilment", false, "CAPTURED")]
    [InlineData("done", true, "CAPTURED")]
    [InlineData("cancelled", false, "FAILED")]
    [InlineData("cancelled", true, "REVERSED")]
    public void N_Genius_payment_states(string status, bool paid, string expected) =>
        Assert.Equal(expected, NGeniusFormat.PaymentState(status, paid));

    [Theory]
    [InlineData("COLLECTION_STATUS_UPDATED", null, "COLLECTION_STATUS", "COLLECTION_STATUS_UPDATED")]
    [InlineData("PAYMENT_RECORDED", null, "PAYMENT", "CAPTURED")]
    [InlineData("STATUS_CHANGED", "cancelled", "PAYMENT", "CANCELLED")]
    [InlineData("STATUS_CHANGED", "sent", "ORDER", "STATUS_CHANGED")]
    [InlineData("TRACKING_ADDED", null, "ORDER", "TRACKING_ADDED")]
    public void N_Genius_event_names(string type, string? toStatus, string group, string name) =>
        Assert.Equal((group, name), NGeniusFormat.EventNames(type, toStatus));

    [Theory]
    [InlineData("""{ "status": 8 }""", 8, null, null)]
    [InlineData("""{ "status": 8, "shipping_tracking": "ABC"}""", 8, "ABC", null)]
    [InlineData("""{"status":516,"shipping_tracking":"1Z9","shipping_carrier":"UPS","extra":[1]}""", 516, "1Z9", "UPS")]
    [InlineData("""{"status":128,"shipping_tracking":null}""", 128, null, null)]
    public void Custom_Gateway_bodies_parse(string body, int status, string? tracking, string? carrier)
    {
        Assert.True(CustomGatewayFormat.TryParseRequest(Encoding.UTF8.GetBytes(body), out var request, out var error, out _), error);
        Assert.Equal(new CustomGatewayStatusRequest(status, tracking, carrier), request);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[8]")]
    [InlineData("""{"status":"8"}""")]
    [InlineData("""{"status":8.5}""")]
    [InlineData("""{"status":null}""")]
    [InlineData("""{"shipping_tracking":"ABC"}""")]
    [InlineData("""{"status":8,"shipping_tracking":12}""")]
    [InlineData("""{"status":8,"status":128}""")]
    public void Custom_Gateway_malformed_bodies_are_code_100(string body)
    {
        Assert.False(CustomGatewayFormat.TryParseRequest(Encoding.UTF8.GetBytes(body), out _, out var error, out var unknown));
        Assert.Null(unknown);
        Assert.StartsWith("Invalid JSON", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"status":9}""", 9)]
    [InlineData("""{"status":-1}""", -1)]
    [InlineData("""{"status":99999999999}""", 99999999999)]
    public void Custom_Gateway_unknown_numbers_name_the_valid_codes(string body, long number)
    {
        Assert.False(CustomGatewayFormat.TryParseRequest(Encoding.UTF8.GetBytes(body), out _, out var error, out var unknown));
        Assert.Equal(number, unknown);
        foreach (var code in FulfilmentCode.Values)
        {
            Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Custom_Gateway_change_carries_the_tracking_and_the_hold_rule()
    {
        var change = CustomGatewayFormat.ToChange(new CustomGatewayStatusRequest(8, " ABC ", "UPS"));
        Assert.Equal(8, change.Code);
        Assert.True(change.ReplacesCodeHold);
        Assert.Equal(new TrackingDetails(" ABC ", "UPS", null), change.Tracking);
        Assert.Null(CustomGatewayFormat.ToChange(new CustomGatewayStatusRequest(8, " ", "UPS")).Tracking);
    }

    [Fact]
    public void Custom_Gateway_order_body()
    {
        var created = new DateTimeOffset(2025, 5, 1, 10, 0, 0, TimeSpan.Zero);
        var order = SampleOrder("sent", 8, created) with
        {
            Trackings =
            [
                new TrackingView(Guid.NewGuid(), 1, "DPD", "OLD", null, "Pending", created, []),
                new TrackingView(Guid.NewGuid(), 2, "UPS", "ABC", null, "Pending", created.AddHours(1), []),
            ],
        };

        var body = CustomGatewayFormat.ToOrder(order, 12223344, created.AddDays(1));

        Assert.Equal(
            new CustomGatewayOrder(12223344, "SO-1", "EXT-1", 8, "Dispatched", "ABC", "UPS", true, "2025-05-02 10:00:00", "2025-05-01 10:00:00"),
            body);
        var notDone = CustomGatewayFormat.ToOrder(SampleOrder("in_fulfilment", 512, created), 1, null);
        Assert.False(notDone.HasBeenCompleted);
        Assert.Null(notDone.CompletionDatetime);
        Assert.Equal("Sent to Supplier", notDone.StatusName);
    }

    [Fact]
    public void Pitney_Bowes_status_has_exactly_the_eleven_fields()
    {
        var created = new DateTimeOffset(2022, 5, 7, 5, 36, 48, TimeSpan.FromHours(-5));
        var order = SampleOrder("paid", null, created) with { OnHold = true, HoldReasons = ["INVENTORY_HOLD"] };

        var json = JsonSerializer.SerializeToElement(PitneyBowesFormat.ToStatus(order, "1234"));

        Assert.Equal(
            ["clientId", "clientOrderId", "orderId", "customerOrderId", "status", "isOnHold", "holdReason", "createDate", "pbCreateDate", "updateDate", "pbUpdateDate"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("1234", json.GetProperty("clientId").GetString());
        Assert.Equal("SO-1", json.GetProperty("clientOrderId").GetString());
        Assert.Equal(order.Id.ToString(), json.GetProperty("orderId").GetString());
        Assert.Equal("EXT-1", json.GetProperty("customerOrderId").GetString());
        Assert.Equal("ON_HOLD", json.GetProperty("status").GetString());
        Assert.Equal("INVENTORY_HOLD", json.GetProperty("holdReason")[0].GetString());
        Assert.Equal("2022-05-07T10:36:48+00:00", json.GetProperty("pbCreateDate").GetString());
        Assert.Empty(PitneyBowesFormat.ToStatus(order with { OnHold = false }, "1234").HoldReason);
    }

    internal static OrderView SampleOrder(string status, int? code, DateTimeOffset created) => new(
        Guid.CreateVersion7(created),
        12223344,
        "SO-1",
        "EXT-1",
        null,
        null,
        Customer.Empty,
        null,
        null,
        "EUR",
        [],
        26.40m,
        null,
        null,
        null,
        status,
        code,
        null,
        false,
        [],
        null,
        null,
        [],
        null,
        [],
        created,
        created.AddMinutes(5),
        null,
        null,
        1);
}
