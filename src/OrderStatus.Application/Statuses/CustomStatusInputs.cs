using FluentValidation;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Statuses;

/// <summary>A custom status of the caller's merchant, by its id or by its number (Retailys <c>status_id</c>).</summary>
public readonly record struct CustomStatusKey
{
    private CustomStatusKey(Guid? id, int? number)
    {
        Id = id;
        Number = number;
    }

    public Guid? Id { get; }

    public int? Number { get; }

    public static CustomStatusKey ById(Guid id) => new(id, null);

    public static CustomStatusKey ByNumber(int number) => new(null, number);

    public static implicit operator CustomStatusKey(Guid id) => ById(id);

    public override string ToString() => Id?.ToString() ?? "number " + Number?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A custom status' fields, created or replaced as a whole.</summary>
public sealed record CustomStatusDefinition(string Name, string? Color = null, string? Icon = null, int Sort = 0, CustomStatusEffect Effect = CustomStatusEffect.None);

public sealed class CustomStatusDefinitionValidator : AbstractValidator<CustomStatusDefinition>
{
    public CustomStatusDefinitionValidator()
    {
        RuleFor(s => s.Name).NotEmpty().MaximumLength(100);
        RuleFor(s => s.Color).MaximumLength(32);
        RuleFor(s => s.Icon).MaximumLength(100);
        RuleFor(s => s.Sort).InclusiveBetween(-1_000_000, 1_000_000);
        RuleFor(s => s.Effect).Must(Enum.IsDefined)
            .WithMessage($"'{{PropertyValue}}' is not an effect; use one of: {string.Join(", ", CustomStatusEffects.WireNames)}.");
    }
}
