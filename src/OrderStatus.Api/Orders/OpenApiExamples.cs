using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using OrderStatus.Application.Orders;
using OrderStatus.Domain.Orders;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OrderStatus.Api.Orders;

/// <summary>
/// Endpoint metadata: a request and/or success-response example for the OpenAPI document. A
/// <see cref="Func{TResult}"/> request is called for every document: an example that must not be sent twice (an
/// order reference) is made new each time, so "Execute" after reloading Swagger UI does not answer 409.
/// </summary>
internal sealed record OpenApiExample(object? Request, object? Response);

/// <summary>Copies <see cref="OpenApiExample"/> metadata into the operation's JSON request body and 200/201 response.</summary>
internal sealed class ExamplesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var example = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<OpenApiExample>().FirstOrDefault();
        if (example is null)
        {
            return;
        }

        if (example.Request is not null && operation.RequestBody?.Content is { } requestContent)
        {
            foreach (var media in requestContent.Values.OfType<OpenApiMediaType>())
            {
                media.Example = ToNode(example.Request is Func<object> make ? make() : example.Request);
            }
        }

        if (example.Response is not null && operation.Responses is { } responses)
        {
            foreach (var (status, response) in responses)
            {
                if (status is "200" or "201" && response.Content is { } content)
                {
                    foreach (var media in content.Values.OfType<OpenApiMediaType>())
                    {
                        media.Example = ToNode(example.Response);
                    }
                }
            }
        }
    }

    private static JsonNode? ToNode(object value) => JsonSerializer.SerializeToNode(value, ApiJson.Options);
}

internal static class OpenApiExamples
{
    private static readonly DateTimeOffset Created = new(2026, 11, 22, 9, 30, 0, TimeSpan.Zero);
    private static readonly Guid OrderId = Guid.Parse("019aa9c2-5a10-7c3e-9d41-3f0b6c2e8a01");

    /// <summary>
    /// Create-order's body with a reference of its own on every call (<c>SO-</c> and 8 hex digits): a reference is
    /// unique per merchant, so a fixed one would answer 409 <c>duplicate_reference</c> from the second "Execute" on,
    /// and could clash with the README's walk-through (<c>SO-10042</c>) or the seeded <c>SEED-n</c> orders.
    /// </summary>
    public static CreateOrderRequest NewCreateOrder() => CreateOrder with
    {
        Reference = "SO-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(),
    };

    public static CreateOrderRequest CreateOrder { get; } = new()
    {
        Reference = "SO-7F3A9C21",
        Currency = "EUR",
        ExternalOrderId = "shop-77812",
        CustomerNumber = "C-2231",
        Channel = "webshop",
        Customer = new Customer("Ada Lovelace", "ada@example.com", "+44 20 7946 0000"),
        ShippingAddress = new Address("12 Analytical Row", null, "London", "N1 9GU", null, "GB"),
        StatusCallbackUrl = "https://merchant.example.com/hooks/orders",
        Items =
        [
            new ItemRequest { Sku = "MUG-01", Name = "Mug", Quantity = 2, UnitPrice = 9.95m },
            new ItemRequest { Sku = "TEA-05", Name = "Earl Grey, 250 g", Quantity = 1, UnitPrice = 6.50m, Note = "gift wrap" },
        ],
    };

    public static OrderView Order { get; } = new(
        OrderId,
        1042,
        "SO-7F3A9C21",
        "shop-77812",
        "C-2231",
        "webshop",
        new Customer("Ada Lovelace", "ada@example.com", "+44 20 7946 0000"),
        new Address("12 Analytical Row", null, "London", "N1 9GU", null, "GB"),
        null,
        "EUR",
        [
            new ItemView(Guid.Parse("019aa9c2-5a10-7d01-8a11-5b0c1d2e3f40"), 1, "MUG-01", "Mug", 2, 9.95m, 19.90m, null),
            new ItemView(Guid.Parse("019aa9c2-5a10-7d02-9b22-6c1d2e3f4051"), 2, "TEA-05", "Earl Grey, 250 g", 1, 6.50m, 6.50m, "gift wrap"),
        ],
        26.40m,
        null,
        null,
        null,
        "created",
        null,
        null,
        false,
        [],
        null,
        null,
        [],
        "https://merchant.example.com/hooks/orders",
        ["paid", "in_fulfilment", "sent", "cancelled"],
        Created,
        Created,
        null,
        null,
        1);

    public static PaidRequest Paid { get; } = new() { Amount = 26.40m, PaymentReference = "psp-8812-ab", PaymentUrl = "https://psp.example.com/p/8812" };

    public static OrderView PaidOrder { get; } = Order with
    {
        Status = OrderState.Paid.ToWireName(),
        PaidAmount = 26.40m,
        PaymentReference = "psp-8812-ab",
        PaymentUrl = "https://psp.example.com/p/8812",
        AllowedNext = ["in_fulfilment", "sent", "cancelled"],
        UpdatedAt = Created.AddMinutes(3),
        Version = 2,
    };

    public static StatusChangeRequest StatusByCode { get; } = new() { Code = 512 };

    public static UpdateOrderRequest UpdateOrder { get; } = new()
    {
        Channel = "marketplace",
        Customer = new Customer("Ada King", "ada.king@example.com", "+44 20 7946 0001"),
        StatusCallbackUrl = "https://merchant.example.com/hooks/orders",
    };

    public static ItemRequest AddItem { get; } = new() { Sku = "SAU-01", Name = "Saucer", Quantity = 2, UnitPrice = 4.50m };

    public static ItemRequest ReplaceItem { get; } = new() { Sku = "MUG-01", Name = "Mug, blue", Quantity = 3, UnitPrice = 9.95m, Note = "one gift-wrapped" };

    public static SentRequest Sent { get; } = new()
    {
        Tracking = new TrackingRequest { TrackingNumber = "JJD000390007741234", Carrier = "DHL", TrackingUrl = "https://carrier.example.com/t/JJD000390007741234" },
    };

    public static CancelRequest Cancel { get; } = new() { Reason = "Customer changed their mind" };

    public static HoldRequest Hold { get; } = new() { Reasons = ["ADDRESS_CHECK"] };

    public static CollectionStatusRequest Collection { get; } = new() { CollectionStatus = "COLLECTED" };

    public static TrackingRequest Tracking { get; } = new()
    {
        TrackingNumber = "00340434161094042557",
        Carrier = "DPD",
        TrackingUrl = "https://carrier.example.com/t/00340434161094042557",
    };

    public static CheckpointRequest Checkpoint { get; } = new()
    {
        OccurredAt = Created.AddDays(1),
        Status = "LastMile",
        StatusText = "Out for delivery",
        Location = "London",
    };

    public static NoteRequest Note { get; } = new() { Name = "Customer called", Note = "Asked to leave the parcel with the neighbour at no. 14.", Label = "support" };

    public static CustomStatusRequest CustomStatus { get; } = new() { Name = "Awaiting stock", Color = "#f5a623", Icon = "clock", Sort = 10, Effect = "none" };

    public static CustomStatusRequest RenamedCustomStatus { get; } = new() { Name = "Back-ordered", Color = "#d0021b", Icon = "clock", Sort = 10, Effect = "none" };
}
