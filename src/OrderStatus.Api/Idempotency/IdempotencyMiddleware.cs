using System.Security.Cryptography;
using System.Text;
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
            if (await store.TryClaimAsync(merchantId, key, hash, TimeSpan.FromHours(settings.RetentionHours), context.RequestAborted))
            {
                await ExecuteAndStoreAsync(context, merchantId, key);
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
                await store.ReleaseAsync(merchantId, key, context.RequestAborted);
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

    private async Task ExecuteAndStoreAsync(HttpContext context, Guid merchantId, string key)
    {
        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        catch
        {
            context.Response.Body = original;
            await store.ReleaseAsync(merchantId, key, CancellationToken.None);
            throw;
        }

        context.Response.Body = original;
        var body = captured.ToArray();
        if (context.Response.StatusCode >= 500)
        {
            await store.ReleaseAsync(merchantId, key, CancellationToken.None);
        }
        else
        {
            var headers = string.Join('\n', ReplayedHeaders
                .Where(h => context.Response.Headers.ContainsKey(h))
                .Select(h => $"{h}: {context.Response.Headers[h]}"));
            // Stored before the client sees the response, so a retry after it always finds it.
            await store.CompleteAsync(merchantId, key, context.Response.StatusCode, context.Response.ContentType,
                headers.Length == 0 ? null : headers, body, CancellationToken.None);
        }

        if (body.Length > 0)
        {
            await original.WriteAsync(body, context.RequestAborted);
        }
    }

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
