namespace OrderStatus.Application.Orders;

/// <summary>
/// What kind of refusal a <see cref="UseCaseProblem"/> is. Not an HTTP status: every surface maps the
/// kind (and, where it cares, the <see cref="UseCaseProblem.Code"/>) to its own status and body
/// (docs/decisions/0008-surfaces.md).
/// </summary>
public enum UseCaseProblemKind
{
    /// <summary>The input is not acceptable: bad fields (<see cref="UseCaseProblem.Errors"/>), bad parameters.</summary>
    Invalid,

    /// <summary>The addressed thing does not exist, or belongs to another merchant.</summary>
    NotFound,

    /// <summary>The request conflicts with the current state (a duplicate, something still in use).</summary>
    Conflict,

    /// <summary>The caller's precondition (an expected version) no longer holds.</summary>
    PreconditionFailed,

    /// <summary>Well-formed, but the values cannot be processed (an amount over the total …).</summary>
    Unprocessable,
}

/// <summary>Stable machine codes of <see cref="UseCaseProblem"/> (order rules have theirs in <see cref="Domain.OrderRuleCodes"/>).</summary>
public static class UseCaseCodes
{
    public const string BadRequest = "bad_request";
    public const string ValidationFailed = "validation_failed";
    public const string OrderNotFound = "order_not_found";
    public const string CustomStatusNotFound = "custom_status_not_found";
    public const string CustomStatusInUse = "custom_status_in_use";
    public const string DuplicateReference = "duplicate_reference";
    public const string PreconditionFailed = "precondition_failed";
}

/// <summary>
/// A request the application refuses for a reason other than an order rule (those are
/// <see cref="Domain.OrderRuleViolation"/>): unknown ids, stale versions, duplicates, invalid input.
/// It carries a machine <see cref="Code"/>, a <see cref="Kind"/> and structured <see cref="Details"/>,
/// never an HTTP status: the surface that called the use case chooses status and body.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Naming",
    "CA1710:Identifiers should have correct suffix",
    Justification = "An expected outcome of a use case, named like OrderRuleViolation.")]
public sealed class UseCaseProblem : Exception
{
    public UseCaseProblem()
        : this(UseCaseProblemKind.Invalid, UseCaseCodes.BadRequest, "The request is not valid.")
    {
    }

    public UseCaseProblem(string message)
        : this(UseCaseProblemKind.Invalid, UseCaseCodes.BadRequest, message)
    {
    }

    public UseCaseProblem(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = UseCaseProblemKind.Invalid;
        Code = UseCaseCodes.BadRequest;
    }

    public UseCaseProblem(UseCaseProblemKind kind, string code, string message, IReadOnlyDictionary<string, object?>? details = null)
        : base(message)
    {
        Kind = kind;
        Code = code;
        Details = details ?? new Dictionary<string, object?>();
    }

    public UseCaseProblemKind Kind { get; }

    public string Code { get; }

    /// <summary>Structured facts about the refusal, named as the canonical API shows them (e.g. <c>currentVersion</c>).</summary>
    public IReadOnlyDictionary<string, object?> Details { get; } = new Dictionary<string, object?>();

    /// <summary>Field (camelCase path) → messages, for <see cref="UseCaseProblemKind.Invalid"/> problems.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    public static UseCaseProblem OrderNotFound(OrderKey key) =>
        new(UseCaseProblemKind.NotFound, UseCaseCodes.OrderNotFound, $"There is no order {key}.");

    public static UseCaseProblem CustomStatusNotFound(Statuses.CustomStatusKey key) => CustomStatusNotFound(key.ToString());

    public static UseCaseProblem CustomStatusNotFound(string id) =>
        new(UseCaseProblemKind.NotFound, UseCaseCodes.CustomStatusNotFound, $"There is no custom status {id}.");

    public static UseCaseProblem Invalid(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Input that fails its validator: field (camelCase path) → messages.</summary>
    public static UseCaseProblem Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(UseCaseProblemKind.Invalid, UseCaseCodes.ValidationFailed, "One or more fields are invalid.") { Errors = errors };

    public static UseCaseProblem VersionMismatch(long current) =>
        new(UseCaseProblemKind.PreconditionFailed, UseCaseCodes.PreconditionFailed, $"The order has changed: its current version is {current}.",
            new Dictionary<string, object?> { ["currentVersion"] = current });

    public static UseCaseProblem DuplicateReference(string reference) =>
        new(UseCaseProblemKind.Conflict, UseCaseCodes.DuplicateReference, $"An order with reference '{reference}' already exists.");
}
