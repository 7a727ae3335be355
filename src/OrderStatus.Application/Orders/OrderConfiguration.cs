using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using OrderStatus.Application.Access;
using OrderStatus.Application.Statuses;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Orders;

/// <summary>
/// The order aggregate in one row: scalar columns for everything lists filter on, items and trackings
/// (with their checkpoints) as jsonb, so that reading or locking an order is one indexed row
/// (docs/decisions/0005-order-indexes.md).
/// </summary>
internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public const string ItemsField = "_items";
    public const string TrackingsField = "_trackings";
    public const string TrackingNumbers = "TrackingNumbers";
    public const string CustomerEmail = "CustomerEmail";
    public const string OrderDate = "OrderDate";

    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("orders");
        // Citus-ready (docs/scale-out.md): the key includes the distribution column merchant_id; id first for lookups by id.
        builder.HasKey(o => new { o.Id, o.MerchantId });
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Reference).HasMaxLength(100);
        builder.Property(o => o.ExternalOrderId).HasMaxLength(100);
        builder.Property(o => o.CustomerNumber).HasMaxLength(100);
        builder.Property(o => o.Channel).HasMaxLength(100);
        builder.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
        builder.Property(o => o.Total).HasPrecision(19, 4);
        builder.Property(o => o.PaidAmount).HasPrecision(19, 4);
        builder.Property(o => o.PaymentReference).HasMaxLength(200);
        builder.Property(o => o.PaymentUrl).HasMaxLength(2048);
        builder.Property(o => o.CancelReason).HasMaxLength(1000);
        builder.Property(o => o.StatusCallbackUrl).HasMaxLength(2048);
        builder.Property(o => o.State).HasColumnName("status").HasMaxLength(32)
            .HasConversion(s => s.ToWireName(), s => WireNames.ParseState(s));
        builder.Property(o => o.CollectionStatus).HasMaxLength(16)
            .HasConversion(new ValueConverter<CollectionStatus, string>(s => s.ToWireName(), s => WireNames.ParseCollectionStatus(s)));
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.PrimitiveCollection(o => o.HoldReasons).HasField("_holdReasons").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(o => o.PendingEvents);

        builder.ComplexProperty(o => o.Customer, customer => customer.ToJson("customer"));
        builder.ComplexProperty(o => o.ShippingAddress, a => a.ToJson("shipping_address"));
        builder.ComplexProperty(o => o.BillingAddress, a => a.ToJson("billing_address"));

        // The public lists are read-only views; EF maps the private List<T> fields behind them.
        builder.Ignore(o => o.Items);
        builder.Ignore(o => o.Trackings);
        builder.ComplexCollection<List<OrderItem>, OrderItem>(ItemsField, items => items.ToJson("items"));
        builder.ComplexCollection<List<Tracking>, Tracking>(TrackingsField, trackings =>
        {
            trackings.ToJson("trackings");
            trackings.Ignore(t => t.Checkpoints);
            trackings.ComplexCollection<List<Checkpoint>, Checkpoint>("_checkpoints", checkpoints => checkpoints.HasJsonPropertyName("checkpoints"));
        });

        builder.HasOne<Merchant>().WithMany().HasForeignKey(o => o.MerchantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CustomStatus>().WithMany().HasForeignKey(o => new { o.CustomStatusId, o.MerchantId }).OnDelete(DeleteBehavior.Restrict);

        // Kept by OrderStore from the trackings so that the trackingNumber filter has an index (GIN).
        builder.Property<string[]>(TrackingNumbers).HasColumnName("tracking_numbers").IsRequired();
        // Kept by OrderStore from the customer, lower case, for the customerEmail filter.
        builder.Property<string?>(CustomerEmail).HasColumnName("customer_email").HasMaxLength(320);

        // Lists: newest first, keyset on (created_at, id) within the merchant. See ADR 0005.
        builder.HasIndex(o => new { o.MerchantId, o.CreatedAt, o.Id }).IsDescending(false, true, true);
        builder.HasIndex(o => new { o.MerchantId, o.State, o.CreatedAt, o.Id }).IsDescending(false, false, true, true);
        builder.HasIndex(o => new { o.MerchantId, o.CreatedAt, o.Id }, "ix_orders_on_hold")
            .HasDatabaseName("ix_orders_on_hold").IsDescending(false, true, true).HasFilter("on_hold");
        // Exact-match lookups.
        builder.HasIndex(o => new { o.MerchantId, o.Reference }).IsUnique();
        builder.HasIndex(o => new { o.MerchantId, o.Number }).IsUnique();
        builder.HasIndex(o => new { o.MerchantId, o.ExternalOrderId }).HasFilter("external_order_id IS NOT NULL");
        builder.HasIndex(o => new { o.MerchantId, o.CustomerNumber }).HasFilter("customer_number IS NOT NULL");
        builder.HasIndex(o => new { o.MerchantId, o.Channel, o.CreatedAt }).IsDescending(false, false, true).HasFilter("channel IS NOT NULL");
        builder.HasIndex(TrackingNumbers).HasMethod("gin");
        builder.HasIndex(nameof(Order.MerchantId), CustomerEmail).HasFilter("customer_email IS NOT NULL");

        // The order date as the merchant knows it (its own creation time, else ours), computed by the database,
        // for the offset-paged lists that sort and filter by it (Retailys): the index answers their sort, date
        // range and status/channel/custom-status filters and counts without reading rows (ADR 0011).
        builder.Property<DateTimeOffset>(OrderDate).HasColumnName("order_date")
            .HasComputedColumnSql("COALESCE(client_created_at, created_at)", stored: true);
        builder.HasIndex(nameof(Order.MerchantId), OrderDate, nameof(Order.Id)).IsDescending(false, true, true)
            .IncludeProperties(nameof(Order.State), nameof(Order.Channel), nameof(Order.CustomStatusId));
    }
}
