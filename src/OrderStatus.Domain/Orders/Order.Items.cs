using OrderStatus.Domain.Reference;

namespace OrderStatus.Domain.Orders;

/// <summary>Items: added, replaced and removed until the order is sent; the total follows them.</summary>
public sealed partial class Order
{
    /// <exception cref="OrderRuleViolation">items_frozen or invalid_argument.</exception>
    public OrderItem AddItem(ItemDetails details, DateTimeOffset now)
    {
        EnsureItemsEditable();
        Validate(details);
        var item = OrderItem.Create(details, ++LastItemNumber, Currency, now);
        _items.Add(item);
        RecalculateTotal();
        Commit([ItemEvent(OrderEventTypes.ItemAdded, item, now)], now);
        return item;
    }

    /// <summary>Replaces an item's fields; no-op when nothing differs.</summary>
    /// <exception cref="OrderRuleViolation">items_frozen, item_not_found or invalid_argument.</exception>
    public IReadOnlyList<OrderEvent> UpdateItem(ItemKey key, ItemDetails details, DateTimeOffset now)
    {
        EnsureItemsEditable();
        Validate(details);
        var item = GetItem(key);
        if (item.Matches(details))
        {
            return [];
        }

        item.Replace(details, Currency);
        RecalculateTotal();
        return Commit([ItemEvent(OrderEventTypes.ItemUpdated, item, now)], now);
    }

    /// <exception cref="OrderRuleViolation">items_frozen or item_not_found.</exception>
    public IReadOnlyList<OrderEvent> RemoveItem(ItemKey key, DateTimeOffset now)
    {
        EnsureItemsEditable();
        var item = GetItem(key);
        _items.Remove(item);
        RecalculateTotal();
        return Commit([ItemEvent(OrderEventTypes.ItemRemoved, item, now)], now);
    }

    /// <summary>The item with that id or number.</summary>
    /// <exception cref="OrderRuleViolation">item_not_found.</exception>
    public OrderItem GetItem(ItemKey key) =>
        _items.Find(key.Matches)
        ?? throw new OrderRuleViolation(OrderRuleCodes.ItemNotFound, $"The order has no item {key}.");

    private void EnsureItemsEditable()
    {
        if (AreItemsFrozen())
        {
            throw new OrderRuleViolation(
                OrderRuleCodes.ItemsFrozen,
                $"Items cannot change once the order is '{State.ToWireName()}'.",
                State,
                AllowedNext());
        }
    }

    private void RecalculateTotal() => Total = Currencies.Round(_items.Sum(i => i.LineTotal), Currency);

    private OrderEvent ItemEvent(string type, OrderItem item, DateTimeOffset now)
    {
        return NewEvent(type, now, new ItemEventData(item.Id, item.Sku, item.Name, item.Quantity, item.UnitPrice, item.LineTotal, Total));
    }

    private static void Validate(ItemDetails item)
    {
        if (string.IsNullOrWhiteSpace(item.Name))
        {
            throw OrderRuleViolation.InvalidArgument("An item needs a name.");
        }

        if (item.Quantity <= 0)
        {
            throw OrderRuleViolation.InvalidArgument("An item's quantity must be greater than zero.");
        }

        if (item.UnitPrice < 0)
        {
            throw OrderRuleViolation.InvalidArgument("An item's unit price cannot be negative.");
        }
    }
}
