using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OrderStatus.Api.OpenApi;
using OrderStatus.Application.Access;
using OrderStatus.Application.Events;
using OrderStatus.Application.Feed;
using OrderStatus.Application.Webhooks;

namespace OrderStatus.Api.Events;

internal static class EventFeedEndpoints
{
    public static IEndpointRouteBuilder MapEventFeedEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/events", async Task<Ok<FeedResponse>> (
                ChangeFeed feed, CancellationToken ct, string? after = null, int limit = 100, string? types = null, int wait = 0) =>
            {
                var typeList = types?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                ChangeFeed.EnsureValid(limit, typeList, TimeSpan.FromSeconds(wait));
                FeedCursor cursor;
                if (after == "latest")
                {
                    return TypedResults.Ok(new FeedResponse([], (await feed.LatestAsync(ct)).ToString()));
                }

                if (after is null)
                {
                    cursor = FeedCursor.Start;
                }
                else if (!FeedCursor.TryParse(after, out cursor))
                {
                    throw WebhookValidationException.For("after", "after must be a nextCursor from this feed, or 'latest'.");
                }

                var page = await feed.ReadAsync(cursor, limit, typeList, TimeSpan.FromSeconds(wait), ct);
                return TypedResults.Ok(new FeedResponse([.. page.Events.Select(FeedEvent.From)], page.NextCursor.ToString()));
            })
            .RequireAuthorization(Scopes.OrdersRead)
            .WithTags("Events")
            .WithName("ReadChangeFeed")
            .DescribesQuery(
                new QueryParameterDoc("after", "A `nextCursor` from this feed, or `latest` (an empty page positioned after the newest event); absent: from the beginning."),
                new QueryParameterDoc("limit", $"Events per page, 1–{ChangeFeed.MaxLimit} (default 100)."),
                new QueryParameterDoc("types", "Only these event types, comma-separated (`STATUS_CHANGED,TRACKING_ADDED`); absent: all.", OrderStatus.Domain.Orders.OrderEventTypes.All, CommaSeparated: true),
                new QueryParameterDoc("wait", $"Seconds to wait for a new event when the page would be empty, 0–{ChangeFeed.MaxWaitSeconds} (long polling; default 0)."))
            .WithSummary("The merchant's history events in commit order, with a cursor.")
            .WithDescription("""
                Start with `after=latest` (an empty page whose `nextCursor` is after the newest event), then pass each
                `nextCursor` back as `after`. `wait` (0–30 s) long-polls: the answer comes as soon as a new event commits.
                `types` is a comma-separated list of event types. A cursor never skips an event.
                """)
            .ProducesValidationProblem();
        return api;
    }
}

/// <summary>A page of the change feed.</summary>
/// <param name="Events">The events, oldest first.</param>
/// <param name="NextCursor">Pass it back as `after` for the next page.</param>
internal sealed record FeedResponse(IReadOnlyList<FeedEvent> Events, string NextCursor);

/// <summary>Who made a change.</summary>
/// <param name="ClientId">The API client's id; null for the service's own changes.</param>
internal sealed record FeedActor(string? ClientId);

/// <summary>A history event of one of the merchant's orders, as in the order's history.</summary>
/// <param name="Type">The event type.</param>
/// <param name="FromStatus">The status before a STATUS_CHANGED; else null.</param>
/// <param name="ToStatus">The status after a STATUS_CHANGED; else null.</param>
/// <param name="Code">The fulfilment code, where one was set.</param>
/// <param name="Data">The event type's details.</param>
/// <param name="RequestId">The <c>X-Request-Id</c> of the request that made the change.</param>
/// <param name="OrderVersion">The order's version after the change.</param>
internal sealed record FeedEvent(
    Guid Id, Guid OrderId, string Type, string? FromStatus, string? ToStatus, int? Code, JsonElement Data, FeedActor Actor,
    string? RequestId, DateTimeOffset OccurredAt, long OrderVersion)
{
    public static FeedEvent From(OrderEventRecord e) =>
        new(e.Id, e.OrderId, e.Type, e.FromStatus, e.ToStatus, e.Code, e.Data.RootElement.Clone(), new FeedActor(e.ActorClientId),
            e.RequestId, e.OccurredAt, e.OrderVersion);
}
