using FluentValidation;
using OrderStatus.Application.Statuses;
using OrderStatus.Domain.Orders;
using OrderStatus.Domain.Reference;

namespace OrderStatus.Application.Orders;

/// <summary>Shared rules; lengths match the columns so that no input reaches the database too long.</summary>
internal static class Rules
{
    public const int MaxItems = 500;
    public const int MaxQuantity = 100_000;
    public const decimal MaxPrice = 100_000_000m;

    public static bool FitsCurrency(decimal amount, string? currency) =>
        !Currencies.TryGetMinorUnits(currency, out var digits) || decimal.Round(amount, digits) == amount;

    public static string PrecisionMessage(string? currency) =>
        Currencies.TryGetMinorUnits(currency, out var digits)
            ? $"'{currency!.ToUpperInvariant()}' allows at most {digits} decimal place(s)."
            : "Too many decimal places.";

    public static bool IsHttpUrl(string? value) =>
        value is null || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));

    public static IRuleBuilderOptions<T, string?> Url<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(2048).Must(IsHttpUrl).WithMessage("'{PropertyName}' must be an absolute http(s) URL.");
}

public sealed class CustomerValidator : AbstractValidator<Customer>
{
    public CustomerValidator()
    {
        RuleFor(c => c.Name).MaximumLength(200);
        RuleFor(c => c.Email).MaximumLength(320).EmailAddress();
        RuleFor(c => c.Phone).MaximumLength(50);
    }
}

public sealed class AddressValidator : AbstractValidator<Address>
{
    public AddressValidator()
    {
        RuleFor(a => a.Line1).MaximumLength(200);
        RuleFor(a => a.Line2).MaximumLength(200);
        RuleFor(a => a.City).MaximumLength(100);
        RuleFor(a => a.PostalCode).MaximumLength(20);
        RuleFor(a => a.Region).MaximumLength(100);
        RuleFor(a => a.CountryCode)
            .Must(c => c is null || Countries.IsValidAlpha2(c))
            .WithMessage("'{PropertyValue}' is not an ISO 3166-1 alpha-2 country code.");
    }
}

public sealed class ItemRequestValidator : AbstractValidator<ItemRequest>
{
    /// <summary>For a single item: the order's currency is checked by the use case.</summary>
    public ItemRequestValidator()
        : this(null)
    {
    }

    /// <param name="currency">The order's currency, for the precision of unit prices; null: checked elsewhere.</param>
    public ItemRequestValidator(Func<string?>? currency)
    {
        RuleFor(i => i.Name).NotEmpty().MaximumLength(500);
        RuleFor(i => i.Sku).MaximumLength(100);
        RuleFor(i => i.Note).MaximumLength(2000);
        RuleFor(i => i.Quantity).NotNull().GreaterThan(0).LessThanOrEqualTo(Rules.MaxQuantity);
        RuleFor(i => i.UnitPrice).NotNull().GreaterThanOrEqualTo(0).LessThanOrEqualTo(Rules.MaxPrice);
        if (currency is not null)
        {
            RuleFor(i => i.UnitPrice)
                .Must(p => p is null || Rules.FitsCurrency(p.Value, currency()))
                .WithMessage(_ => Rules.PrecisionMessage(currency()));
        }
    }
}

public sealed class CreateOrderRequestValidator : AbstractValidator<CreateOrderRequest>
{
    public CreateOrderRequestValidator()
    {
        RuleFor(o => o.Reference).NotEmpty().MaximumLength(100);
        RuleFor(o => o.Currency).NotEmpty()
            .Must(c => Currencies.IsValid(c)).WithMessage("'{PropertyValue}' is not an ISO 4217 currency code.");
        RuleFor(o => o.Items).NotNull()
            .Must(i => i is null || i.Count <= Rules.MaxItems).WithMessage($"An order has at most {Rules.MaxItems} items.");
        RuleForEach(o => o.Items).NotNull().SetValidator(o => new ItemRequestValidator(() => o.Currency));
        Include(new OrderDetailsValidator<CreateOrderRequest>());
    }
}

/// <summary>The rules creation and PATCH share, so the two cannot drift apart.</summary>
public sealed class OrderDetailsValidator<T> : AbstractValidator<T>
    where T : IOrderDetailsRequest
{
    public OrderDetailsValidator()
    {
        RuleFor(o => o.ExternalOrderId).MaximumLength(100);
        RuleFor(o => o.CustomerNumber).MaximumLength(100);
        RuleFor(o => o.Channel).MaximumLength(100);
        RuleFor(o => o.Customer!).SetValidator(new CustomerValidator()).When(o => o.Customer is not null);
        RuleFor(o => o.ShippingAddress!).SetValidator(new AddressValidator()).When(o => o.ShippingAddress is not null);
        RuleFor(o => o.BillingAddress!).SetValidator(new AddressValidator()).When(o => o.BillingAddress is not null);
        RuleFor(o => o.StatusCallbackUrl).Url();
    }
}

