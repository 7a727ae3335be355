using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Webhooks;

public static class WebhookEventTypes
{
    public const string Wildcard = "*";

    public static bool IsKnown(string type) => type == Wildcard || OrderEventTypes.All.Contains(type, StringComparer.Ordinal);
}
