namespace OrderStatus.Application.Persistence;

/// <summary>
/// Database objects the EF model cannot describe (functions, triggers), keyed by the table they
/// belong to. Migrations create them with this same SQL, and <see cref="OrderStatusMigrationsSqlGenerator"/>
/// appends them to the model's own DDL, so the schema test compares them like everything else.
/// </summary>
internal static class DatabaseObjects
{
    /// <summary>The channel <c>NOTIFY</c>ed with the merchant id whenever a history event commits.</summary>
    public const string OrderEventsChannel = "order_events";

    public const string CreateOrderEventsNotify = """
        CREATE FUNCTION notify_order_event() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('order_events', NEW.merchant_id::text);
            RETURN NULL;
        END
        $$;
        CREATE TRIGGER order_events_notify AFTER INSERT ON order_events
            FOR EACH ROW EXECUTE FUNCTION notify_order_event();
        """;

    public const string DropOrderEventsNotify = """
        DROP TRIGGER order_events_notify ON order_events;
        DROP FUNCTION notify_order_event();
        """;

    public static IEnumerable<string> AfterCreateTable(string table) => table switch
    {
        "order_events" => [CreateOrderEventsNotify],
        _ => [],
    };
}
