namespace OrderStatus.Application.Orders;

/// <summary>Who made the current request, stamped on the history events it writes.</summary>
public interface IRequestActor
{
    /// <summary>The caller's API client id.</summary>
    string? ClientId { get; }

    /// <summary>The request's X-Request-Id.</summary>
    string? RequestId { get; }
}
