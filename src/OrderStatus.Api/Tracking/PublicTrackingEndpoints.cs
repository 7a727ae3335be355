using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;
using OrderStatus.Api.OpenApi;
using OrderStatus.Api.Orders;
using OrderStatus.Api.Surfaces;
using OrderStatus.Application.CustomerTracking;

namespace OrderStatus.Api.CustomerTracking;

/// <summary>
/// Public order tracking for customers, without API credentials (SPEC section 7): the status page,
/// its JSON, the SVG widget and the <c>/track</c> lookup form. Every refusal — unknown account or
/// order, another merchant's order, a wrong factor, a bad or expired link — answers the same 404
/// with the same body, and failed lookups are rate limited per client IP.
/// </summary>
internal sealed class PublicTrackingModule : IEndpointModule
{
    public void MapEndpoints(IEndpointRouteBuilder app) => PublicTrackingEndpoints.MapPublicTracking(app);
}

internal static class PublicTrackingEndpoints
{
    public const string DocumentName = "tracking";
    public const string SignatureParameter = "s";
    public const string EmailParameter = "email";
    public const string PostalCodeParameter = "postalCode";
    private const int MaxFieldLength = 320;

    /// <summary>The one body of every refused JSON lookup (no request id: it would tell requests apart, and it is in the header).</summary>
    private static readonly string NotFoundJson = JsonSerializer.Serialize(new
    {
        type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        title = "Not found.",
        status = 404,
        code = "not_found",
        detail = "No order matches these details, or the link has expired.",
    });

    public static IEndpointRouteBuilder MapPublicTracking(this IEndpointRouteBuilder app)
    {
        var track = app.MapGroup("/track").AllowAnonymous().WithGroupName(DocumentName).WithTags("Public tracking");

        track.MapGet("/", (HttpContext http) =>
            {
                var texts = Texts(http);
                return Html(http, StatusCodes.Status200OK, TrackingPage.LookupForm(texts, null, null, null, l => "/track?lang=" + l));
            })
            .ExcludeFromDescription();

        track.MapPost("/", async (HttpContext http, PublicTracking tracking, FailedLookupLimiter limiter, CancellationToken ct) =>
            {
                var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : null;
                var lang = form?["lang"].ToString();
                var texts = TrackingTexts.Negotiate(lang, http.Request.GetTypedHeaders().AcceptLanguage);
                var account = Field(form, "account");
                var reference = Field(form, "reference");
                var factor = Field(form, "factor");
                Func<string, string?> noLinks = l => "/track?lang=" + l;
                if (account is null || reference is null || factor is null)
                {
                    return Html(http, StatusCodes.Status400BadRequest, TrackingPage.LookupForm(texts, texts.FillInEveryField, account, reference, noLinks));
                }

                // One field for either factor: an @ makes it an e-mail address.
                var proof = factor.Contains('@', StringComparison.Ordinal) ? new TrackingProof(null, factor, null) : new TrackingProof(null, null, factor);
                var outcome = await LookUpAsync(http, account, reference, proof, tracking, limiter, ct);
                return outcome switch
                {
                    { Order: { } order } => Html(http, StatusCodes.Status200OK, TrackingPage.Status(order, texts, noLinks)),
                    { RetryAfter: { } wait } => Throttled(http, wait, TrackingPage.TooMany(texts, wait, noLinks), TrackingPage.ContentType),
                    _ => Html(http, StatusCodes.Status404NotFound, TrackingPage.LookupForm(texts, texts.NotFoundText, account, reference, noLinks)),
                };
            })
            .ExcludeFromDescription();

        track.MapGet("/{account}/{reference}", async (string account, string reference, HttpContext http, PublicTracking tracking,
                FailedLookupLimiter limiter, CancellationToken ct) =>
            {
                if (WantsJson(http.Request))
                {
                    return await JsonAsync(http, account, reference, tracking, limiter, ct);
                }

                var texts = Texts(http);
                var proof = Proof(http.Request);
                Func<string, string?> links = l => LanguageLink(http.Request, l);
                if (proof.IsEmpty)
                {
                    // Nothing to check yet: ask for the second factor (the same page for any account and reference).
                    return Html(http, StatusCodes.Status200OK, TrackingPage.LookupForm(texts, null, account, Reference(reference), links));
                }

                var outcome = await LookUpAsync(http, account, reference, proof, tracking, limiter, ct);
                return outcome switch
                {
                    { Order: { } order } => Html(http, StatusCodes.Status200OK, TrackingPage.Status(order, texts, links)),
                    { RetryAfter: { } wait } => Throttled(http, wait, TrackingPage.TooMany(texts, wait, links), TrackingPage.ContentType),
                    _ => Html(http, StatusCodes.Status404NotFound, TrackingPage.NotFound(texts, links)),
                };
            })
            .WithName("PublicTrackingPage")
            .WithSummary("The customer's status page (HTML), or its JSON with `Accept: application/json`.")
            .WithDescription("Needs one factor: `s` (a tracking link's signature), `email` (the recipient's, case-insensitive) or `postalCode` (the shipping postal code; spaces and case ignored). `lang` (en, de, fr, es, cs) or `Accept-Language` chooses the language. Unknown orders, wrong factors and expired links all answer the same 404; failed lookups are rate limited per IP (429, `Retry-After`).")
            .Produces<PublicOrderJson>(StatusCodes.Status200OK, "text/html", "application/json")
            .Produces(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status429TooManyRequests)
            .HonoursIfNoneMatch(); // the JSON variant (Accept: application/json) has an ETag

        track.MapGet("/{account}/{reference}/status.json", (string account, string reference, HttpContext http, PublicTracking tracking,
                FailedLookupLimiter limiter, CancellationToken ct) => JsonAsync(http, account, reference, tracking, limiter, ct))
            .WithName("PublicTrackingJson")
            .WithSummary("The customer-safe JSON of an order.")
            .WithDescription("The same factors and answers as the status page.")
            .Produces<PublicOrderJson>()
            .Produces(StatusCodes.Status404NotFound, contentType: "application/problem+json")
            .Produces(StatusCodes.Status429TooManyRequests, contentType: "application/problem+json")
            .HonoursIfNoneMatch();

        track.MapGet("/{account}/{reference}/widget.svg", async (string account, string reference, HttpContext http, PublicTracking tracking,
                FailedLookupLimiter limiter, CancellationToken ct) =>
            {
                var texts = Texts(http);
                var outcome = await LookUpAsync(http, account, reference, Proof(http.Request), tracking, limiter, ct);
                return outcome switch
                {
                    { Order: { } order } => Widget(http, TrackingWidget.Render(order, texts)),
                    { RetryAfter: { } wait } => Throttled(http, wait, TrackingWidget.RenderMessage(texts.TooManyTitle, texts), TrackingWidget.ContentType),
                    _ => Svg(http, StatusCodes.Status404NotFound, TrackingWidget.RenderMessage(texts.NotFoundTitle, texts)),
                };
            })
            .WithName("PublicTrackingWidget")
            .WithSummary("The status widget as SVG, to embed with `<img>`.")
            .WithDescription("The progress steps and the current status, with `<title>`/`<desc>` and `lang`. No script and nothing external; `ETag` and `Cache-Control: public, max-age=60`. The same factors as the status page.")
            .Produces(StatusCodes.Status200OK, contentType: TrackingWidget.ContentType)
            .Produces(StatusCodes.Status304NotModified)
            .Produces(StatusCodes.Status404NotFound, contentType: TrackingWidget.ContentType)
            .HonoursIfNoneMatch();

        return app;
    }