public sealed class UpdateOrderRequestValidator : AbstractValidator<UpdateOrderRequest>
{
    public UpdateOrderRequestValidator()
    {
        Include(new OrderDetailsValidator<UpdateOrderRequest>());
    }
}

public sealed class PaidRequestValidator : AbstractValidator<PaidRequest>
{
    public PaidRequestValidator()
    {
        RuleFor(p => p.Amount).GreaterThanOrEqualTo(0).LessThanOrEqualTo(Rules.MaxPrice * 1000);
        RuleFor(p => p.PaymentReference).MaximumLength(200);
        RuleFor(p => p.PaymentUrl).Url();
    }
}

public sealed class TrackingRequestValidator : AbstractValidator<TrackingRequest>
{
    public TrackingRequestValidator()
    {
        RuleFor(t => t.TrackingNumber).NotEmpty().MaximumLength(100);
        RuleFor(t => t.Carrier).MaximumLength(100);
        RuleFor(t => t.TrackingUrl).Url();
    }
}

public sealed class SentRequestValidator : AbstractValidator<SentRequest>
{
    public SentRequestValidator()
    {
        RuleFor(s => s.Tracking!).SetValidator(new TrackingRequestValidator()).When(s => s.Tracking is not null);
    }
}

public sealed class CancelRequestValidator : AbstractValidator<CancelRequest>
{
    public CancelRequestValidator()
    {
        RuleFor(c => c.Reason).MaximumLength(1000);
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
        RuleFor(s => s.Amount).GreaterThanOrEqualTo(0).LessThanOrEqualTo(Rules.MaxPrice * 1000);
        RuleFor(s => s.PaymentReference).MaximumLength(200);
        RuleFor(s => s.PaymentUrl).Url();
        RuleFor(s => s.Reason).MaximumLength(1000);
        RuleFor(s => s.HoldReason).MaximumLength(100);
        RuleFor(s => s.Tracking!).SetValidator(new TrackingRequestValidator()).When(s => s.Tracking is not null);
    }
}

public sealed class HoldRequestValidator : AbstractValidator<HoldRequest>
{
    public HoldRequestValidator()
    {
        RuleFor(h => h.Reasons).Must(r => r is null || r.Count <= 20).WithMessage("At most 20 reasons.");
        RuleForEach(h => h.Reasons).NotEmpty().MaximumLength(100);
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
        RuleFor(c => c.StatusText).MaximumLength(500);
        RuleFor(c => c.Location).MaximumLength(200);
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

public sealed class NoteRequestValidator : AbstractValidator<NoteRequest>
{
    public NoteRequestValidator()
    {
        RuleFor(n => n.Name).NotEmpty().MaximumLength(200);
        RuleFor(n => n.Note).NotEmpty().MaximumLength(4000);
        RuleFor(n => n.Label).MaximumLength(100);
    }
}

public sealed class CustomStatusRequestValidator : AbstractValidator<CustomStatusRequest>
{
    public CustomStatusRequestValidator()
    {
        RuleFor(s => s.Name).NotEmpty().MaximumLength(100);
        RuleFor(s => s.Color).MaximumLength(32);
        RuleFor(s => s.Icon).MaximumLength(100);
        RuleFor(s => s.Sort).InclusiveBetween(-1_000_000, 1_000_000);
        RuleFor(s => s.Effect)
            .Must(e => e is null || CustomStatusEffects.TryParse(e, out _))
            .WithMessage($"'{{PropertyValue}}' is not an effect; use one of: {string.Join(", ", CustomStatusEffects.WireNames)}.");
    }
}

public sealed class OrderListQueryValidator : AbstractValidator<OrderListQuery>
{
    public OrderListQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, 200);
        RuleFor(q => q.Status)
            .Must(s => s is null || OrderStates.TryParseWireName(s, out _))
            .WithMessage($"'{{PropertyValue}}' is not a status; use one of: {string.Join(", ", OrderStates.WireNames)}.");
        RuleFor(q => q.Reference).MaximumLength(100);
        RuleFor(q => q.ExternalOrderId).MaximumLength(100);
        RuleFor(q => q.CustomerNumber).MaximumLength(100);
        RuleFor(q => q.CustomerEmail).MaximumLength(320);
        RuleFor(q => q.Channel).MaximumLength(100);
        RuleFor(q => q.TrackingNumber).MaximumLength(100);
        RuleFor(q => q.Cursor).MaximumLength(200)
            .Must(c => c is null || OrderCursor.TryParse(c, out _)).WithMessage("The cursor is not valid.");
    }
}
