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
        // FluentValidation's DI package is not available here; validators are stateless singletons.
        foreach (var type in typeof(CreateOrderValidator).Assembly.GetTypes().Concat(typeof(CreateOrderRequestValidator).Assembly.GetTypes()))
        {
            if (type is { IsAbstract: false, IsGenericTypeDefinition: false, BaseType.IsGenericType: true }
                && type.BaseType.GetGenericTypeDefinition() == typeof(AbstractValidator<>)
                && type.GetConstructor(Type.EmptyTypes) is not null)
            {
                services.AddSingleton(typeof(IValidator<>).MakeGenericType(type.BaseType.GetGenericArguments()), type);
            }
        }

        services.AddScoped<IRequestActor, HttpRequestActor>();
        services.AddScoped<UseCaseValidation>();
        services.AddSingleton<OrderCursorKey>();
        services.AddScoped<MerchantNumbering>();
        services.AddScoped<OrderStore>();
        services.AddScoped<OrderCommands>();
        services.AddScoped<OrderQueries>();
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
