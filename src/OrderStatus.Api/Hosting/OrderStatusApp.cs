using Microsoft.AspNetCore.Http.Json;
using OrderStatus.Api.Access;
using OrderStatus.Api.Cli;
using OrderStatus.Api.Errors;
using OrderStatus.Api.Events;
using OrderStatus.Api.Health;
using OrderStatus.Api.OpenApi;
using OrderStatus.Api.Webhooks;
using OrderStatus.Application.Database;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Hosting;

/// <summary>Composes the service: configuration, services, database, middleware, endpoints.</summary>
internal static class OrderStatusApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var isVerb = OperatorCommands.IsVerb(args);
        // A verb's own options (--name, --json …) are not configuration keys.
        var builder = WebApplication.CreateBuilder(isVerb ? [] : args);
        builder.AddOrderStatusLogging(toStandardError: isVerb);
        builder.Services.AddOrderStatusServices(builder.Configuration);

        var app = builder.Build();
        var bootstrap = app.Services.GetRequiredService<DatabaseBootstrap>();
        EmbeddedPostgres? embedded;
        try
        {
            embedded = await bootstrap.PrepareAsync();
        }
        catch (DatabaseUnavailableException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        await using (embedded)
        {
            if (isVerb)
            {
                return await OperatorCommands.RunAsync(app, args);
            }

            if (app.Configuration.GetValue("Database:MigrateOnStartup", true))
            {
                await bootstrap.MigrateAsync();
            }

            app.UseOrderStatusPipeline();
            await app.RunAsync();
            return 0;
        }
    }

    public static IServiceCollection AddOrderStatusServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOrderStatusPersistence(configuration);
        services.AddOrderStatusProblemDetails();
        services.AddOrderStatusAccess();
        services.AddOrderStatusHealth();
        services.AddOrderStatusWebhookServices(configuration);
        services.AddOrderStatusSwagger();
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        return services;
    }

    private static void UseOrderStatusPipeline(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseOrderStatusSwagger();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/", () => TypedResults.Redirect("/swagger")).ExcludeFromDescription();
        app.MapHealthEndpoints();

        var api = app.MapGroup("/api/v1");
        api.MapMeEndpoints();
        api.MapWebhookEndpoints();
        api.MapEventFeedEndpoints();
    }
}
