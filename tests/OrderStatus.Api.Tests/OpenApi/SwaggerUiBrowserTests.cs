using Microsoft.Playwright;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.OpenApi;

/// <summary>The API on a real socket, for the browser.</summary>
public sealed class BrowserApiFactory : ApiFactory
{
    public BrowserApiFactory() => this.UseLoopbackKestrel();
}

/// <summary>
/// Swagger UI as a new user meets it, in headless Chromium: "Try it out" on create-order without credentials shows
/// the 401 in the page and opens no login dialog (no <c>WWW-Authenticate: Basic</c>); the header parameters are
/// there to fill in; no model shows <c>additionalProp1</c>. After Authorize with Basic credentials, "Execute" with the
/// example body creates the order (201), and again after a reload (the example's reference is new per document).
/// Screenshot: <c>ORDERSTATUS_UPDATE_SCREENSHOTS=1</c> writes docs/images/swagger-ui.png.
/// </summary>
public sealed class SwaggerUiBrowserTests(BrowserApiFactory factory, BrowserFixture browser)
    : IClassFixture<BrowserApiFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Try_it_out_without_credentials_shows_401_in_the_page_without_a_login_dialog()
    {
        var page = await browser.NewPageAsync(1280, 1800);
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) => dialogs.Add(dialog.Type + ": " + dialog.Message);

        await page.GotoAsync(new Uri(factory.BaseAddress(), "/swagger/index.html").ToString());
        var operation = page.Locator("#operations-Orders-CreateOrder");
        await operation.Locator(".opblock-summary").First.ClickAsync();
        await operation.Locator("button.try-out__btn").ClickAsync();

        // The documented headers can be filled in.
        var idempotencyKey = operation.Locator("tr[data-param-name='Idempotency-Key']");
        await idempotencyKey.WaitForAsync();
        Assert.True(await idempotencyKey.IsVisibleAsync());
        Assert.True(await operation.Locator("tr[data-param-name='X-Request-Id']").IsVisibleAsync());
        // Not pre-filled: a shared key would replay someone else's answer.
        Assert.Equal(string.Empty, await idempotencyKey.Locator("input").InputValueAsync());

        var answer = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/v1/orders", StringComparison.Ordinal) && r.Request.Method == "POST");
        await operation.Locator("button.execute").ClickAsync();
        var response = await answer;
        Assert.Equal(401, response.Status);
        var challenge = await response.HeaderValueAsync("www-authenticate") ?? string.Empty;
        Assert.DoesNotContain("basic", challenge, StringComparison.OrdinalIgnoreCase);

        var status = operation.Locator(".live-responses-table .response .response-col_status").First;
        await status.WaitForAsync();
        Assert.Equal("401", (await status.InnerTextAsync()).Trim().Split(['\n', ' '])[0]);
        Assert.Contains("\"code\"", await operation.Locator(".live-responses-table .response .response-col_description").First.InnerTextAsync());
        Assert.Empty(dialogs);

        // The request body's and the responses' example values and schemas.
        var text = await operation.InnerTextAsync();
        Assert.Contains("requestId", text);
        Assert.DoesNotContain("additionalProp", text);
        foreach (var schemaTab in await operation.GetByRole(AriaRole.Tab, new() { Name = "Schema" }).AllAsync())
        {
            await schemaTab.ClickAsync();
        }

        Assert.DoesNotContain("additionalProp", await operation.InnerTextAsync());
        await operation.GetByRole(AriaRole.Tab, new() { Name = "Example Value" }).First.ClickAsync();
        await operation.ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "swagger-ui.png", fullPage: false);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Authorize_with_basic_credentials_then_execute_create_order_answers_201_twice_across_a_reload()
    {
        // What a newcomer pastes in: an API client's id and secret (in Development the demo client's; the same code path).
        var tenant = await factory.CreateTenantAsync("Swagger UI newcomer");
        var page = await browser.NewPageAsync(1280, 1800);
        var dialogs = new List<string>();
        var challenges = new List<string>();
        page.Dialog += (_, dialog) => dialogs.Add(dialog.Type + ": " + dialog.Message);
        page.Response += (_, response) =>
        {
            if (response.Headers.TryGetValue("www-authenticate", out var challenge) && challenge.Contains("basic", StringComparison.OrdinalIgnoreCase))
            {
                challenges.Add(response.Url);
            }
        };

        await page.GotoAsync(new Uri(factory.BaseAddress(), "/swagger/index.html").ToString());
        await page.Locator(".auth-wrapper button.authorize").ClickAsync();
        var basic = page.Locator(".auth-container").Filter(new() { Has = page.Locator("input[name='username']") });
        await basic.Locator("input[name='username']").FillAsync(tenant.ClientId);
        await basic.Locator("input[name='password']").FillAsync(tenant.Secret);
        await basic.Locator("button.authorize").ClickAsync();
        await page.Locator(".dialog-ux button.close-modal").ClickAsync();

        var first = await ExecuteCreateOrderAsync(page);
        Assert.StartsWith("Basic ", first.Authorization);

        // Persisted authorization (EnablePersistAuthorization) and a fresh example: no login again, no 409.
        await page.ReloadAsync();
        var second = await ExecuteCreateOrderAsync(page);
        Assert.StartsWith("Basic ", second.Authorization);
        Assert.NotEqual(first.Reference, second.Reference);

        Assert.Empty(dialogs);
        Assert.Empty(challenges);
        await page.Context.CloseAsync();
    }

    /// <summary>Try it out → Execute on create-order with the pre-filled example; asserts 201 in the response panel.</summary>
    private static async Task<(string? Authorization, string? Reference)> ExecuteCreateOrderAsync(IPage page)
    {
        var operation = page.Locator("#operations-Orders-CreateOrder");
        await operation.Locator(".opblock-summary").First.ClickAsync();
        await operation.Locator("button.try-out__btn").ClickAsync();
        var answer = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/v1/orders", StringComparison.Ordinal) && r.Request.Method == "POST");
        await operation.Locator("button.execute").ClickAsync();
        var response = await answer;
        Assert.Equal(201, response.Status);

        var status = operation.Locator(".live-responses-table .response .response-col_status").First;
        await status.WaitForAsync();
        Assert.Equal("201", (await status.InnerTextAsync()).Trim().Split(['\n', ' '])[0]);
        var body = System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(await response.TextAsync());
        return (await response.Request.HeaderValueAsync("authorization"), body.GetProperty("reference").GetString());
    }
}
