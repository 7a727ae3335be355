using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;

namespace OrderStatus.Application.Orders;

/// <summary>
/// Runs the validator of a use case's input inside the use case, so that every caller (canonical endpoint, dialect,
/// operator command, test) gets the same typed validation error: <see cref="UseCaseProblem"/> <c>validation_failed</c>
/// with the failing fields.
/// </summary>
public sealed class UseCaseValidation(IServiceProvider services)
{
    /// <summary>Validates with the registered <see cref="IValidator{T}"/> of <typeparamref name="T"/>.</summary>
    public Task EnsureValidAsync<T>(T input, CancellationToken ct) =>
        EnsureValidAsync(services.GetRequiredService<IValidator<T>>(), input, ct);

    public static async Task EnsureValidAsync<T>(IValidator<T> validator, T input, CancellationToken ct) =>
        ThrowIfInvalid(await validator.ValidateAsync(input, ct));

    /// <summary>Validates an input whose rules depend on the loaded order (e.g. its currency); call it inside the change.</summary>
    public static void EnsureValid<T>(IValidator<T> validator, T input) => ThrowIfInvalid(validator.Validate(input));

    private static void ThrowIfInvalid(ValidationResult result)
    {
        if (!result.IsValid)
        {
            throw UseCaseProblem.Validation(result.Errors
                .GroupBy(e => e.PropertyName)
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
        }
    }
}
