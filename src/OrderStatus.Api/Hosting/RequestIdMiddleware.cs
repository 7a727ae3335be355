namespace OrderStatus.Api.Hosting;

/// <summary>
/// Takes the caller's <c>X-Request-Id</c> (when it is a sane token) or makes one, uses it as the
/// request's trace identifier — so problem details, logs and stored events all carry it — and
/// echoes it on the response.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Request-Id";
    private const int MaxLength = 128;

    public Task InvokeAsync(HttpContext context)
    {
        var given = context.Request.Headers[Header].ToString();
        context.TraceIdentifier = IsAcceptable(given) ? given : Guid.CreateVersion7().ToString("N");
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[Header] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    private static bool IsAcceptable(string value) =>
        value.Length is > 0 and <= MaxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
