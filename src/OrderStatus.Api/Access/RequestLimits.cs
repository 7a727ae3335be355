using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OrderStatus.Api.Surfaces;

namespace OrderStatus.Api.Access;

/// <summary>Configuration section <c>RateLimiting</c>.</summary>
internal sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>Sustained requests per second per client (anonymous callers: per IP address).</summary>
    public int PermitsPerSecond { get; set; } = 50;

    /// <summary>Requests a client may make at once above the sustained rate (the token bucket's size).</summary>
    public int Burst { get; set; } = 100;
}

internal static class RequestLimits
{
    public const string MaxRequestBodyBytesKey = "Limits:MaxRequestBodyBytes";
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    public static IServiceCollection AddOrderStatusRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section);
        services.AddOptions<KestrelServerOptions>().Configure<IConfiguration>((kestrel, configuration) =>
        {
            var limits = kestrel.Limits;
            limits.MaxRequestBodySize = configuration.GetValue(MaxRequestBodyBytesKey, DefaultMaxRequestBodyBytes);
            // Slow or oversized requests must not tie up the server (faults/README.md, resource abuse).
            limits.RequestHeadersTimeout = TimeSpan.FromSeconds(configuration.GetValue("Limits:RequestHeadersTimeoutSeconds", 10.0));
            limits.KeepAliveTimeout = TimeSpan.FromSeconds(configuration.GetValue("Limits:KeepAliveTimeoutSeconds", 120.0));
            limits.MaxRequestHeaderCount = configuration.GetValue("Limits:MaxRequestHeaderCount", 100);
            limits.MaxRequestHeadersTotalSize = configuration.GetValue("Limits:MaxRequestHeadersTotalBytes", 32 * 1024);
            limits.MaxRequestLineSize = configuration.GetValue("Limits:MaxRequestLineBytes", 8 * 1024);
            limits.MaxConcurrentConnections = configuration.GetValue<long?>("Limits:MaxConcurrentConnections");
            limits.MinRequestBodyDataRate = new MinDataRate(
                configuration.GetValue("Limits:MinRequestBodyBytesPerSecond", 240.0),
                TimeSpan.FromSeconds(configuration.GetValue("Limits:MinDataRateGraceSeconds", 5.0)));
            limits.MinResponseDataRate = new MinDataRate(
                configuration.GetValue("Limits:MinResponseBytesPerSecond", 240.0),
                TimeSpan.FromSeconds(configuration.GetValue("Limits:MinDataRateGraceSeconds", 5.0)));
        });

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<Microsoft.Extensions.Options.IOptions<RateLimitingOptions>>((limiter, configured) =>
        {
            var settings = configured.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!settings.Enabled || http.Request.Path.StartsWithSegments("/health"))
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                var partition = http.User.FindFirstValue(AccessClaims.ClientId) is { } clientId
                    ? "client:" + clientId
                    : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, Math.Max(settings.Burst, settings.PermitsPerSecond)),
                    TokensPerPeriod = Math.Max(1, settings.PermitsPerSecond),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : 1;
                await ErrorResponses.WriteAsync(context.HttpContext, new ApiError(ErrorKind.RateLimited, "rate_limited")
                {
                    Title = "Too many requests.",
                    Detail = $"The rate limit of this client has been reached; retry after {retryAfter} s.",
                    RetryAfter = TimeSpan.FromSeconds(retryAfter),
                });
            };
        });
        return services;
    }
}

/// <summary>
/// Refuses bodies over <c>Limits:MaxRequestBodyBytes</c> with 413 problem+json. Kestrel enforces the
/// same limit on its own (<c>MaxRequestBodySize</c>); this also covers hosts that do not (the test
/// server) and turns a declared Content-Length that is too large into 413 before anything reads it.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IConfiguration configuration)
{
    private readonly long _limit = configuration.GetValue(RequestLimits.MaxRequestBodyBytesKey, RequestLimits.DefaultMaxRequestBodyBytes);

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _limit)
        {
            throw TooLarge();
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = _limit;
        }
        else if (context.Request.ContentLength is null && context.Request.Body.CanRead)
        {
            context.Request.Body = new LimitedReadStream(context.Request.Body, _limit, TooLarge);
        }

        return next(context);
    }

    private Microsoft.AspNetCore.Http.BadHttpRequestException TooLarge() =>
        new($"The request body is larger than {_limit} bytes.", StatusCodes.Status413PayloadTooLarge);
}

/// <summary>A read-only stream that throws once more than <c>limit</c> bytes have been read.</summary>
internal sealed class LimitedReadStream(Stream inner, long limit, Func<Exception> tooLarge) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        return _read > limit ? throw tooLarge() : read;
    }
}
