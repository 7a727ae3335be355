namespace OrderStatus.Domain.Orders;

/// <summary>A line of an order. Changed only through <see cref="Order"/>.</summary>
public sealed class OrderItem
{
    private OrderItem()
    {
        Name = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>1, 2, 3 … within the order, in the order items were added; never reused after a removal.</summary>
    public int Number { get; private set; }

    public string? Sku { get; private set; }

    public string Name { get; private set; }

    public int Quantity { get; private set; }

    public decimal UnitPrice { get; private set; }

    public string? Note { get; private set; }

    /// <summary>Quantity × unit price rounded to the currency's minor unit; stored so that queries can sum it.</summary>
    public decimal LineTotal { get; private set; }

    internal static OrderItem Create(ItemDetails details, int number, string currency, DateTimeOffset now)
    {
        var item = new OrderItem { Id = Guid.CreateVersion7(now), Number = number };
        item.Replace(details, currency);
        return item;
    }

    internal bool Matches(ItemDetails details) =>
        Sku == details.Sku && Name == details.Name && Quantity == details.Quantity
        && UnitPrice == details.UnitPrice && Note == details.Note;

    internal void Replace(ItemDetails details, string currency)
    {
        Sku = details.Sku;
        Name = details.Name;
        Quantity = details.Quantity;
        UnitPrice = details.UnitPrice;
        Note = details.Note;
        LineTotal = Reference.Currencies.Round(details.Quantity * details.UnitPrice, currency);
    }
}
