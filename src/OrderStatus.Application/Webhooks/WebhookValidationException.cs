namespace OrderStatus.Application.Webhooks;

/// <summary>A webhook or change-feed request with invalid fields; becomes a 400 with <c>errors</c> (field → messages).</summary>
public sealed class WebhookValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is not valid: " + string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static WebhookValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}
