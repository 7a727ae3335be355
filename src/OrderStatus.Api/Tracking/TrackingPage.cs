using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using OrderStatus.Application.CustomerTracking;

namespace OrderStatus.Api.CustomerTracking;

/// <summary>
/// The server-rendered customer pages: an order's status page, the <c>/track</c> lookup form and the
/// one "not found" page. Plain HTML and one inline style sheet (allowed by its hash in the CSP), no
/// script, no external resource; every value goes through <see cref="HtmlEncoder"/>.
/// </summary>
internal static class TrackingPage
{
    public const string ContentType = "text/html; charset=utf-8";

    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    // Colours meet WCAG AA contrast on their backgrounds (#1f2328 on white 15:1, #57606a 6.4:1,
    // #0969da 5.2:1, #1a7f37 5.1:1, #cf222e 5.4:1, white on #0969da 5.2:1).
    private const string Css = """
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2328;background:#f6f8fa}
        a{color:#0969da}
        .skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px}
        header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}
        header{padding-top:1rem;color:#57606a}
        main{background:#fff;border:1px solid #d0d7de;border-radius:10px;padding:1rem 1.25rem;margin-top:.5rem;margin-bottom:1rem}
        h1{font-size:1.5rem;margin:.25rem 0;overflow-wrap:anywhere}
        h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
        h3{font-size:1rem;margin:0 0 .25rem;overflow-wrap:anywhere}
        .status{font-size:1.1rem;margin:.25rem 0 1rem}.status strong{color:#0969da}.status.cancelled strong{color:#cf222e}
        .steps{list-style:none;margin:0;padding:0;display:flex;gap:.5rem}
        .steps li{flex:1;text-align:center;position:relative;padding-top:2rem;font-size:.9rem;color:#57606a}
        .steps li::before{content:"";position:absolute;top:.25rem;left:50%;width:1.25rem;height:1.25rem;margin-left:-.625rem;border-radius:50%;border:3px solid #8c959f;background:#fff}
        .steps li.done{color:#1f2328}.steps li.done::before{background:#1a7f37;border-color:#1a7f37}
        .steps li.current{color:#1f2328;font-weight:600}.steps li.current::before{background:#0969da;border-color:#0969da}
        .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:1rem 0}dl.facts dt{color:#57606a}dl.facts dd{margin:0}
        .tracking{border-top:1px solid #d0d7de;padding-top:.75rem;margin-top:.75rem}
        .checkpoints{list-style:none;margin:.5rem 0 0;padding:0}
        .checkpoints li{border-left:3px solid #d0d7de;padding:0 0 .5rem .75rem}.checkpoints li:first-child{border-left-color:#0969da}
        .checkpoints time{display:block;color:#57606a;font-size:.875rem}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem .35rem 0;border-bottom:1px solid #d0d7de;overflow-wrap:anywhere}
        td.n,th.n{text-align:right}
        address{font-style:normal}
        form{display:grid;gap:.75rem;max-width:24rem}
        label{font-weight:600;display:block}
        input{font:inherit;width:100%;padding:.5rem;border:1px solid #57606a;border-radius:6px}
        button{font:inherit;font-weight:600;padding:.6rem 1rem;border:0;border-radius:6px;background:#0969da;color:#fff;cursor:pointer}
        .error{color:#cf222e;font-weight:600}
        .note{color:#57606a;font-size:.875rem}
        footer nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.75rem}
        @media (max-width:30rem){
          .steps{flex-direction:column;gap:0}
          .steps li{text-align:left;padding:.35rem 0 .35rem 2.25rem}
          .steps li::before{left:0;top:.45rem;margin-left:0}
          dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.5rem}
        }
        """;

