using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Tracking;

/// <summary>The tracking app on a real socket, for the browser.</summary>
public sealed class BrowserTrackingFactory : TrackingApiFactory
{
    public BrowserTrackingFactory() => this.UseLoopbackKestrel();
}

/// <summary>
/// What a customer sees in headless Chromium: the status page at phone and desktop widths, in their
/// language, without anything private, hostile merchant text shown as text, the widget in an
/// <c>&lt;img&gt;</c>, the lookup form without JavaScript, and no accessibility violations (axe-core).
/// </summary>
public sealed class TrackingBrowserTests(BrowserTrackingFactory factory, BrowserFixture browser)
    : IClassFixture<BrowserTrackingFactory>, IClassFixture<BrowserFixture>
{
    private const string Hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">";

    [Theory]
    [InlineData(320, 640, "phone-320")]
    [InlineData(390, 844, "phone")]
    [InlineData(1280, 900, "desktop")]
    public async Task The_status_page_shows_status_steps_and_checkpoints_at_every_width(int width, int height, string name)
    {
        var (order, url) = await ShippedWithLinkAsync();
        var page = await browser.NewPageAsync(width, height);

        var response = await page.GotoAsync(url);
        Assert.Equal(200, response!.Status);
        Assert.Equal($"Order {order.Reference}", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Shipped · Out for delivery", await page.Locator(".status").InnerTextAsync());

        var steps = page.Locator("ol.steps > li");
        Assert.Equal(4, await steps.CountAsync());
        Assert.Equal("step", await steps.Nth(2).GetAttributeAsync("aria-current"));
        Assert.True(await steps.Nth(2).IsVisibleAsync());
        var checkpoints = await page.Locator("ol.checkpoints > li").AllInnerTextsAsync();
        Assert.Equal(3, checkpoints.Count);
        Assert.Contains("Out for delivery", checkpoints[0]);
        Assert.Contains("Label created", checkpoints[2]);
        Assert.True(await page.GetByText(order.TrackingNumber).First.IsVisibleAsync());
        Assert.True(await page.GetByRole(AriaRole.Link, new() { Name = "Track at the carrier" }).IsVisibleAsync());

        // Nothing wider than the screen: no sideways scrolling on a phone.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            "the page scrolls sideways at " + width + " px");
        // The steps stack on narrow screens and sit in a row on wide ones.
        var first = await steps.Nth(0).BoundingBoxAsync();
        var second = await steps.Nth(1).BoundingBoxAsync();
        Assert.True(width < 480 ? second!.Y > first!.Y : Math.Abs(second!.Y - first!.Y) < 1, $"step layout at {width} px");

        var text = await page.Locator("body").InnerTextAsync();
        foreach (var secret in new[] { ShippedOrder.Note, ShippedOrder.PaymentReference, "gift wrap", "+44 20 7946", "9.95" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }

        await BrowserFixture.ScreenshotAsync(page, $"tracking-{name}.png");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_page_follows_the_browsers_language_and_its_language_links_keep_the_link()
    {
        var (order, url) = await ShippedWithLinkAsync();
        var page = await browser.NewPageAsync(390, 844, locale: "de-DE");
        await page.GotoAsync(url);
        Assert.Equal("de", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal($"Bestellung {order.Reference}", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Versandt", await page.Locator(".status").InnerTextAsync());
        Assert.Equal("Zugestellt", (await page.Locator("ol.steps > li").Nth(3).InnerTextAsync()).Split('(')[0].Trim());

        await page.GetByRole(AriaRole.Link, new() { Name = "Čeština" }).ClickAsync();
        Assert.Equal("cs", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal($"Objednávka {order.Reference}", await page.Locator("h1").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Hostile_merchant_text_is_shown_as_text_and_never_runs()
    {
        var tenant = await factory.CreateTenantAsync("Shop " + Hostile);
        var merchant = factory.CreateClientFor(tenant);
        var order = await ShippedOrder.CreateAsync(factory, merchant, tenant, itemName: Hostile, statusText: Hostile, merchantCheckpointLocation: Hostile);
        var s = (await ShippedOrder.LinkAsync(merchant, order.Id)).GetProperty("s").GetString()!;
        var page = await browser.NewPageAsync(1280, 900);
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };

        await page.GotoAsync($"{factory.BaseAddress()}{order.Path.TrimStart('/')}?s={s}");
        Assert.Null(await page.EvaluateAsync<int?>("window.__pwned ?? null"));
        Assert.Equal(0, dialogs);
        Assert.Equal(0, await page.Locator("main script, main img").CountAsync());
        Assert.True(await page.GetByText(Hostile, new() { Exact = true }).First.IsVisibleAsync());
        Assert.Contains(Hostile, await page.Locator("header").InnerTextAsync());

        await page.GotoAsync($"{factory.BaseAddress()}{order.Path.TrimStart('/')}/widget.svg?s={s}");
        Assert.Null(await page.EvaluateAsync<int?>("window.__pwned ?? null"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_widget_renders_in_an_img_and_says_where_the_order_is()
    {
        var (order, url) = await ShippedWithLinkAsync();
        var widget = url.Replace("?s=", "/widget.svg?s=", StringComparison.Ordinal);
        var page = await browser.NewPageAsync(600, 220);
        await page.GotoAsync(factory.BaseAddress().ToString());
        await page.SetContentAsync($"<!DOCTYPE html><html lang=\"en\"><body style=\"margin:20px\"><img id=\"w\" src=\"{widget}\" alt=\"Order status\"></body></html>");
        var img = page.Locator("#w");
        await page.WaitForFunctionAsync("document.getElementById('w').complete");
        Assert.Equal(520, await img.EvaluateAsync<int>("i => i.naturalWidth"));
        Assert.Equal(150, await img.EvaluateAsync<int>("i => i.naturalHeight"));

        await page.SetViewportSizeAsync(520, 150);
        await page.GotoAsync(widget);
        Assert.Equal($"Order {order.Reference} – Shipped", await page.Locator("svg title").TextContentAsync());
        Assert.Contains("Step 3 of 4: Shipped", await page.Locator("svg desc").TextContentAsync());
        await BrowserFixture.ScreenshotAsync(page, "tracking-widget.png", fullPage: false);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_lookup_form_finds_the_order_without_javascript_and_shows_less_with_a_postal_code()
    {
        var tenant = await factory.CreateTenantAsync();
        var merchant = factory.CreateClientFor(tenant);
        var order = await ShippedOrder.CreateAsync(factory, merchant, tenant);
        var context = await browser.Browser.NewContextAsync(new() { JavaScriptEnabled = false, ViewportSize = new() { Width = 360, Height = 740 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{factory.BaseAddress()}track");
        await page.GetByLabel("Shop account number").FillAsync(order.Account.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Order number").FillAsync(order.Reference);
        await page.GetByLabel("E-mail or postal code").FillAsync("nobody@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show status" }).ClickAsync();
        Assert.True(await page.GetByRole(AriaRole.Alert).IsVisibleAsync());

        await page.GetByLabel("E-mail or postal code").FillAsync("n1 9gu");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show status" }).ClickAsync();
        Assert.Equal($"Order {order.Reference}", await page.Locator("h1").InnerTextAsync());
        var text = await page.Locator("body").InnerTextAsync();
        Assert.Contains("London", text);
        Assert.DoesNotContain(ShippedOrder.Street, text);
        Assert.DoesNotContain("lovelace@", text, StringComparison.OrdinalIgnoreCase);
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_pages_have_no_accessibility_violations()
    {
        var (_, url) = await ShippedWithLinkAsync();
        var context = await browser.Browser.NewContextAsync(new() { BypassCSP = true, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        foreach (var address in new[] { url, $"{factory.BaseAddress()}track", url + "x" })
        {
            await page.GotoAsync(address);
            var result = await page.RunAxe();
            Assert.True(result.Violations.Length == 0,
                address + ": " + string.Join("; ", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
        }

        await context.CloseAsync();
    }

    private async Task<(ShippedOrder Order, string Url)> ShippedWithLinkAsync()
    {
        var tenant = await factory.CreateTenantAsync("Lovelace Tea Co.");
        var merchant = factory.CreateClientFor(tenant);
        var order = await ShippedOrder.CreateAsync(factory, merchant, tenant);
        var link = await ShippedOrder.LinkAsync(merchant, order.Id);
        var url = new Uri(link.GetProperty("url").GetString()!);
        return (order, new Uri(factory.BaseAddress(), url.PathAndQuery).ToString());
    }
}
