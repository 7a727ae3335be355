namespace OrderStatus.Application.Access;

/// <summary>The permissions an API client can hold.</summary>
public static class Scopes
{
    public const string OrdersRead = "orders:read";
    public const string OrdersWrite = "orders:write";
    public const string WebhooksManage = "webhooks:manage";

    /// <summary>Rotate the tracking-link secret and change what the public status page shows.</summary>
    public const string TrackingManage = "tracking:manage";

    public static readonly IReadOnlyList<string> All = [OrdersRead, OrdersWrite, WebhooksManage, TrackingManage];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);
}