    /// <summary>The value of the pages' <c>Content-Security-Policy</c>: nothing but the one style sheet.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'; " +
        "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The status page of one order; <c>languageLink</c> gives the page's address in another language (or null: no link).</summary>
    public static string Status(CustomerOrderView order, TrackingTexts texts, Func<string, string?> languageLink)
    {
        var page = new PageBuilder(texts);
        var title = TrackingTexts.Format(texts.OrderTitle, order.Reference);
        page.Start(title + " – " + order.MerchantName, order.MerchantName);

        page.Raw("<h1>").Text(title).Raw("</h1>");
        var cancelled = order.State == Domain.Orders.OrderState.Cancelled;
        page.Raw(cancelled ? "<p class=\"status cancelled\">" : "<p class=\"status\">")
            .Text(texts.CurrentStatus).Raw(": <strong>").Text(TrackingProgress.StatusLine(order, texts)).Raw("</strong></p>");

        page.Raw("<section aria-labelledby=\"progress\"><h2 id=\"progress\">").Text(texts.Progress).Raw("</h2>");
        page.Raw("<p class=\"sr\">").Text(TrackingProgress.Summary(order, texts)).Raw("</p><ol class=\"steps\">");
        foreach (var step in TrackingProgress.Steps(order, texts))
        {
            var (css, state) = step.State switch
            {
                StepState.Done => ("done", texts.StepDone),
                StepState.Current => ("current", texts.StepCurrent),
                _ => ("upcoming", texts.StepUpcoming),
            };
            page.Raw($"<li class=\"{css}\"").Raw(step.State == StepState.Current ? " aria-current=\"step\">" : ">")
                .Text(step.Label).Raw("<span class=\"sr\"> (").Text(state).Raw(")</span></li>");
        }

        page.Raw("</ol></section>");

        page.Raw("<dl class=\"facts\"><dt>").Text(texts.OrderedOn).Raw("</dt><dd>").Time(order.OrderedAt).Raw("</dd>");
        page.Raw("<dt>").Text(texts.UpdatedOn).Raw("</dt><dd>").Time(order.UpdatedAt).Raw("</dd></dl>");

        page.Raw("<section aria-labelledby=\"shipments\"><h2 id=\"shipments\">").Text(texts.Shipments).Raw("</h2>");
        if (order.Trackings.Count == 0)
        {
            page.Raw("<p>").Text(texts.NoShipments).Raw("</p>");
        }

        foreach (var tracking in order.Trackings)
        {
            page.Raw("<article class=\"tracking\"><h3>");
            if (tracking.Carrier is { Length: > 0 } carrier)
            {
                page.Text(carrier).Raw(" · ");
            }

            page.Text(tracking.TrackingNumber).Raw("</h3><p>").Text(texts.Lifecycle(tracking.Lifecycle)).Raw("</p>");
            if (SafeLink(tracking.TrackingUrl) is { } url)
            {
                page.Raw("<p><a href=\"").Attribute(url).Raw("\" rel=\"noopener noreferrer nofollow\">").Text(texts.TrackAtCarrier)
                    .Raw("<span class=\"sr\"> (").Text(tracking.TrackingNumber).Raw(")</span></a></p>");
            }

            page.Raw("<h4 class=\"sr\">").Text(texts.Checkpoints).Raw("</h4>");
            if (tracking.Checkpoints.Count == 0)
            {
                page.Raw("<p class=\"note\">").Text(texts.NoCheckpoints).Raw("</p>");
            }
            else
            {
                page.Raw("<ol class=\"checkpoints\" aria-label=\"").Attribute(texts.Checkpoints).Raw("\">");
                foreach (var checkpoint in tracking.Checkpoints)
                {
                    page.Raw("<li>").Time(checkpoint.OccurredAt).Raw("<span>")
                        .Text(checkpoint.StatusText is { Length: > 0 } text ? text : texts.Lifecycle(checkpoint.Status)).Raw("</span>");
                    if (checkpoint.Location is { Length: > 0 } location)
                    {
                        page.Raw(" – <span>").Text(location).Raw("</span>");
                    }

                    page.Raw("</li>");
                }

                page.Raw("</ol>");
            }

            page.Raw("</article>");
        }

        page.Raw("</section>");

        if (order.Items.Count > 0)
        {
            var prices = order.Total is not null;
            page.Raw("<section aria-labelledby=\"items\"><h2 id=\"items\">").Text(texts.Items).Raw("</h2><table><thead><tr><th scope=\"col\">")
                .Text(texts.Items).Raw("</th><th scope=\"col\" class=\"n\">").Text(texts.Quantity).Raw("</th>");
            if (prices)
            {
                page.Raw("<th scope=\"col\" class=\"n\">").Text(texts.Price).Raw("</th>");
            }

            page.Raw("</tr></thead><tbody>");
            foreach (var item in order.Items)
            {
                page.Raw("<tr><td>").Text(item.Name).Raw("</td><td class=\"n\">").Text(item.Quantity.ToString(CultureInfo.InvariantCulture)).Raw("</td>");
                if (prices)
                {
                    page.Raw("<td class=\"n\">").Text(Money(item.LineTotal, order.Currency)).Raw("</td>");
                }

                page.Raw("</tr>");
            }

            page.Raw("</tbody>");
            if (prices)
            {
                page.Raw("<tfoot><tr><th scope=\"row\" colspan=\"2\">").Text(texts.Total).Raw("</th><td class=\"n\">")
                    .Text(Money(order.Total, order.Currency)).Raw("</td></tr></tfoot>");
            }

            page.Raw("</table></section>");
        }

        if (order.Recipient is { } recipient)
        {
            page.Raw("<section aria-labelledby=\"shipto\"><h2 id=\"shipto\">").Text(texts.ShipTo).Raw("</h2><address>");
            var lines = new[]
            {
                recipient.Name, recipient.Line1, recipient.Line2,
                string.Join(' ', new[] { recipient.PostalCode, recipient.City }.Where(s => !string.IsNullOrWhiteSpace(s))),
                recipient.CountryCode, recipient.Email,
            }.Where(l => !string.IsNullOrWhiteSpace(l));
            page.Lines(lines!);
            page.Raw("</address></section>");
        }

        page.Raw("<p class=\"note\">").Text(texts.TimesInUtc).Raw("</p>");
        page.End(languageLink);
        return page.ToString();
    }

