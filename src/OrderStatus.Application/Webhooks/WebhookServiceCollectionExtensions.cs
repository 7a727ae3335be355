using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrderStatus.Application.Feed;

namespace OrderStatus.Application.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    public static IServiceCollection AddOrderStatusWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.Section))
            .PostConfigure<IHostEnvironment>((options, environment) => options.AllowPrivateNetworks ??= !environment.IsProduction())
            .Validate(o => o.BatchSize is > 0 and <= 1000, "Webhooks:BatchSize must be between 1 and 1000.")
            .Validate(o => o.Dispatchers is > 0 and <= 16, "Webhooks:Dispatchers must be between 1 and 16.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero && o.RetryBaseDelay > TimeSpan.Zero,
                "Webhooks timeouts and delays must be positive.")
            .Validate(o => o.DisableAfterConsecutiveFailures > 0, "Webhooks:DisableAfterConsecutiveFailures must be positive.")
            .Validate<IHostEnvironment>((o, environment) => !environment.IsProduction() || o.RetryFor >= TimeSpan.FromHours(24),
                "Webhooks:RetryFor must be at least 24 hours in Production.")
            .ValidateOnStart();

        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddScoped<WebhookAdministration>();
        services.AddScoped<ChangeFeed>();
        services.AddSingleton<OrderEventNotifications>();
        services.AddHostedService(sp => sp.GetRequiredService<OrderEventNotifications>());
        services.AddHostedService<WebhookDispatcherService>();

        // Short timeouts, no redirects (a 3xx is a failed attempt), and every resolved address checked.
        services.AddHttpClient(WebhookDispatcher.HttpClientName, (sp, client) =>
                client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.RequestTimeout + TimeSpan.FromSeconds(1))
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
                var targets = sp.GetRequiredService<WebhookTargets>();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    UseProxy = false,
                    ConnectTimeout = options.ConnectTimeout,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    ConnectCallback = targets.ConnectAsync,
                };
            });
        return services;
    }
}
