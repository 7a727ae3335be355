using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrderStatus.Application.Access;

namespace OrderStatus.Application.Persistence;

internal sealed class MerchantConfiguration : IEntityTypeConfiguration<Merchant>
{
    public void Configure(EntityTypeBuilder<Merchant> builder)
    {
        builder.ToTable("merchants");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Name).HasMaxLength(200);
        builder.Property(m => m.AccountNumber).UseIdentityByDefaultColumn();
        builder.HasIndex(m => m.AccountNumber).IsUnique();
    }
}

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> builder)
    {
        builder.ToTable("api_clients");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.ClientId).HasMaxLength(64);
        builder.HasIndex(c => c.ClientId).IsUnique();
        builder.HasIndex(c => c.MerchantId);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.HasOne<Merchant>().WithMany().HasForeignKey(c => c.MerchantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ServiceKeyConfiguration : IEntityTypeConfiguration<ServiceKey>
{
    public void Configure(EntityTypeBuilder<ServiceKey> builder)
    {
        builder.ToTable("service_keys");
        builder.HasKey(k => k.Name);
        builder.Property(k => k.Name).HasMaxLength(100);
    }
}
