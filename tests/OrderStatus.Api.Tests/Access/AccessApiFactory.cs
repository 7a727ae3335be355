using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Access;

/// <summary>
/// The app with a movable clock, no client-state caching (a revocation shows on the next request)
/// and the scope probe endpoints.
/// </summary>
public sealed class AccessApiFactory : ApiFactory
{
    public ShiftableClock Clock { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:ClientCacheSeconds"] = "0",
    };

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IStartupFilter, ScopeProbeStartupFilter>();
    }
}
