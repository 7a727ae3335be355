using FluentValidation;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Statuses;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.Orders;

// Early checks of the canonical wire shapes: what must be present and which wire names exist. Everything about the
// values (lengths, ranges, formats, precision) is checked by the use case itself (Application OrderValidators), so a
// request that passes here can still answer 400 validation_failed from the use case, in the same shape.

public sealed class CreateOrderRequestValidator : AbstractValidator<CreateOrderRequest>
{
    public CreateOrderRequestValidator()
    {
        RuleFor(o => o.Items).NotNull();
        RuleForEach(o => o.Items).NotNull().SetValidator(new ItemRequestValidator());
    }
}

public sealed class ItemRequestValidator : AbstractValidator<ItemRequest>
{
    public ItemRequestValidator()
    {
        RuleFor(i => i.Quantity).NotNull();
        RuleFor(i => i.UnitPrice).NotNull();
    }
}

public sealed class StatusChangeRequestValidator : AbstractValidator<StatusChangeRequest>
{
    public StatusChangeRequestValidator()
    {
        RuleFor(s => s)
            .Must(s => (s.Status is not null ? 1 : 0) + (s.Code is not null ? 1 : 0) + (s.CustomStatusId is not null ? 1 : 0) == 1)
            .WithName("status")
            .OverridePropertyName("status")
            .WithMessage("Give exactly one of 'status', 'code' or 'customStatusId'.");
        RuleFor(s => s.Status)
            .Must(s => s is null || OrderStates.TryParseWireName(s, out _))
            .WithMessage($"'{{PropertyValue}}' is not a status; use one of: {string.Join(", ", OrderStates.WireNames)}.");
    }
}

public sealed class CheckpointRequestValidator : AbstractValidator<CheckpointRequest>
{
    public CheckpointRequestValidator()
    {
        RuleFor(c => c.OccurredAt).NotNull();
        RuleFor(c => c.Status).NotEmpty()
            .Must(s => s is null || WireNames.TryParseLifecycle(s, out _))
            .WithMessage($"'{{PropertyValue}}' is not a tracking lifecycle; use one of: {string.Join(", ", WireNames.TrackingLifecycleNames)}.");
    }
}

public sealed class CollectionStatusRequestValidator : AbstractValidator<CollectionStatusRequest>
{
    public CollectionStatusRequestValidator()
    {
        RuleFor(c => c.CollectionStatus).NotEmpty()
            .Must(s => s is null || WireNames.TryParseCollectionStatus(s, out _))
            .WithMessage($"'{{PropertyValue}}' is not a collection status; use one of: {string.Join(", ", WireNames.CollectionStatusNames)}.");
    }
}

public sealed class CustomStatusRequestValidator : AbstractValidator<CustomStatusRequest>
{
    public CustomStatusRequestValidator()
    {
        RuleFor(s => s.Effect)
            .Must(e => e is null || CustomStatusEffects.TryParse(e, out _))
            .WithMessage($"'{{PropertyValue}}' is not an effect; use one of: {string.Join(", ", CustomStatusEffects.WireNames)}.");
    }
}
