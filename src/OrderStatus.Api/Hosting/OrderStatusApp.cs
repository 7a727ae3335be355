using Microsoft.AspNetCore.Http.Json;
using OrderStatus.Api.Access;
using OrderStatus.Api.Cli;
using OrderStatus.Api.CustomerTracking;
using OrderStatus.Api.Dialects;
using OrderStatus.Api.Errors;
using OrderStatus.Api.Events;
using OrderStatus.Api.Health;
using OrderStatus.Api.Idempotency;
using OrderStatus.Api.OpenApi;
using OrderStatus.Api.Orders;
using OrderStatus.Api.Statuses;
using OrderStatus.Api.Surfaces;
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
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // A verb's own options (--name, --json …) are not configuration keys.
            Args = isVerb ? [] : args,
            EnvironmentName = DefaultEnvironment(args),
        });
        builder.AddOrderStatusLogging(toStandardError: isVerb);
        builder.AddOrderStatusObservability();
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
            return await StartupFailedAsync(ex.Message);
        }

        await using (embedded)
        {
            if (isVerb)
            {
                return await OperatorCommands.RunAsync(app, args);
            }

            // Before migrating: a busy port is known now, and costs the developer nothing to fix.
            if (StartupChecks.BusyAddress(app.Configuration) is { } busy)
            {
                return await StartupFailedAsync(StartupChecks.AddressInUseMessage(busy));
            }

            if (app.Configuration.GetValue("Database:MigrateOnStartup", true))
            {
                await bootstrap.MigrateAsync();
            }

            await app.PrepareAccessAsync();

            app.UseOrderStatusPipeline();
            try
            {
                await app.RunAsync();
            }
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // Taken between the check above and Kestrel's bind.
                return await StartupFailedAsync(StartupChecks.AddressInUseMessage(ex.Message));
            }

            return 0;
        }
    }

    /// <summary>A start-up failure the operator can fix: one line on stderr, exit code 1, no stack trace.</summary>
    private static async Task<int> StartupFailedAsync(string message)
    {
        await Console.Error.WriteLineAsync("Start-up failed: " + message);
        return 1;
    }

    /// <summary>
    /// Development when nothing names an environment and the binary runs from a source checkout
    /// (OrderStatus.sln above it): `dotnet run` then needs no launch profile, whose "Using launch
    /// settings" line on stdout would spoil the verbs' JSON. Published builds (Docker) stay Production.
    /// </summary>
    private static string? DefaultEnvironment(string[] args)
    {
        var named = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
        if (!string.IsNullOrEmpty(named) || args.Any(a => a.StartsWith("--environment", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var checkout = DatabaseBootstrap.RepositoryRoot(AppContext.BaseDirectory);
        return File.Exists(Path.Combine(checkout, "OrderStatus.sln")) ? Environments.Development : null;
    }

    public static IServiceCollection AddOrderStatusServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOrderStatusPersistence(configuration);
        services.AddOrderStatusProblemDetails();
        services.AddOrderStatusAccess();
        services.AddOrderStatusHealth();
        services.AddOrderStatusIdempotency(configuration);
        services.AddOrderStatusWebhookServices(configuration);
        services.AddOrderStatusSwagger();
        services.AddOrderStatusOrders();
        services.AddOrderStatusTracking();
        services.AddOrderStatusDialects();
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            options.SerializerOptions.TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver
                .WithAddedModifier(
                    options.SerializerOptions.TypeInfoResolver ?? new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
                    Orders.StrictCanonicalBodies.Apply);
        });
        services.AddOrderStatusDataProtection();
        return services;
    }

    private static void UseOrderStatusPipeline(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseErrorShapes();
        app.UseOrderStatusRequestLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages(ErrorResponses.WriteStatusCodePageAsync);
        app.UseOrderStatusSwagger();
        app.UseOrderStatusAccess();
        app.UseMiddleware<IdempotencyMiddleware>();
        // Again inside the idempotency middleware, so that what it stores for a replay is the final
        // error response (in the surface's shape) of a thrown error or a bodiless 4xx, not the raw
        // exception or an empty body (the outer pair still covers everything before this point).
        app.UseExceptionHandler();
        app.UseStatusCodePages(ErrorResponses.WriteStatusCodePageAsync);

        app.MapGet("/", () => TypedResults.Redirect("/swagger")).AllowAnonymous().ExcludeFromDescription();
        app.MapHealthEndpoints();
        app.MapOrderStatusMetrics();

        // The canonical surface: problem+json errors, Basic/Bearer (the default scheme), Idempotency-Key on writes.
        var api = app.MapGroup("/api/v1").WithErrorShape<ProblemJsonErrors>().WithIdempotency();
        api.MapMeEndpoints();
        api.MapTokenEndpoints();
        api.MapOrders();
        api.MapStatuses();
        api.MapWebhookEndpoints();
        api.MapEventFeedEndpoints();
        api.MapTrackingEndpoints();

        // Further surfaces (dialects, public tracking) register themselves as endpoint modules.
        app.MapEndpointModules();
    }
}
