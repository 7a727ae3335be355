using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrderStatus.Application.Idempotency;

namespace OrderStatus.Application.Persistence;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records");
        builder.HasKey(r => new { r.MerchantId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(255);
        builder.Property(r => r.ContentType).HasMaxLength(200);
        // The clean-up job deletes by expiry.
        builder.HasIndex(r => r.ExpiresAt);
    }
}
