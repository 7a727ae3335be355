using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrderStatus.Application.Access;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Statuses;

internal sealed class CustomStatusConfiguration : IEntityTypeConfiguration<CustomStatus>
{
    public void Configure(EntityTypeBuilder<CustomStatus> builder)
    {
        builder.ToTable("custom_statuses");
        // Citus-ready (docs/scale-out.md): the key includes the distribution column merchant_id; id first for lookups by id.
        builder.HasKey(s => new { s.Id, s.MerchantId });
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Color).HasMaxLength(32);
        builder.Property(s => s.Icon).HasMaxLength(100);
        builder.Property(s => s.Effect).HasMaxLength(16).HasConversion(
            e => CustomStatusEffects.ToWireName(e),
            s => CustomStatusEffects.Parse(s));
        // The catalogue lists a merchant's statuses by sort order.
        builder.HasIndex(s => new { s.MerchantId, s.Sort });
        builder.HasIndex(s => new { s.MerchantId, s.Number }).IsUnique();
        builder.HasOne<Merchant>().WithMany().HasForeignKey(s => s.MerchantId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Wire names of <see cref="CustomStatusEffect"/>: <c>none</c>, <c>done</c>, <c>cancelled</c>.</summary>
public static class CustomStatusEffects
{
    public static IReadOnlyList<string> WireNames { get; } = ["none", "done", "cancelled"];

    public static string ToWireName(CustomStatusEffect effect) => effect switch
    {
        CustomStatusEffect.Done => "done",
        CustomStatusEffect.Cancelled => "cancelled",
        _ => "none",
    };

    public static CustomStatusEffect Parse(string name) =>
        TryParse(name, out var effect) ? effect : throw new ArgumentOutOfRangeException(nameof(name), name, "Not a custom status effect.");

    public static bool TryParse(string? name, out CustomStatusEffect effect)
    {
        switch (name)
        {
            case "none": effect = CustomStatusEffect.None; return true;
            case "done": effect = CustomStatusEffect.Done; return true;
            case "cancelled": effect = CustomStatusEffect.Cancelled; return true;
            default: effect = default; return false;
        }
    }
}
