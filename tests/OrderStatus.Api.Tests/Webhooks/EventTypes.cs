namespace OrderStatus.Api.Tests.Webhooks;

/// <summary>Event-type lists for request bodies (static, as CA1861 asks).</summary>
internal static class EventTypes
{
    public static readonly string[] All = ["*"];
    public static readonly string[] StatusChanged = ["STATUS_CHANGED"];
    public static readonly string[] StatusAndNotes = ["STATUS_CHANGED", "NOTE_ADDED"];
    public static readonly string[] Unknown = ["ORDER_EXPLODED"];
}
