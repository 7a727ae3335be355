using System.Diagnostics;
using System.Globalization;

namespace OrderStatus.Faults.Harness;

/// <summary>What must hold after a fault: acknowledged writes there exactly once, history consistent, every event delivered.</summary>
public static class Verify
{
    /// <summary>
    /// Every 2xx write applied exactly once (its events, found by its X-Request-Id, carry one order
    /// version: the acknowledged one); no other write applied twice; every acknowledged create is one
    /// order. Returns the number of writes checked.
    /// </summary>
    public static async Task AcknowledgedWritesAsync(Suite suite, Workload workload, Tenant tenant)
    {
        var writes = workload.Writes.ToList();
        var acked = writes.Where(w => w.Acked).ToList();
        var rows = await suite.Database.RowsAsync(
            "SELECT request_id, array_agg(DISTINCT order_version) FROM order_events WHERE merchant_id = $1 AND request_id IS NOT NULL GROUP BY request_id",
            tenant.MerchantId);
        var versionsByKey = rows.ToDictionary(r => (string)r[0]!, r => (long[])r[1]!);
        var missing = acked.Where(w => !versionsByKey.ContainsKey(w.Key)).ToList();
        var twice = writes.Where(w => versionsByKey.TryGetValue(w.Key, out var v) && v.Length > 1).ToList();
        var wrongVersion = acked.Where(w => w.AckedVersion > 0 && versionsByKey.TryGetValue(w.Key, out var v) && v.Length == 1 && v[0] != w.AckedVersion).ToList();
        var references = await suite.Database.RowsAsync(
            "SELECT reference, count(*) FROM orders WHERE merchant_id = $1 GROUP BY reference HAVING count(*) > 1", tenant.MerchantId);
        var ackedCreates = acked.Where(w => w.Op == "create").Select(w => w.Reference!).ToHashSet(StringComparer.Ordinal);
        var existing = (await suite.Database.RowsAsync("SELECT reference FROM orders WHERE merchant_id = $1", tenant.MerchantId))
            .Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
        var lostCreates = ackedCreates.Count(r => !existing.Contains(r));

        var report = suite.Report;
        report.Figure("writes", $"{writes.Count} logical writes, {acked.Count} acknowledged (2xx), {writes.Count(w => w.Replayed)} answered by an idempotent replay, " +
                                $"{writes.Sum(w => Math.Max(0, w.Attempts - 1))} retries, {writes.Count(w => w.RejectedStatus is not null)} rejected, " +
                                $"{writes.Count(w => !w.Acked && w.RejectedStatus is null)} never answered");
        report.Figure("attempt statuses", string.Join(", ", workload.AttemptStatuses.OrderBy(p => p.Key)
            .Select(p => $"{(p.Key == 0 ? "no connection" : p.Key == -1 ? "client timeout" : p.Key.ToString(CultureInfo.InvariantCulture))}×{p.Value}")));
        report.Check("every acknowledged write is there", missing.Count == 0 && lostCreates == 0,
            $"{acked.Count - missing.Count}/{acked.Count} found by request id; {lostCreates} acknowledged creates missing" + Sample(missing));
        report.Check("no write applied twice (idempotent retries included)", twice.Count == 0 && references.Count == 0,
            $"{twice.Count} keys with events at several versions, {references.Count} duplicated references" + Sample(twice));
        report.Check("acknowledged versions match the history", wrongVersion.Count == 0, $"{wrongVersion.Count} mismatches" + Sample(wrongVersion));
        var rejected = writes.Where(w => w.RejectedStatus is not null).ToList();
        report.Check("no write of the workload rejected", rejected.Count == 0,
            rejected.Count == 0 ? "0" : $"{rejected.Count}, e.g. {rejected[0].Op} → {rejected[0].RejectedStatus} {rejected[0].RejectedBody}");
    }

