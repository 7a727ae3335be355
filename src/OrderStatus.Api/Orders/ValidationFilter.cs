using FluentValidation;
using OrderStatus.Application.Orders;

namespace OrderStatus.Api.Orders;

/// <summary>
/// Runs the FluentValidation validator of the endpoint's wire-shaped <typeparamref name="T"/> argument (presence and
/// wire names); 400 with <c>errors</c> when invalid. The use case validates the values again whatever the caller.
/// </summary>
internal sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var argument = context.Arguments.OfType<T>().FirstOrDefault();
        if (argument is not null)
        {
            await UseCaseValidation.EnsureValidAsync(validator, argument, context.HttpContext.RequestAborted);
        }

        return await next(context);
    }
}

internal static class ValidationFilterExtensions
{
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationProblem();
}
