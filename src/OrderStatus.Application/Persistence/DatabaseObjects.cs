namespace OrderStatus.Application.Persistence;

/// <summary>
/// Names of the database objects the EF model cannot describe. The objects themselves (the
/// <c>notify_order_event()</c> function and its <c>order_events_notify</c> trigger) are created by
/// raw SQL in the migrations; <c>SchemaMatchesModelTests</c> lists them.
/// </summary>
internal static class DatabaseObjects
{
    /// <summary>The channel <c>NOTIFY</c>ed with the merchant id whenever a history event commits.</summary>
    public const string OrderEventsChannel = "order_events";
}
