namespace OrderStatus.Application.Orders;

/// <summary>
/// A request the application refuses for a reason other than an order rule (those are
/// <see cref="Domain.OrderRuleViolation"/>): unknown ids, stale versions, duplicates, invalid input.
/// The API turns it into problem details with <see cref="Status"/> and <see cref="Code"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Naming",
    "CA1710:Identifiers should have correct suffix",
    Justification = "An expected outcome of a use case, named like OrderRuleViolation.")]
public sealed class UseCaseProblem : Exception
{
    public UseCaseProblem()
        : this(400, "bad_request", "The request is not valid.")
    {
    }

    public UseCaseProblem(string message)
        : this(400, "bad_request", message)
    {
    }

    public UseCaseProblem(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 400;
        Code = "bad_request";
    }

    public UseCaseProblem(int status, string code, string message, IReadOnlyDictionary<string, object?>? extensions = null)
        : base(message)
    {
        Status = status;
        Code = code;
        Extensions = extensions ?? new Dictionary<string, object?>();
    }

    public int Status { get; }

    public string Code { get; }

    public IReadOnlyDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();

    /// <summary>Field (camelCase path) → messages, for 400 validation problems.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    public static UseCaseProblem OrderNotFound(OrderKey key) => new(404, "order_not_found", $"There is no order {key}.");

    public static UseCaseProblem CustomStatusNotFound(Statuses.CustomStatusKey key) => new(404, "custom_status_not_found", $"There is no custom status {key}.");

    public static UseCaseProblem Invalid(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Input that fails its validator: field (camelCase path) → messages.</summary>
    public static UseCaseProblem Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(400, "validation_failed", "One or more fields are invalid.") { Errors = errors };

    public static UseCaseProblem VersionMismatch(long current) =>
        new(412, "precondition_failed", $"The order has changed: its current version is {current}.", new Dictionary<string, object?> { ["currentVersion"] = current });
}
