using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderStatus.Application.Database;
using OrderStatus.Application.Observability;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Application.Orders;

/// <summary>
/// The canonical API's order, status and list reads, routed (ADR 0016): to the read-only standby when one is
/// configured and usable, else to the primary through <see cref="OrderQueries"/> as before. Read-your-writes: a
/// read that needs at least version N (<c>minVersion</c>, or the version of the caller's <c>If-None-Match</c>)
/// and finds an older one on the standby is read again on the primary, and so is one the standby does not find
/// (the order may have been created a moment ago). Writes never come here: commands read through the
/// request's primary context only.
/// </summary>
public sealed class OrderReads(
    IServiceProvider services,
    ReadOnlyDatabase standby,
    TenantScope tenant,
    UseCaseValidation validation,
    OrderCursorKey cursorKey,
    OrderStatusMetrics metrics)
{
    public Task<OrderView> GetAsync(OrderKey key, long? minVersion, CancellationToken ct) =>
        ReadAsync(q => q.GetAsync(key, ct), v => minVersion is not { } min || v.Version >= min);

    public Task<OrderStatusView> GetStatusAsync(OrderKey key, long? minVersion, CancellationToken ct) =>
        ReadAsync(q => q.GetStatusAsync(key, ct), v => minVersion is not { } min || v.Version >= min);

    /// <summary>A page of the list; a list has no version to ask for, so any page the standby has is taken.</summary>
    public Task<OrderPage> ListAsync(OrderListQuery query, CancellationToken ct) =>
        ReadAsync(q => q.ListAsync(query, ct), _ => true);

    private async Task<T> ReadAsync<T>(Func<OrderQueries, Task<T>> read, Func<T, bool> fresh)
    {
        if (!standby.IsConfigured)
        {
            // As before the standby existed: nothing recorded, nothing else done.
            return await read(services.GetRequiredService<OrderQueries>());
        }

        string reason;
        if (!standby.IsUsable)
        {
            reason = "unusable";
        }
        else
        {
            try
            {
                await using var db = standby.Lease(tenant);
                var result = await read(new OrderQueries(db, validation, cursorKey));
                if (fresh(result))
                {
                    metrics.RecordRead("standby", "served");
                    return result;
                }

                reason = "stale";
            }
            catch (UseCaseProblem problem) when (problem.Kind == UseCaseProblemKind.NotFound)
            {
                reason = "not_found";
            }
            catch (Exception ex) when (IsStandbyFailure(ex))
            {
                if (IsServerDown(ex))
                {
                    standby.ReportFailure(ex);
                }

                reason = "failed";
            }
        }

        metrics.RecordRead("primary", reason);
        return await read(services.GetRequiredService<OrderQueries>());
    }

    /// <summary>A failure of the standby rather than of the request: the primary may answer it.</summary>
    internal static bool IsStandbyFailure(Exception ex) => ex is NpgsqlException or TimeoutException
        || (ex is InvalidOperationException && ex.InnerException is NpgsqlException or TimeoutException);

    /// <summary>
    /// Down or unreachable (connection refused or dropped, timeout, shutting down, starting up, out of
    /// connections): worth a back-off. A statement the standby cancelled for a replay conflict (40001) is not:
    /// that one read goes to the primary, the next tries the standby again. (EF Core's execution strategy wraps
    /// what it takes for transient in an InvalidOperationException; the cause is inside.)
    /// </summary>
    internal static bool IsServerDown(Exception ex) => (ex is InvalidOperationException { InnerException: { } inner } ? inner : ex) switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("57", StringComparison.Ordinal)
                                      || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
                                      || postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
        _ => true,
    };
}
