using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrderStatus.Application.Access;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Application.Numbers;

/// <summary>
/// The last number given out per merchant, for orders and for custom statuses (docs/decisions/0009-numbers-and-order-keys.md).
/// One row per merchant, created by the first allocation.
/// </summary>
public sealed class MerchantCounters : ITenantOwned
{
    public Guid MerchantId { get; init; }

    public long LastOrderNumber { get; init; }

    public int LastCustomStatusNumber { get; init; }
}

internal sealed class MerchantCountersConfiguration : IEntityTypeConfiguration<MerchantCounters>
{
    public void Configure(EntityTypeBuilder<MerchantCounters> builder)
    {
        builder.ToTable("merchant_counters");
        builder.HasKey(c => c.MerchantId);
        builder.HasOne<Merchant>().WithOne().HasForeignKey<MerchantCounters>(c => c.MerchantId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Hands out per-merchant numbers. Each allocation is one atomic upsert of the merchant's counter row, committed on
/// its own: concurrent creates of one merchant queue on that row only for the statement, never for a whole
/// transaction, and a number is never given twice. A creation that fails afterwards (a duplicate reference) leaves a
/// gap, as a database sequence would; numbers are increasing and unique, not gap-free.
/// </summary>
public sealed class MerchantNumbering(OrdersDbContext db)
{
    public async Task<long> NextOrderNumberAsync(Guid merchantId, CancellationToken ct)
    {
        var next = await db.Database.SqlQuery<long>($"""
            INSERT INTO merchant_counters AS c (merchant_id, last_order_number, last_custom_status_number)
            VALUES ({merchantId}, 1, 0)
            ON CONFLICT (merchant_id) DO UPDATE SET last_order_number = c.last_order_number + 1
            RETURNING c.last_order_number AS "Value"
            """).ToListAsync(ct);
        return next[0];
    }

    public async Task<int> NextCustomStatusNumberAsync(Guid merchantId, CancellationToken ct)
    {
        var next = await db.Database.SqlQuery<int>($"""
            INSERT INTO merchant_counters AS c (merchant_id, last_order_number, last_custom_status_number)
            VALUES ({merchantId}, 0, 1)
            ON CONFLICT (merchant_id) DO UPDATE SET last_custom_status_number = c.last_custom_status_number + 1
            RETURNING c.last_custom_status_number AS "Value"
            """).ToListAsync(ct);
        return next[0];
    }
}
