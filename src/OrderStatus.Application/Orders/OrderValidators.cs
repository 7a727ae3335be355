using FluentValidation;
using OrderStatus.Domain.Orders;
using OrderStatus.Domain.Reference;

namespace OrderStatus.Application.Orders;

/// <summary>Shared rules; lengths match the columns so that no input reaches the database too long.</summary>
internal static class Rules
{
    public const int MaxItems = 500;
    public const int MaxQuantity = 100_000;
    public const decimal MaxPrice = 100_000_000m;
    public const decimal MaxAmount = MaxPrice * 1000;

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

    public static IRuleBuilderOptions<T, TEnum> Defined<T, TEnum>(this IRuleBuilder<T, TEnum> rule)
        where TEnum : struct, Enum =>
        rule.Must(Enum.IsDefined).WithMessage($"'{{PropertyValue}}' is not one of: {string.Join(", ", Enum.GetNames<TEnum>())}.");
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
        RuleFor(a => a.Name).MaximumLength(200);
        RuleFor(a => a.Phone).MaximumLength(50);
        RuleFor(a => a.Email).MaximumLength(320).EmailAddress();
        RuleFor(a => a.CountryCode)
            .Must(c => c is null || Countries.IsValidAlpha2(c))
            .WithMessage("'{PropertyValue}' is not an ISO 3166-1 alpha-2 country code.");
    }
}

public sealed class ItemDetailsValidator : AbstractValidator<ItemDetails>
{
    /// <summary>For a single item: the order's currency is checked by the use case.</summary>
    public ItemDetailsValidator()
        : this(null)
    {
    }

    /// <param name="currency">The order's currency, for the precision of unit prices; null: checked elsewhere.</param>
    public ItemDetailsValidator(Func<string?>? currency)
    {
        RuleFor(i => i.Name).NotEmpty().MaximumLength(500);
        RuleFor(i => i.Sku).MaximumLength(100);
        RuleFor(i => i.Note).MaximumLength(2000);
        RuleFor(i => i.Quantity).GreaterThan(0).LessThanOrEqualTo(Rules.MaxQuantity);
        RuleFor(i => i.UnitPrice).GreaterThanOrEqualTo(0).LessThanOrEqualTo(Rules.MaxPrice);
        if (currency is not null)
        {
            RuleFor(i => i.UnitPrice)
                .Must(p => Rules.FitsCurrency(p, currency()))
                .WithMessage(_ => Rules.PrecisionMessage(currency()));
        }
    }
}

public sealed class TrackingDetailsValidator : AbstractValidator<TrackingDetails>
{
    public TrackingDetailsValidator()
    {
        RuleFor(t => t.TrackingNumber).NotEmpty().MaximumLength(100);
        RuleFor(t => t.Carrier).MaximumLength(100);
        RuleFor(t => t.TrackingUrl).Url();
    }
}

public sealed class CheckpointDetailsValidator : AbstractValidator<CheckpointDetails>
{
    public CheckpointDetailsValidator()
    {
        RuleFor(c => c.OccurredAt).NotEqual(default(DateTimeOffset)).WithMessage("'occurredAt' is required.");
        RuleFor(c => c.Status).Defined();
        RuleFor(c => c.StatusText).MaximumLength(500);
        RuleFor(c => c.Location).MaximumLength(200);
    }
}

public sealed class CreateOrderValidator : AbstractValidator<CreateOrder>
{
    public CreateOrderValidator()
    {
        RuleFor(o => o.Reference).NotEmpty().MaximumLength(100).When(o => !o.ReferenceFromNumber);
        RuleFor(o => o.Reference).Null().When(o => o.ReferenceFromNumber)
            .WithMessage("No 'reference' when the order's number is its reference.");
        RuleFor(o => o.Currency).NotEmpty()
            .Must(c => Currencies.IsValid(c)).WithMessage("'{PropertyValue}' is not an ISO 4217 currency code.");
        RuleFor(o => o.Items).NotNull()
            .Must(i => i is null || i.Count <= Rules.MaxItems).WithMessage($"An order has at most {Rules.MaxItems} items.");
        RuleForEach(o => o.Items).NotNull().SetValidator(o => new ItemDetailsValidator(() => o.Currency));
        RuleFor(o => o.ExternalOrderId).MaximumLength(100);
        RuleFor(o => o.CustomerNumber).MaximumLength(100);
        RuleFor(o => o.Channel).MaximumLength(100);
        RuleFor(o => o.Customer!).SetValidator(new CustomerValidator()).When(o => o.Customer is not null);
        RuleFor(o => o.ShippingAddress!).SetValidator(new AddressValidator()).When(o => o.ShippingAddress is not null);
        RuleFor(o => o.BillingAddress!).SetValidator(new AddressValidator()).When(o => o.BillingAddress is not null);
        RuleFor(o => o.StatusCallbackUrl).Url();
    }
}

