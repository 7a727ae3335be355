using Microsoft.AspNetCore.DataProtection;

namespace OrderStatus.Api.Hosting;

/// <summary>
/// ASP.NET Core Data Protection, switched off on purpose (ADR 0015). Nothing in the service protects data
/// with it: there are no cookies, no antiforgery tokens and no TempData; access tokens, list cursors and
/// tracking links are signed with the service keys kept in PostgreSQL, which every replica reads.
/// <c>AddAuthentication</c> still registers Data Protection, and its hosted service would create a key ring
/// at start-up in <c>~/.aspnet/DataProtection-Keys</c> — a directory no other replica sees — with a warning
/// that the key is stored unencrypted. Here the provider is in-memory and nothing is created at start-up,
/// so a future use of Data Protection fails loudly across restarts instead of silently working on one replica.
/// </summary>
internal static class DataProtectionSetup
{
    // Internal to ASP.NET Core; matched by name. If it is renamed, the start-up log test
    // (DataProtectionTests) sees the key-ring warning again.
    private const string KeyRingLoader = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    /// <summary>Call after every other registration (authentication adds Data Protection).</summary>
    public static IServiceCollection AddOrderStatusDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationType?.FullName == KeyRingLoader)
            {
                services.RemoveAt(i);
            }
        }

        return services;
    }
}
