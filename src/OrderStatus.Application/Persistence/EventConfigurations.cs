using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrderStatus.Application.Events;

namespace OrderStatus.Application.Persistence;

internal sealed class OrderEventRecordConfiguration : IEntityTypeConfiguration<OrderEventRecord>
{
    public void Configure(EntityTypeBuilder<OrderEventRecord> builder)
    {
        builder.ToTable("order_events");
        // Citus-ready (docs/scale-out.md): the key includes the distribution column merchant_id; id first for lookups by id.
        builder.HasKey(e => new { e.Id, e.MerchantId });
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Sequence).UseIdentityAlwaysColumn();
        builder.HasAlternateKey(e => new { e.Sequence, e.MerchantId });
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.FromStatus).HasMaxLength(32);
        builder.Property(e => e.ToStatus).HasMaxLength(32);
        builder.Property(e => e.Data).HasColumnType("jsonb");
        builder.Property(e => e.ActorClientId).HasMaxLength(64);
        builder.Property(e => e.RequestId).HasMaxLength(128);
        // An order's history, in order, page by page.
        builder.HasIndex(e => new { e.OrderId, e.Sequence });
        // The change feed: a merchant's events in commit order (see OrderEventRecord.TxId).
        builder.Property(e => e.TxId).HasDefaultValueSql("(pg_current_xact_id()::text)::bigint");
        builder.HasIndex(e => new { e.MerchantId, e.TxId, e.Sequence });
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        // Citus-ready (docs/scale-out.md): the key includes the distribution column merchant_id; id first for lookups by id.
        builder.HasKey(m => new { m.Id, m.MerchantId });
        builder.Property(m => m.Id).UseIdentityAlwaysColumn();
        builder.Property(m => m.EventType).HasMaxLength(64);
        builder.Property(m => m.Payload).HasColumnType("jsonb");
        builder.Property(m => m.StatusCallbackUrl).HasMaxLength(2048);
        // The dispatcher's work queue: only pending rows, oldest first.
        builder.HasIndex(m => m.Id).HasDatabaseName("ix_outbox_messages_pending").HasFilter("dispatched_at IS NULL");
    }
}