    /// <summary>The second-factor lookup form (<c>GET /track</c>), with an error when a lookup failed.</summary>
    public static string LookupForm(TrackingTexts texts, string? error, string? account, string? reference, Func<string, string?> languageLink)
    {
        var page = new PageBuilder(texts);
        page.Start(texts.LookupTitle, null);
        page.Raw("<h1>").Text(texts.LookupTitle).Raw("</h1><p>").Text(texts.LookupIntro).Raw("</p>");
        if (error is not null)
        {
            page.Raw("<p class=\"error\" role=\"alert\">").Text(error).Raw("</p>");
        }

        page.Raw("<form method=\"post\" action=\"/track\">");
        page.Raw("<input type=\"hidden\" name=\"lang\" value=\"").Attribute(texts.Language).Raw("\">");
        Field(page, "account", texts.AccountNumber, account, "numeric", "off");
        Field(page, "reference", texts.OrderNumber, reference, null, "off");
        Field(page, "factor", texts.EmailOrPostalCode, null, null, "email");
        page.Raw("<button type=\"submit\">").Text(texts.Submit).Raw("</button></form>");
        page.End(languageLink);
        return page.ToString();
    }

    /// <summary>The one page every refused lookup gets (unknown order, wrong factor, expired link …).</summary>
    public static string NotFound(TrackingTexts texts, Func<string, string?> languageLink) =>
        Message(texts, texts.NotFoundTitle, texts.NotFoundText, languageLink);

