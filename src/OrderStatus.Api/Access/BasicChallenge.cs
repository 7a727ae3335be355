namespace OrderStatus.Api.Access;

/// <summary>
/// When a 401 may carry a <c>WWW-Authenticate: Basic</c> challenge. A browser opens its native
/// login dialog for any 401 with a Basic challenge to a script's request — even one that sent
/// (wrong) Basic credentials itself — which is what Swagger UI's "Execute" hit. So script requests
/// from a browser get the Bearer challenge only (RFC 9110 needs just one challenge), and everyone
/// else (curl, HttpClient with <c>NetworkCredential</c>, an address-bar visit) still learns that
/// Basic works. Basic credentials are accepted either way.
/// </summary>
internal static class BasicChallenge
{
    public const string Value = "Basic realm=\"OrderStatus\", charset=\"UTF-8\"";

    /// <summary>
    /// A browser's fetch/XHR: <c>Sec-Fetch-Mode</c> other than <c>navigate</c> (browsers send it to
    /// https and localhost origins), or <c>X-Requested-With: XMLHttpRequest</c> (Swagger UI adds it,
    /// for plain-http hosts where browsers send no <c>Sec-Fetch-*</c>).
    /// </summary>
    public static bool IsAllowed(HttpRequest request)
    {
        var mode = request.Headers["Sec-Fetch-Mode"].ToString();
        var scripted = (mode.Length > 0 && !string.Equals(mode, "navigate", StringComparison.OrdinalIgnoreCase))
            || string.Equals(request.Headers.XRequestedWith.ToString(), "XMLHttpRequest", StringComparison.OrdinalIgnoreCase);
        return !scripted;
    }
}
