using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderStatus.Api.Surfaces;
using OrderStatus.Application.Idempotency;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Idempotency;

/// <summary>Settings of the <c>Idempotency</c> section.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a first response is kept and replayed.</summary>
    public double RetentionHours { get; set; } = 24;

    /// <summary>How long a duplicate waits for the first request with its key to finish before answering 409.</summary>
    public double WaitForInFlightSeconds { get; set; } = 10;

    /// <summary>A claim still in flight after this long belongs to a request that died; it is taken over.</summary>
    public double AbandonAfterSeconds { get; set; } = 120;
}

/// <summary>Endpoint metadata: writes of this endpoint honour <c>Idempotency-Key</c> (the last one on an endpoint wins).</summary>
public sealed record IdempotencyMetadata(bool Enabled);

public static class IdempotencyEndpointExtensions
{
    /// <summary>
    /// POST, PUT, PATCH and DELETE of the group or endpoint honour <c>Idempotency-Key</c>: the first
    /// response — in the surface's own shape — is stored and replayed. Any surface can declare it.
    /// </summary>
    public static TBuilder WithIdempotency<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new IdempotencyMetadata(true));

    /// <summary>Opts an endpoint of an idempotent group out (a token endpoint is no change to replay).</summary>
    public static TBuilder WithoutIdempotency<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new IdempotencyMetadata(false));
}