    /// <summary>Per order: the history's versions are exactly 1..version and never go back in sequence order.</summary>
    public static async Task HistoryConsistentAsync(Suite suite, Tenant tenant)
    {
        var rows = await suite.Database.RowsAsync("""
            SELECT o.id, o.version,
                   (SELECT array_agg(e.order_version ORDER BY e.sequence) FROM order_events e WHERE e.order_id = o.id AND e.merchant_id = o.merchant_id)
            FROM orders o WHERE o.merchant_id = $1
            """, tenant.MerchantId);
        var bad = new List<string>();
        foreach (var row in rows)
        {
            var version = Convert.ToInt64(row[1], CultureInfo.InvariantCulture);
            var versions = (long[]?)row[2] ?? [];
            var ordered = versions.Zip(versions.Skip(1)).All(p => p.First <= p.Second);
            var exact = versions.Distinct().Order().SequenceEqual(Enumerable.Range(1, (int)version).Select(v => (long)v));
            if (!ordered || !exact)
            {
                bad.Add($"{row[0]} version {version}, history versions [{string.Join(',', versions)}]");
            }
        }

        suite.Report.Check("every order's history is consistent with its version", bad.Count == 0,
            $"{rows.Count - bad.Count}/{rows.Count} orders consistent" + (bad.Count > 0 ? "; e.g. " + bad[0] : string.Empty));
    }

    /// <summary>
    /// Waits (bounded) until the receiver has every outbox event of the merchant, then checks at least
    /// once and per-order order (of first arrivals); with <paramref name="exactlyOnce"/> also no duplicates.
    /// </summary>
    public static async Task EventsDeliveredAsync(Suite suite, Receiver receiver, Tenant tenant, string path, TimeSpan wait, bool exactlyOnce)
    {
        var clock = Stopwatch.StartNew();
        var outbox = (await suite.Database.RowsAsync(
                "SELECT event_id, order_id FROM outbox_messages WHERE merchant_id = $1 ORDER BY id", tenant.MerchantId))
            .Select(r => (EventId: (Guid)r[0]!, OrderId: (Guid)r[1]!)).ToList();
        List<Delivery> received;
        HashSet<Guid> seen;
        while (true)
        {
            received = [.. receiver.Received.Where(d => d.Path == "/" + path)];
            seen = [.. received.Select(d => d.EventId)];
            if (outbox.All(o => seen.Contains(o.EventId)) || clock.Elapsed > wait)
            {
                break;
            }

            await Task.Delay(250);
        }

        var missing = outbox.Count(o => !seen.Contains(o.EventId));
        suite.Report.Check("every outbox event delivered at least once", missing == 0,
            $"{outbox.Count - missing}/{outbox.Count} events delivered, {received.Count} deliveries, drained {clock.Elapsed.TotalSeconds:0.0} s after the load");
        var duplicates = received.Count - seen.Count;
        if (exactlyOnce)
        {
            suite.Report.Check("every event delivered exactly once", duplicates == 0, $"{duplicates} duplicate deliveries");
        }
        else
        {
            suite.Report.Figure("duplicate deliveries (allowed: at least once)", duplicates.ToString(CultureInfo.InvariantCulture));
        }

        var firstArrival = new Dictionary<Guid, int>();
        for (var i = 0; i < received.Count; i++)
        {
            firstArrival.TryAdd(received[i].EventId, i);
        }

        var outOfOrder = outbox.GroupBy(o => o.OrderId)
            .Count(g => !g.Where(o => firstArrival.ContainsKey(o.EventId)).Select(o => firstArrival[o.EventId])
                .Zip(g.Where(o => firstArrival.ContainsKey(o.EventId)).Select(o => firstArrival[o.EventId]).Skip(1)).All(p => p.First < p.Second));
        suite.Report.Check("events of each order delivered in order", outOfOrder == 0,
            $"{outOfOrder} of {outbox.Select(o => o.OrderId).Distinct().Count()} orders out of order");
    }

    private static string Sample(List<Write> writes) =>
        writes.Count == 0 ? string.Empty : $"; e.g. {writes[0].Op} {writes[0].OrderId} key {writes[0].Key}";
}
