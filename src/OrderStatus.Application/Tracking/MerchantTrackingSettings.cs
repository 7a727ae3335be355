using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrderStatus.Application.Access;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Application.CustomerTracking;

/// <summary>
/// A merchant's public-tracking state: the secret that signs its tracking links (sealed by
/// <see cref="TrackingSecretProtector"/>, never in clear text in the database or a log), the previous
/// secret during the grace period after a rotation, and whether the customer page shows prices.
/// </summary>
public sealed class MerchantTrackingSettings : ITenantOwned
{
    public Guid MerchantId { get; init; }

    public required byte[] Secret { get; set; }

    /// <summary>The secret before the last rotation; links signed with it work until <see cref="PreviousValidUntil"/>.</summary>
    public byte[]? PreviousSecret { get; set; }

    public DateTimeOffset? PreviousValidUntil { get; set; }

    public bool ShowPrices { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset RotatedAt { get; set; }
}

internal sealed class MerchantTrackingSettingsConfiguration : IEntityTypeConfiguration<MerchantTrackingSettings>
{
    public void Configure(EntityTypeBuilder<MerchantTrackingSettings> builder)
    {
        builder.ToTable("merchant_tracking_settings");
        builder.HasKey(s => s.MerchantId);
        builder.HasOne<Merchant>().WithOne().HasForeignKey<MerchantTrackingSettings>(s => s.MerchantId).OnDelete(DeleteBehavior.Cascade);
    }
}