/// <summary>
/// <c>Idempotency-Key</c> on POST/PUT/PATCH/DELETE of endpoints that declare it: the first response is stored per
/// merchant and replayed for the retention period; the same key with a different request answers
/// 422; a duplicate arriving while the first is in flight waits for it (then replays) or answers
/// 409. Server errors (5xx) are not stored, so a retry runs again.
/// <para>
/// The request runs as one unit of work: a transaction on the request's <see cref="OrdersDbContext"/> that the
/// use cases join (<see cref="Application.Orders.OrderStore"/>), and the response is stored in that same
/// transaction before it commits. A change is therefore never committed without its recorded answer — a process
/// killed after the commit leaves a completed record, which the retry replays — and a transient failure is retried
/// by EF's execution strategy as a whole, after checking whether the commit whose acknowledgement was lost had in
/// fact succeeded (the completed record is the marker).
/// </para>
/// </summary>
internal sealed class IdempotencyMiddleware(
    RequestDelegate next,
    IdempotencyStore store,
    IOptions<IdempotencyOptions> options,
    TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private static readonly string[] ReplayedHeaders = ["Location", "ETag", "Last-Modified"];
    private const string RequestSavepoint = "idempotent_request";

    public async Task InvokeAsync(HttpContext context, ICurrentTenant tenant)
    {
        var key = context.Request.Headers[Header].ToString();
        if (key.Length == 0 || !AppliesTo(context) || tenant.MerchantId is not { } merchantId)
        {
            await next(context);
            return;
        }

        if (key.Length > 255 || key.Any(c => c is < '!' or > '~'))
        {
            await WriteErrorAsync(context, ErrorKind.BadRequest, "invalid_idempotency_key",
                "The Idempotency-Key header is not valid.", "Use 1 to 255 visible ASCII characters, e.g. a UUID.");
            return;
        }

        var hash = await HashRequestAsync(context.Request);
        var settings = options.Value;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await store.TryClaimAsync(merchantId, key, hash, TimeSpan.FromHours(settings.RetentionHours), context.RequestAborted) is { } claimedAt)
            {
                await ExecuteAndStoreAsync(context, merchantId, key, claimedAt);
                return;
            }

            var record = await store.FindAsync(merchantId, key, context.RequestAborted);
            if (record is null)
            {
                continue; // released between our claim and our read: claim again
            }

            if (record.ExpiresAt <= clock.GetUtcNow()
                || (record.StatusCode is null && record.CreatedAt.AddSeconds(settings.AbandonAfterSeconds) <= clock.GetUtcNow()))
            {
                await store.ReleaseAsync(merchantId, key, record.CreatedAt, context.RequestAborted);
                continue;
            }

            if (!CryptographicOperations.FixedTimeEquals(record.RequestHash, hash))
            {
                await WriteErrorAsync(context, ErrorKind.Unprocessable, "idempotency_key_reused",
                    "This Idempotency-Key was used for a different request.",
                    "An idempotency key identifies one request (method, path and body); use a new key for a new request.");
                return;
            }

            record = record.StatusCode is null ? await WaitForCompletionAsync(merchantId, key, context.RequestAborted) : record;
            if (record?.StatusCode is null)
            {
                if (record is null)
                {
                    continue; // the first request failed and released the key: this one may run
                }

                await WriteErrorAsync(context, ErrorKind.Conflict, "idempotency_request_in_progress",
                    "A request with this Idempotency-Key is still in progress.", "Retry after it has completed.", TimeSpan.FromSeconds(1));
                return;
            }

            await ReplayAsync(context, record);
            return;
        }

        await WriteErrorAsync(context, ErrorKind.Conflict, "idempotency_request_in_progress",
            "A request with this Idempotency-Key is contended.", "Retry shortly.");
    }

    /// <summary>Writes (POST, PUT, PATCH, DELETE) of endpoints that declare <see cref="IdempotencyMetadata"/> (<c>WithIdempotency()</c>).</summary>
    private static bool AppliesTo(HttpContext context) =>
        (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method)
            || HttpMethods.IsPatch(context.Request.Method) || HttpMethods.IsDelete(context.Request.Method))
        && context.GetEndpoint()?.Metadata.GetMetadata<IdempotencyMetadata>() is { Enabled: true };

    /// <summary>SHA-256 over method, path, query and body; the body is buffered so the endpoint can still read it.</summary>
    private static async Task<byte[]> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n"));
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }

    private async Task ExecuteAndStoreAsync(HttpContext context, Guid merchantId, string key, DateTimeOffset claimedAt)
    {
        var db = context.RequestServices.GetRequiredService<OrdersDbContext>();
        var original = context.Response.Body;
        var headersBefore = context.Response.Headers.ToList();
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        var attempts = 0;
        var committing = false;
        byte[] body;
        try
        {
            body = await db.Database.CreateExecutionStrategy().ExecuteInTransactionAsync(
                async ct =>
                {
                    committing = false;
                    if (attempts++ > 0)
                    {
                        // A retry of the whole unit of work: the response of the failed attempt is discarded.
                        context.Response.Clear();
                        foreach (var (name, value) in headersBefore)
                        {
                            context.Response.Headers[name] = value;
                        }

                        db.ChangeTracker.Clear();
                    }

                    context.Request.Body.Position = 0;
                    var transaction = db.Database.CurrentTransaction!;
                    await transaction.CreateSavepointAsync(RequestSavepoint, ct);
                    await next(context);
                    if (context.Response.StatusCode >= 500)
                    {
                        throw new RolledBack();
                    }

                    if (context.Response.StatusCode >= 400)
                    {
                        // A refused request changes nothing; a statement PostgreSQL refused (a NUL in a key) also
                        // left the transaction aborted, and rolling back to the savepoint makes it usable again.
                        await transaction.RollbackToSavepointAsync(RequestSavepoint, ct);
                        db.ChangeTracker.Clear();
                    }

                    var response = captured.ToArray();
                    var headers = string.Join('\n', ReplayedHeaders
                        .Where(h => context.Response.Headers.ContainsKey(h))
                        .Select(h => $"{h}: {context.Response.Headers[h]}"));
                    // Stored before the client sees the response, in the change's transaction: a retry after it always finds it.
                    if (!await IdempotencyStore.CompleteAsync(db, merchantId, key, claimedAt, context.Response.StatusCode, context.Response.ContentType,
                            headers.Length == 0 ? null : headers, response, ct))
                    {
                        throw new ClaimLost();
                    }

                    committing = true;
                    return response;
                },
                ct => store.IsCompletedAsync(merchantId, key, claimedAt, ct),
                CancellationToken.None);
        }
        catch (RolledBack)
        {
            // A server error: nothing of the request committed; the key is free for the retry.
            context.Response.Body = original;
            await store.ReleaseAsync(merchantId, key, claimedAt, CancellationToken.None);
            await original.WriteAsync(captured.ToArray(), context.RequestAborted);
            return;
        }
        catch (ClaimLost)
        {
            // Taken over as abandoned while this request ran: the other one owns the key; this one rolled back.
            context.Response.Body = original;
            context.Response.Clear();
            await WriteErrorAsync(context, ErrorKind.Conflict, "idempotency_request_in_progress",
                "A request with this Idempotency-Key is still in progress.", "Retry after it has completed.", TimeSpan.FromSeconds(1));
            return;
        }
        catch
        {
            context.Response.Body = original;
            if (!committing)
            {
                await store.ReleaseAsync(merchantId, key, claimedAt, CancellationToken.None);
            }

            // Else the commit's outcome is unknown: the claim stays, either completed (the retry replays it) or
            // in flight until it counts as abandoned (nothing committed, the retry runs it).
            throw;
        }

        context.Response.Body = original;
        if (body.Length > 0)
        {
            await original.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>The request answered a server error: its transaction is rolled back and nothing is stored.</summary>
    private sealed class RolledBack : Exception;

    /// <summary>The claim is no longer this request's: its transaction is rolled back.</summary>
    private sealed class ClaimLost : Exception;

    private async Task<IdempotencyRecord?> WaitForCompletionAsync(Guid merchantId, string key, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow().AddSeconds(options.Value.WaitForInFlightSeconds);
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            await Task.Delay(delay, clock, cancellationToken);
            var record = await store.FindAsync(merchantId, key, cancellationToken);
            if (record?.StatusCode is not null || record is null || clock.GetUtcNow() >= deadline)
            {
                return record;
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record)
    {
        context.Response.StatusCode = record.StatusCode!.Value;
        if (record.ContentType is not null)
        {
            context.Response.ContentType = record.ContentType;
        }

        foreach (var line in (record.ResponseHeaders ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            context.Response.Headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        context.Response.Headers[ReplayedHeader] = "true";
        if (record.ResponseBody is { Length: > 0 } body)
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private static Task WriteErrorAsync(HttpContext context, ErrorKind kind, string code, string title, string detail, TimeSpan? retryAfter = null) =>
        ErrorResponses.WriteAsync(context, new ApiError(kind, code) { Title = title, Detail = detail, RetryAfter = retryAfter });
}
