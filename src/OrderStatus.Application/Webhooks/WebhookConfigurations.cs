using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrderStatus.Application.Access;

namespace OrderStatus.Application.Webhooks;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("webhook_subscriptions");
        // Citus-ready (docs/scale-out.md): the key includes the distribution column merchant_id; id first for lookups by id.
        builder.HasKey(s => new { s.Id, s.MerchantId });
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Url).HasMaxLength(WebhookTargets.MaxUrlLength);
        builder.Property(s => s.Description).HasMaxLength(500);
        builder.Property(s => s.Secret).HasMaxLength(100);
        builder.Property(s => s.DisabledReason).HasMaxLength(500);
        builder.HasIndex(s => s.MerchantId);
        builder.HasOne<Merchant>().WithMany().HasForeignKey(s => s.MerchantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MerchantCallbackSecretConfiguration : IEntityTypeConfiguration<MerchantCallbackSecret>
{
    public void Configure(EntityTypeBuilder<MerchantCallbackSecret> builder)
    {
        builder.ToTable("merchant_callback_secrets");
        builder.HasKey(s => s.MerchantId);
        builder.Property(s => s.MerchantId).ValueGeneratedNever();
        builder.Property(s => s.Secret).HasMaxLength(100);
        builder.HasOne<Merchant>().WithOne().HasForeignKey<MerchantCallbackSecret>(s => s.MerchantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        // Citus-ready (docs/scale-out.md): the key includes the distribution column merchant_id; id first for lookups by id.
        builder.HasKey(d => new { d.Id, d.MerchantId });
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.EventType).HasMaxLength(64);
        builder.Property(d => d.Url).HasMaxLength(WebhookTargets.MaxUrlLength);
        builder.Property(d => d.Payload).HasColumnType("jsonb");
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => new { d.SubscriptionId, d.MerchantId }).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Attempts).WithOne().HasForeignKey(a => new { a.DeliveryId, a.MerchantId }).OnDelete(DeleteBehavior.Cascade);
        // The dispatcher's queue: pending deliveries by due time.
        builder.HasIndex(d => d.NextAttemptAt).HasDatabaseName("ix_webhook_deliveries_due").HasFilter("state = 'Pending'");
        // Per-order ordering: is an older delivery of this order still pending?
        builder.HasIndex(d => new { d.OrderId, d.OutboxMessageId });
        // Per-merchant stats and the callback delivery log.
        builder.HasIndex(d => new { d.MerchantId, d.State, d.CreatedAt });
        // A subscription's delivery log, newest first.
        builder.HasIndex(d => new { d.SubscriptionId, d.CreatedAt });
    }
}

internal sealed class WebhookDeliveryAttemptConfiguration : IEntityTypeConfiguration<WebhookDeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookDeliveryAttempt> builder)
    {
        builder.ToTable("webhook_delivery_attempts");
        // Citus-ready (docs/scale-out.md): the key includes the distribution column merchant_id; id first for lookups by id.
        builder.HasKey(a => new { a.Id, a.MerchantId });
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.Error).HasMaxLength(1000);
        builder.HasIndex(a => new { a.DeliveryId, a.Number });
    }
}
