using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.CustomerTracking;

/// <summary>What the customer proved, and so how much of the order they may see.</summary>
public enum TrackingAccess
{
    /// <summary>The merchant's own API credentials: no factor needed.</summary>
    Merchant,

    /// <summary>A valid signed link or the recipient's e-mail.</summary>
    Full,

    /// <summary>Only the shipping postal code: no e-mail address and no street lines.</summary>
    PostalCodeOnly,
}

/// <summary>
/// The customer-safe projection of an order (SPEC section 7): status, progress, trackings with their
/// checkpoints (newest first), items by name and quantity, dates and where it goes. Never notes, hold
/// reasons, history actors, request or client ids, the callback URL, payment details or other orders;
/// prices only when the merchant turned them on; e-mail and street lines only with
/// <see cref="TrackingAccess.Full"/> (or better).
/// </summary>
public sealed record CustomerOrderView(
    Guid OrderId,
    string Reference,
    string? Channel,
    string MerchantName,
    long AccountNumber,
    OrderState State,
    DateTimeOffset OrderedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeliveredAt,
    CustomerRecipientView? Recipient,
    IReadOnlyList<CustomerTrackingView> Trackings,
    IReadOnlyList<CustomerItemView> Items,
    string? Currency,
    decimal? Total,
    TrackingAccess Access,
    long Version)
{
    public static CustomerOrderView From(Order order, string merchantName, long accountNumber, TrackingAccess access, bool showPrices)
    {
        var full = access is TrackingAccess.Full or TrackingAccess.Merchant;
        var trackings = order.Trackings.Select(CustomerTrackingView.From).ToList();
        var delivered = trackings.SelectMany(t => t.Checkpoints).Where(c => c.Status == TrackingLifecycle.Delivered)
            .Select(c => (DateTimeOffset?)c.OccurredAt).Max();
        return new CustomerOrderView(
            order.Id,
            order.Reference,
            order.Channel,
            merchantName,
            accountNumber,
            order.State,
            order.ClientCreatedAt ?? order.CreatedAt,
            order.UpdatedAt,
            delivered,
            CustomerRecipientView.From(order.Customer, order.ShippingAddress, full),
            trackings,
            [.. order.Items.Select(i => new CustomerItemView(i.Id, i.Sku, i.Name, i.Quantity, showPrices ? i.UnitPrice : null, showPrices ? i.LineTotal : null))],
            showPrices ? order.Currency : null,
            showPrices ? order.Total : null,
            access,
            order.Version);
    }
}

/// <summary>Who and where the order goes; <see cref="Email"/>, <see cref="Line1"/> and <see cref="Line2"/> only with full access.</summary>
public sealed record CustomerRecipientView(
    string? Name,
    string? Email,
    string? Line1,
    string? Line2,
    string? City,
    string? PostalCode,
    string? Region,
    string? CountryCode)
{
    public static CustomerRecipientView? From(Customer customer, Address? shipping, bool full)
    {
        if (customer.Name is null && (!full || customer.Email is null) && shipping is null)
        {
            return null;
        }

        return new CustomerRecipientView(
            customer.Name,
            full ? customer.Email : null,
            full ? shipping?.Line1 : null,
            full ? shipping?.Line2 : null,
            shipping?.City,
            shipping?.PostalCode,
            shipping?.Region,
            shipping?.CountryCode);
    }
}

public sealed record CustomerItemView(Guid Id, string? Sku, string Name, int Quantity, decimal? UnitPrice, decimal? LineTotal);

public sealed record CustomerTrackingView(
    Guid Id,
    string? Carrier,
    string TrackingNumber,
    string? TrackingUrl,
    TrackingLifecycle Lifecycle,
    IReadOnlyList<CustomerCheckpointView> Checkpoints)
{
    public static CustomerTrackingView From(Tracking tracking) => new(
        tracking.Id,
        tracking.Carrier,
        tracking.TrackingNumber,
        tracking.TrackingUrl,
        tracking.Lifecycle,
        [.. tracking.Checkpoints.OrderByDescending(c => c.OccurredAt)
            .Select(c => new CustomerCheckpointView(c.OccurredAt, c.Status, c.StatusText, c.Location))]);
}

/// <summary>One carrier event; lists hold them newest first.</summary>
public sealed record CustomerCheckpointView(DateTimeOffset OccurredAt, TrackingLifecycle Status, string? StatusText, string? Location);
