using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace OrderStatus.Api.Orders;

/// <summary>
/// Conditional requests (SPEC section 7). An order's ETag is its version as a strong tag, <c>"7"</c>; lists
/// and the catalogue use a hash of their content. <c>If-None-Match</c> → 304, a stale <c>If-Match</c> → 412.
/// </summary>
internal static class ETags
{
    public static string ForVersion(long version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    public static string ForContent(string content) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)).AsSpan(0, 12)) + "\"";

    /// <summary>The version an <c>If-Match</c> demands; null when absent or <c>*</c>; -1 (never matches) when unreadable.</summary>
    public static long? IfMatchVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }

        var tag = header.Split(',')[0].Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal))
        {
            tag = tag[2..];
        }

        return long.TryParse(tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1;
    }

    /// <summary>
    /// The newest version a read must show (ADR 0016): <paramref name="minVersion"/>, or the highest order version
    /// among the caller's <c>If-None-Match</c> tags (a client that has version 7 must not get 6 back from a lagging
    /// standby). Null when neither asks for one.
    /// </summary>
    public static long? RequiredVersion(HttpRequest request, long? minVersion)
    {
        var required = minVersion;
        foreach (var value in request.Headers.IfNoneMatch)
        {
            foreach (var part in (value ?? string.Empty).Split(','))
            {
                var tag = part.Trim();
                if (tag.StartsWith("W/", StringComparison.Ordinal))
                {
                    tag = tag[2..];
                }

                if (long.TryParse(tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > (required ?? long.MinValue))
                {
                    required = version;
                }
            }
        }

        return required;
    }

    /// <summary>Sets the ETag; 304 when the caller's <c>If-None-Match</c> has it (weak comparison), else 200 with the body.</summary>
    public static Results<Ok<T>, StatusCodeHttpResult> OkOrNotModified<T>(HttpContext http, string etag, T body)
    {
        http.Response.Headers.ETag = etag;
        var ifNoneMatch = http.Request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0
            && EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
            && tags.Any(t => t.Tag == "*" || t.Compare(EntityTagHeaderValue.Parse(etag), useStrongComparison: false)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Ok(body);
    }

    public static Ok<T> Ok<T>(HttpContext http, long version, T body)
    {
        http.Response.Headers.ETag = ForVersion(version);
        return TypedResults.Ok(body);
    }
}
