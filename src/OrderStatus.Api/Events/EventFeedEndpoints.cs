using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
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

internal sealed record FeedResponse(IReadOnlyList<FeedEvent> Events, string NextCursor);

internal sealed record FeedActor(string? ClientId);

internal sealed record FeedEvent(
    Guid Id, Guid OrderId, string Type, string? FromStatus, string? ToStatus, int? Code, JsonElement Data, FeedActor Actor,
    string? RequestId, DateTimeOffset OccurredAt, long OrderVersion)
{
    public static FeedEvent From(OrderEventRecord e) =>
        new(e.Id, e.OrderId, e.Type, e.FromStatus, e.ToStatus, e.Code, e.Data.RootElement.Clone(), new FeedActor(e.ActorClientId),
            e.RequestId, e.OccurredAt, e.OrderVersion);
}
