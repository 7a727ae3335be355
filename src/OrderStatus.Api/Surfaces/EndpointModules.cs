namespace OrderStatus.Api.Surfaces;

/// <summary>
/// A set of endpoints that registers itself through dependency injection — a dialect surface, or a
/// test's sample surface — so that adding one does not touch the host's composition.
/// </summary>
public interface IEndpointModule
{
    void MapEndpoints(IEndpointRouteBuilder app);
}

public static class EndpointModuleExtensions
{
    public static IServiceCollection AddEndpointModule<TModule>(this IServiceCollection services)
        where TModule : class, IEndpointModule
    {
        services.AddSingleton<IEndpointModule, TModule>();
        return services;
    }

    public static IEndpointRouteBuilder MapEndpointModules(this IEndpointRouteBuilder app)
    {
        foreach (var module in app.ServiceProvider.GetServices<IEndpointModule>())
        {
            module.MapEndpoints(app);
        }

        return app;
    }
}