    public static string TooMany(TrackingTexts texts, int retryAfterSeconds, Func<string, string?> languageLink) =>
        Message(texts, texts.TooManyTitle, TrackingTexts.Format(texts.TooManyText, retryAfterSeconds), languageLink);

    private static string Message(TrackingTexts texts, string title, string text, Func<string, string?> languageLink)
    {
        var page = new PageBuilder(texts);
        page.Start(title, null);
        page.Raw("<h1>").Text(title).Raw("</h1><p>").Text(text).Raw("</p><p><a href=\"/track?lang=").Attribute(texts.Language).Raw("\">")
            .Text(texts.LookupTitle).Raw("</a></p>");
        page.End(languageLink);
        return page.ToString();
    }

    private static void Field(PageBuilder page, string name, string label, string? value, string? inputMode, string autocomplete)
    {
        page.Raw($"<div><label for=\"{name}\">").Text(label).Raw($"</label><input id=\"{name}\" name=\"{name}\" required maxlength=\"320\" autocomplete=\"{autocomplete}\"");
        if (inputMode is not null)
        {
            page.Raw($" inputmode=\"{inputMode}\"");
        }

        if (value is not null)
        {
            page.Raw(" value=\"").Attribute(value).Raw("\"");
        }

        page.Raw("></div>");
    }

    /// <summary>Only http(s) links to the carrier; anything else (<c>javascript:</c> …) is not linked.</summary>
    internal static string? SafeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;

    private static string Money(decimal? amount, string? currency) =>
        amount is { } value ? value.ToString("0.00##", CultureInfo.InvariantCulture) + (currency is null ? string.Empty : " " + currency) : string.Empty;

    private sealed class PageBuilder(TrackingTexts texts)
    {
        private readonly StringBuilder _html = new(8192);

        public void Start(string title, string? merchant)
        {
            Raw("<!DOCTYPE html><html lang=\"").Attribute(texts.Language).Raw("\"><head><meta charset=\"utf-8\">")
                .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .Raw("<meta name=\"robots\" content=\"noindex, nofollow\"><meta name=\"referrer\" content=\"no-referrer\"><title>")
                .Text(title).Raw("</title><style>").Raw(Css).Raw("</style></head><body>")
                .Raw("<a class=\"skip\" href=\"#main\">").Text(texts.SkipToContent).Raw("</a><header>");
            if (merchant is not null)
            {
                Raw("<p>").Text(merchant).Raw("</p>");
            }

            Raw("</header><main id=\"main\">");
        }

        public void End(Func<string, string?> languageLink)
        {
            Raw("</main><footer><nav aria-label=\"").Attribute(texts.LanguageLabel).Raw("\"><ul>");
            foreach (var language in TrackingTexts.Languages)
            {
                var other = TrackingTexts.For(language);
                if (language == texts.Language)
                {
                    Raw("<li><strong lang=\"").Attribute(language).Raw("\" aria-current=\"true\">").Text(other.LanguageName).Raw("</strong></li>");
                }
                else if (languageLink(language) is { } href)
                {
                    Raw("<li><a lang=\"").Attribute(language).Raw("\" hreflang=\"").Attribute(language).Raw("\" href=\"").Attribute(href).Raw("\">")
                        .Text(other.LanguageName).Raw("</a></li>");
                }
            }

            Raw("</ul></nav></footer></body></html>");
        }

        public PageBuilder Raw(string html)
        {
            _html.Append(html);
            return this;
        }

        public PageBuilder Text(string text)
        {
            _html.Append(Html.Encode(text));
            return this;
        }

        public PageBuilder Attribute(string value) => Text(value);

        public PageBuilder Time(DateTimeOffset value) =>
            Raw("<time datetime=\"").Raw(value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Raw("\">")
                .Text(texts.FormatDate(value)).Raw("</time>");

        public void Lines(IEnumerable<string> lines) => Raw(string.Join("<br>", lines.Select(Html.Encode)));

        public override string ToString() => _html.ToString();
    }
}
