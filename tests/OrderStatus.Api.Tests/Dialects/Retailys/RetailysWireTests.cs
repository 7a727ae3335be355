using System.Text.Json;
using OrderStatus.Api.Dialects.Retailys;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.Tests.Dialects.Retailys;

/// <summary>The pure wire conversions of the Retailys dialect, without a database.</summary>
public sealed class RetailysWireTests
{
    [Theory]
    [InlineData("1", 1L)]
    [InlineData("42", 42L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Ids_are_positive_decimal_integers(string text, long expected)
    {
        Assert.True(RetailysWire.TryParseId(text, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("abc")]
    [InlineData("Statuses")]
    [InlineData("9223372036854775808")]
    [InlineData("0195f3a2-7c1e-7000-8000-000000000000")]
    public void Anything_else_is_no_id(string? text) => Assert.False(RetailysWire.TryParseId(text, out _));

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    [InlineData("", false)]
    public void Query_booleans_take_what_php_clients_send(string text, bool expected)
    {
        Assert.True(RetailysWire.TryParseBool(text, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void An_absent_boolean_is_no_filter_and_a_word_is_refused()
    {
        Assert.True(RetailysWire.TryParseBool(null, out var absent));
        Assert.Null(absent);
        Assert.False(RetailysWire.TryParseBool("yes", out _));
        Assert.False(RetailysWire.TryParseBool("2", out _));
    }

    [Theory]
    [InlineData("2019-12-01T08:15:30+01:00", "2019-12-01T07:15:30+00:00")]
    [InlineData("2019-12-01T08:15:30 01:00", "2019-12-01T07:15:30+00:00")]
    [InlineData("2019-12-01T07:15:30Z", "2019-12-01T07:15:30+00:00")]
    [InlineData("2019-12-01T07:15:30", "2019-12-01T07:15:30+00:00")]
    [InlineData("2019-12-01T07:15:30.987", "2019-12-01T07:15:30+00:00")]
    [InlineData("2019-12-01 07:15:30", "2019-12-01T07:15:30+00:00")]
    [InlineData("2019-12-01", "2019-12-01T00:00:00+00:00")]
    public void Dates_are_any_iso_8601_and_come_back_as_php_atom_in_utc(string text, string expected)
    {
        Assert.True(RetailysWire.TryParseDate(text, out var value));
        Assert.Equal(expected, RetailysWire.FormatDate(value));
    }

    [Theory]
    [InlineData("12/01/2019")]
    [InlineData("yesterday")]
    [InlineData("2019-13-01")]
    [InlineData("2019-12-01X07:15")]
    public void Other_dates_are_refused(string text) => Assert.False(RetailysWire.TryParseDate(text, out _));

    [Fact]
    public void Fractions_of_a_second_are_dropped_on_the_wire() =>
        Assert.Equal("2026-11-24T14:05:09+00:00", RetailysWire.FormatDate(new DateTimeOffset(2026, 11, 24, 15, 5, 9, 999, TimeSpan.FromHours(1))));

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(1, 10, null)]
    [InlineData(7, 250, null)]
    [InlineData(0, 10, "'page' must be 1 or greater.")]
    [InlineData(1, 9, "'per_page' must be between 10 and 250.")]
    [InlineData(1, 251, "'per_page' must be between 10 and 250.")]
    public void Paging_bounds(int? page, int? perPage, string? message) => Assert.Equal(message, RetailysWire.CheckPaging(page, perPage));

    [Theory]
    [InlineData(0L, 10, 0L)]
    [InlineData(1L, 10, 1L)]
    [InlineData(10L, 10, 1L)]
    [InlineData(11L, 10, 2L)]
    [InlineData(1_000_000L, 250, 4000L)]
    public void Pages_round_up(long total, int perPage, long pages) => Assert.Equal(pages, RetailysWire.Pages(total, perPage));

    [Theory]
    [InlineData(OrderState.Created, false, false, false, false, false)]
    [InlineData(OrderState.Paid, false, false, false, false, false)]
    [InlineData(OrderState.InFulfilment, false, false, false, false, false)]
    [InlineData(OrderState.Sent, false, true, false, false, false)]
    [InlineData(OrderState.Delivered, true, true, true, false, false)]
    [InlineData(OrderState.Done, false, true, false, true, false)]
    [InlineData(OrderState.Done, true, true, true, true, false)]
    [InlineData(OrderState.Cancelled, false, false, false, false, true)]
    public void The_four_booleans_follow_the_canonical_status(OrderState state, bool everDelivered, bool sent, bool delivered, bool done, bool canceled) =>
        Assert.Equal((sent, delivered, done, canceled), RetailysWire.Flags(state, everDelivered));

    [Theory]
    [InlineData(10.5, "EUR", "10.50 EUR")]
    [InlineData(1200, "JPY", "1200 JPY")]
    [InlineData(1.5, "KWD", "1.500 KWD")]
    public void Price_words_use_the_currency_minor_units(double amount, string currency, string expected) =>
        Assert.Equal(expected, RetailysWire.PriceWord((decimal)amount, currency));

    [Theory]
    [InlineData("""{"price": 12.5}""", 12.5)]
    [InlineData("""{"price": "12.5"}""", 12.5)]
    [InlineData("""{"price": {"final_price": 12.5, "vat": 21}}""", 12.5)]
    [InlineData("""{"price": {"base_price": 7}}""", 7.0)]
    [InlineData("""{"price": null}""", null)]
    [InlineData("""{}""", null)]
    public void An_item_price_is_a_number_or_a_price_model(string json, double? expected)
    {
        var item = JsonSerializer.Deserialize<RetailysItemRequest>(json);
        Assert.Equal(expected is { } value ? (decimal)value : null, item!.Price);
    }

    [Theory]
    [InlineData("""{"price": {"vat": 21}}""")]
    [InlineData("""{"price": true}""")]
    [InlineData("""{"price": "cheap"}""")]
    public void Other_prices_are_refused(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RetailysItemRequest>(json));

    [Fact]
    public void Unknown_members_are_ignored_as_the_vendor_sdk_sends_them() =>
        Assert.Equal("Mug", JsonSerializer.Deserialize<RetailysItemRequest>("""{"name": "Mug", "email": "x@example.com"}""")!.Name);

    [Fact]
    public void Integers_kept_as_canonical_text_round_trip_and_other_text_is_no_integer()
    {
        Assert.Equal("17", RetailysWire.ToText(17));
        Assert.Equal(17L, RetailysWire.FromText("17"));
        Assert.Null(RetailysWire.FromText("web"));
        Assert.Null(RetailysWire.FromText(null));
    }
}
