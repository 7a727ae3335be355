using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Application.Access;

/// <summary>Reads a service key, creating it first if no replica has yet.</summary>
public sealed class ServiceKeys(IDbContextFactory<OrdersDbContext> contexts, TimeProvider clock)
{
    public async Task<byte[]> GetOrCreateAsync(string name, int sizeInBytes, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var candidate = RandomNumberGenerator.GetBytes(sizeInBytes);
        var now = clock.GetUtcNow();
        // Replicas starting together race here; ON CONFLICT lets the first one win and all read its key.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO service_keys (name, key_material, created_at) VALUES ({name}, {candidate}, {now}) ON CONFLICT (name) DO NOTHING",
            cancellationToken);
        return await db.ServiceKeys.AsNoTracking().Where(k => k.Name == name).Select(k => k.KeyMaterial).SingleAsync(cancellationToken);
    }
}
