using FluentValidation;
using OrderStatus.Application.Orders;

namespace OrderStatus.Api.Orders;

/// <summary>Runs the FluentValidation validator of the endpoint's <typeparamref name="T"/> argument; 400 with <c>errors</c> when invalid.</summary>
internal sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var argument = context.Arguments.OfType<T>().FirstOrDefault();
        if (argument is not null)
        {
            await EnsureValidAsync(validator, argument, context.HttpContext.RequestAborted);
        }

        return await next(context);
    }

    public static async Task EnsureValidAsync(IValidator<T> validator, T argument, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(argument, ct);
        if (!result.IsValid)
        {
            throw UseCaseProblem.Validation(result.Errors
                .GroupBy(e => e.PropertyName)
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
        }
    }
}

internal static class ValidationFilterExtensions
{
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationProblem();
}
