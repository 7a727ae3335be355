using System.Security.Claims;
using FluentValidation;
using OrderStatus.Api.Access;
using OrderStatus.Application.Numbers;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Statuses;

namespace OrderStatus.Api.Orders;

internal static class OrdersSetup
{
    /// <summary>Use cases, validators and OpenAPI examples of the orders and statuses features.</summary>
    public static IServiceCollection AddOrderStatusOrders(this IServiceCollection services)
    {
        // Error paths in camelCase, as the JSON has them: items[0].unitPrice.
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        // Validators are stateless: singletons, from the application (use-case inputs) and the API
        // (canonical wire bodies) assemblies (ADR 0014).
        services.AddValidatorsFromAssemblies(
            [typeof(CreateOrderValidator).Assembly, typeof(CreateOrderRequestValidator).Assembly], ServiceLifetime.Singleton, includeInternalTypes: true);

        services.AddScoped<IRequestActor, HttpRequestActor>();
        services.AddScoped<UseCaseValidation>();
        services.AddSingleton<OrderCursorKey>();
        services.AddScoped<MerchantNumbering>();
        services.AddScoped<OrderStore>();
        services.AddScoped<OrderCommands>();
        services.AddScoped<OrderQueries>();
        services.AddScoped<OrderReads>();
        services.AddScoped<StatusCatalogue>();
        services.ConfigureSwaggerGen(options => options.OperationFilter<ExamplesOperationFilter>());
        return services;
    }
}

/// <summary>The caller's client id (claim) and the request id, for the history events a request writes.</summary>
internal sealed class HttpRequestActor(IHttpContextAccessor accessor) : IRequestActor
{
    public string? ClientId => accessor.HttpContext?.User.FindFirstValue(AccessClaims.ClientId);

    public string? RequestId => accessor.HttpContext?.TraceIdentifier;
}