    private static async Task<IResult> JsonAsync(HttpContext http, string account, string reference, PublicTracking tracking,
        FailedLookupLimiter limiter, CancellationToken ct)
    {
        var texts = Texts(http);
        var outcome = await LookUpAsync(http, account, reference, Proof(http.Request), tracking, limiter, ct);
        Secure(http, "private, no-cache");
        switch (outcome)
        {
            case { Order: { } order }:
                var json = JsonSerializer.SerializeToUtf8Bytes(PublicOrderJson.From(order, texts), JsonOptions(http));
                return WithETag(http, json, "application/json");
            case { RetryAfter: { } wait }:
                http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                return Results.Content(JsonSerializer.Serialize(new
                {
                    type = "https://tools.ietf.org/html/rfc6585#section-4",
                    title = "Too many requests.",
                    status = 429,
                    code = "rate_limited",
                    detail = $"Too many failed lookups from this address; retry after {wait} s.",
                }), "application/problem+json", statusCode: StatusCodes.Status429TooManyRequests);
            default:
                return Results.Content(NotFoundJson, "application/problem+json", statusCode: StatusCodes.Status404NotFound);
        }
    }

    /// <summary>Checks the rate limit, the input and the factor; records a failure when nothing is found.</summary>
    internal static async Task<LookupOutcome> LookUpAsync(HttpContext http, string account, string reference, TrackingProof proof,
        PublicTracking tracking, FailedLookupLimiter limiter, CancellationToken ct)
    {
        var client = FailedLookupLimiter.ClientKey(http);
        if (limiter.IsBlocked(client, out var retryAfter))
        {
            return new LookupOutcome(null, retryAfter);
        }

        reference = Reference(reference);
        CustomerOrderView? order = null;
        if (long.TryParse(account, NumberStyles.None, CultureInfo.InvariantCulture, out var accountNumber)
            && reference.Length is > 0 and <= 100 && !proof.IsEmpty && Fits(proof))
        {
            var result = await tracking.LookupAsync(new OrderLookup.ByReference(reference), TrackingRequester.Customer(accountNumber, proof), ct);
            order = result.Order;
        }

        if (order is null)
        {
            limiter.RecordFailure(client);
        }

        return new LookupOutcome(order, null);
    }

