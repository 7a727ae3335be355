using Microsoft.AspNetCore.Mvc;
using OrderStatus.Application.Orders;

namespace OrderStatus.Api.Dialects.Retailys;

/// <summary>
/// The query of <c>GET /System/Orders</c> with the vendor's wire names (DIALECTS.md 2.6). Every value is read
/// as text and parsed here, so that a bad one answers 400 naming the parameter, never the binder's bare 400.
/// </summary>
internal sealed record RetailysOrderListParameters(
    [property: FromQuery(Name = "channel_id")] string? ChannelId,
    [property: FromQuery(Name = "company_id")] string? CompanyId,
    [property: FromQuery(Name = "customer_id")] string? CustomerId,
    [property: FromQuery(Name = "done")] string? Done,
    [property: FromQuery(Name = "canceled")] string? Canceled,
    [property: FromQuery(Name = "status_id")] string? StatusId,
    [property: FromQuery(Name = "from")] string? From,
    [property: FromQuery(Name = "to")] string? To,
    [property: FromQuery(Name = "tracking")] string? Tracking,
    [property: FromQuery(Name = "page")] string? Page,
    [property: FromQuery(Name = "per_page")] string? PerPage,
    [property: FromQuery(Name = "expanded")] string? Expanded)
{
    public (OrderPageFilter Filter, int Page, int PerPage, bool Expanded) Parse()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        long? Id(string name, string? text)
        {
            if (text is null)
            {
                return null;
            }

            if (RetailysWire.TryParseId(text.Trim(), out var id))
            {
                return id;
            }

            errors[name] = [$"'{name}' must be a positive integer."];
            return null;
        }

        bool? Flag(string name, string? text)
        {
            if (RetailysWire.TryParseBool(text, out var value))
            {
                return value;
            }

            errors[name] = [$"'{name}' must be 1, 0, true or false."];
            return null;
        }

        DateTimeOffset? Date(string name, string? text)
        {
            if (RetailysWire.TryParseDate(text, out var value))
            {
                return value;
            }

            errors[name] = [$"'{name}' must be an ISO 8601 date-time, e.g. 2019-12-01T08:15:30+01:00."];
            return null;
        }

        int? Int(string name, string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (int.TryParse(text.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            errors[name] = [$"'{name}' must be an integer."];
            return null;
        }

        var channel = Id("channel_id", ChannelId);
        var company = Id("company_id", CompanyId);
        var customer = Id("customer_id", CustomerId);
        var status = Id("status_id", StatusId);
        var done = Flag("done", Done);
        var canceled = Flag("canceled", Canceled);
        var expanded = Flag("expanded", Expanded);
        var from = Date("from", From);
        var to = Date("to", To);
        var page = Int("page", Page);
        var perPage = Int("per_page", PerPage);
        if (errors.Count > 0)
        {
            throw UseCaseProblem.Validation(errors);
        }

        var (p, size) = Paging(page, perPage);
        var filter = new OrderPageFilter
        {
            Channel = channel is { } c ? RetailysWire.ToText(c) : null,
            CustomerNumber = customer is { } u ? RetailysWire.ToText(u) : null,
            Done = done,
            Cancelled = canceled,
            // A status number beyond int cannot exist: let the lookup answer 404 like any unknown one.
            CustomStatusNumber = status is { } s ? (int)Math.Min(s, int.MaxValue) : null,
            OrderedFrom = from,
            OrderedTo = to,
            TrackingNumber = string.IsNullOrWhiteSpace(Tracking) ? null : Tracking.Trim(),
            // OrderStatus has no companies: a company filter matches no order.
            MatchesNothing = company is not null,
        };
        return (filter, p, size, expanded ?? false);
    }

    /// <summary><c>page</c> (default 1) and <c>per_page</c> (default 10), 400 outside their bounds.</summary>
    public static (int Page, int PerPage) Paging(int? page, int? perPage)
    {
        if (RetailysWire.CheckPaging(page, perPage) is { } message)
        {
            throw UseCaseProblem.Invalid(page is < 1 ? "page" : "per_page", message);
        }

        return (page ?? 1, perPage ?? RetailysWire.DefaultPerPage);
    }
}
