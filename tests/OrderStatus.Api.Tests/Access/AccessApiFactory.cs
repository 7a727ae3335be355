using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Access;

/// <summary>
/// The app on a <see cref="FakeTimeProvider"/> that starts at the real time and moves only when a test
/// advances it (token expiry without sleeping), no client-state caching (a revocation shows on the next request)
/// and the scope probe endpoints.
/// </summary>
public sealed class AccessApiFactory : ApiFactory
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

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
