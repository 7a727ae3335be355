namespace OrderStatus.Application.Idempotency;

/// <summary>
/// The first response to a write that carried an <c>Idempotency-Key</c>, kept per merchant so that a
/// retry with the same key is answered with it instead of being executed again. A row without a
/// status code is a request still in flight.
/// </summary>
public sealed class IdempotencyRecord
{
    public Guid MerchantId { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 of method, path and body: the same key with another request is refused.</summary>
    public required byte[] RequestHash { get; init; }

    public int? StatusCode { get; set; }

    public string? ContentType { get; set; }

    /// <summary>Response headers worth replaying (Location, ETag), as "Name: value" lines.</summary>
    public string? ResponseHeaders { get; set; }

    public byte[]? ResponseBody { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}