/// <summary>The same field rules as <see cref="CreateOrderValidator"/> for the descriptive fields.</summary>
public sealed class OrderDetailsPatchValidator : AbstractValidator<OrderDetailsPatch>
{
    public OrderDetailsPatchValidator()
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

public sealed class TargetStatusChangeValidator : AbstractValidator<TargetStatusChange>
{
    public TargetStatusChangeValidator()
    {
        RuleFor(s => s.Target).Defined().OverridePropertyName("status");
        RuleFor(s => s.Amount).GreaterThanOrEqualTo(0).LessThanOrEqualTo(Rules.MaxAmount);
        RuleFor(s => s.PaymentReference).MaximumLength(200);
        RuleFor(s => s.PaymentStatus).MaximumLength(100);
        RuleFor(s => s.PaymentUrl).Url();
        RuleFor(s => s.Reason).MaximumLength(1000);
        RuleFor(s => s.Tracking!).SetValidator(new TrackingDetailsValidator()).When(s => s.Tracking is not null);
    }
}

public sealed class FulfilmentCodeChangeValidator : AbstractValidator<FulfilmentCodeChange>
{
    public FulfilmentCodeChangeValidator()
    {
        RuleFor(s => s.HoldReason).MaximumLength(100);
        RuleFor(s => s.Tracking!).SetValidator(new TrackingDetailsValidator()).When(s => s.Tracking is not null);
    }
}

public sealed class HoldReasonsValidator : AbstractValidator<HoldReasons>
{
    public HoldReasonsValidator()
    {
        RuleFor(h => h.Reasons).Must(r => r is null || r.Count <= 20).WithMessage("At most 20 reasons.");
        RuleForEach(h => h.Reasons).NotEmpty().MaximumLength(100);
    }
}

public sealed class OrderNoteValidator : AbstractValidator<OrderNote>
{
    public OrderNoteValidator()
    {
        RuleFor(n => n.Name).NotEmpty().MaximumLength(200);
        RuleFor(n => n.Note).NotEmpty().MaximumLength(4000);
        RuleFor(n => n.Label).MaximumLength(100);
    }
}

public sealed class OrderListQueryValidator : AbstractValidator<OrderListQuery>
{
    public OrderListQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, 200);
        RuleFor(q => q.Status).Must(s => s is null || Enum.IsDefined(s.Value))
            .WithMessage($"'{{PropertyValue}}' is not a status; use one of: {string.Join(", ", OrderStates.WireNames)}.");
        RuleFor(q => q.Number).GreaterThan(0);
        RuleFor(q => q.Reference).MaximumLength(100);
        RuleFor(q => q.ExternalOrderId).MaximumLength(100);
        RuleFor(q => q.CustomerNumber).MaximumLength(100);
        RuleFor(q => q.CustomerEmail).MaximumLength(320);
        RuleFor(q => q.Channel).MaximumLength(100);
        RuleFor(q => q.TrackingNumber).MaximumLength(100);
        // Whether the cursor is genuine is checked against the signing key by the list itself.
        RuleFor(q => q.Cursor).MaximumLength(200);
    }
}

public sealed class HistoryQueryValidator : AbstractValidator<HistoryQuery>
{
    public HistoryQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, 200).WithMessage("'limit' must be between 1 and 200.");
        RuleFor(q => q.Cursor).Must(c => c is null || HistoryCursor.TryParse(c, out _)).WithMessage("The cursor is not valid.");
    }
}