    internal sealed record LookupOutcome(CustomerOrderView? Order, int? RetryAfter);

    private static bool Fits(TrackingProof proof) =>
        (proof.Signature?.Length ?? 0) <= MaxFieldLength && (proof.Email?.Length ?? 0) <= MaxFieldLength && (proof.PostalCode?.Length ?? 0) <= MaxFieldLength;

    private static TrackingProof Proof(HttpRequest request) => new(
        NonEmpty(request.Query[SignatureParameter]),
        NonEmpty(request.Query[EmailParameter]),
        NonEmpty(request.Query[PostalCodeParameter]));

    private static string? NonEmpty(StringValues values) => values.Count == 1 && !string.IsNullOrWhiteSpace(values[0]) ? values[0] : null;

    private static string? Field(IFormCollection? form, string name) =>
        form is not null && NonEmpty(form[name]) is { } value && value.Length <= MaxFieldLength ? value.Trim() : null;

    /// <summary>Kestrel leaves an encoded slash encoded in the path: a reference like <c>SO/2026/7</c> arrives as <c>SO%2F2026%2F7</c>.</summary>
    private static string Reference(string value) => value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static TrackingTexts Texts(HttpContext http) =>
        TrackingTexts.Negotiate(http.Request.Query["lang"].ToString(), http.Request.GetTypedHeaders().AcceptLanguage);

    /// <summary>JSON when the client prefers it to HTML (an explicit <c>application/json</c> beats a wildcard).</summary>
    private static bool WantsJson(HttpRequest request)
    {
        double json = 0, html = 0;
        bool explicitJson = false, explicitHtml = false;
        foreach (var type in request.GetTypedHeaders().Accept)
        {
            var q = type.Quality ?? 1;
            if (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                json = Math.Max(json, q);
                explicitJson = true;
            }
            else if (type.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            {
                html = Math.Max(html, q);
                explicitHtml = true;
            }
            else if (type.MatchesAllTypes)
            {
                json = Math.Max(json, q * 0.99);
                html = Math.Max(html, q);
            }
        }

        return json > html || (explicitJson && !explicitHtml && json > 0);
    }

    /// <summary>The page's own address in another language, with the factor that opened it.</summary>
    private static string LanguageLink(HttpRequest request, string language)
    {
        var query = new QueryBuilder();
        foreach (var name in new[] { SignatureParameter, EmailParameter, PostalCodeParameter })
        {
            if (NonEmpty(request.Query[name]) is { } value)
            {
                query.Add(name, value);
            }
        }

        query.Add("lang", language);
        return request.PathBase + request.Path + query.ToQueryString();
    }

    private static IResult Html(HttpContext http, int status, string html)
    {
        Secure(http, "private, no-cache");
        http.Response.Headers.ContentSecurityPolicy = TrackingPage.ContentSecurityPolicy;
        return Results.Content(html, TrackingPage.ContentType, statusCode: status);
    }

    private static IResult Svg(HttpContext http, int status, string svg)
    {
        Secure(http, "public, max-age=60");
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
        return Results.Content(svg, TrackingWidget.ContentType, statusCode: status);
    }

    private static IResult Widget(HttpContext http, string svg)
    {
        Secure(http, "public, max-age=60");
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
        return WithETag(http, System.Text.Encoding.UTF8.GetBytes(svg), TrackingWidget.ContentType);
    }

    private static IResult Throttled(HttpContext http, int retryAfter, string body, string contentType)
    {
        Secure(http, "no-store");
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        if (contentType == TrackingPage.ContentType)
        {
            http.Response.Headers.ContentSecurityPolicy = TrackingPage.ContentSecurityPolicy;
        }

        return Results.Content(body, contentType, statusCode: StatusCodes.Status429TooManyRequests);
    }

    private static IResult WithETag(HttpContext http, byte[] body, string contentType)
    {
        var etag = ETags.ForContent(Convert.ToBase64String(body));
        http.Response.Headers.ETag = etag;
        var ifNoneMatch = http.Request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0 && (ifNoneMatch.Trim() == "*" || ifNoneMatch.Split(',').Any(t => t.Trim() == etag)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(body, contentType);
    }

    /// <summary>Headers every public tracking answer carries: caching, no sniffing, no referrer (links carry <c>s</c>), no indexing.</summary>
    private static void Secure(HttpContext http, string cacheControl)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = cacheControl;
        headers.Vary = "Accept, Accept-Language";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Robots-Tag"] = "noindex, nofollow";
    }

    private static JsonSerializerOptions JsonOptions(HttpContext http) =>
        http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
}
