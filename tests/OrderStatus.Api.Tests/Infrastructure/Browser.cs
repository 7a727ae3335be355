using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace OrderStatus.Api.Tests.Infrastructure;

/// <summary>
/// Hosts a factory's app on Kestrel at 127.0.0.1 on a free port, so that a real browser can reach it
/// (the in-memory TestServer has no socket). Call <see cref="UseLoopbackKestrel"/> in the factory's
/// constructor, then read <see cref="BaseAddress"/>.
/// </summary>
public static class LoopbackKestrel
{
    public static void UseLoopbackKestrel<T>(this WebApplicationFactory<T> factory)
        where T : class =>
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    /// <summary>Starts the server if it is not running yet and answers its address (<c>http://127.0.0.1:PORT</c>).</summary>
    public static Uri BaseAddress<T>(this WebApplicationFactory<T> factory)
        where T : class
    {
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));
    }
}

/// <summary>
/// Headless Chromium driven by Playwright, one per test class (<c>IClassFixture&lt;BrowserFixture&gt;</c>).
/// Uses the machine's Debian <c>chromium</c> (<see cref="ExecutablePath"/>): Playwright cannot download
/// browsers here, and <c>.ci/run</c> installs the package when it is missing.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"The browser tests need Chromium at {ExecutablePath}: apt-get install chromium (.ci/run does).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A fresh context (no cookies, its own viewport and language) with one page.</summary>
    public async Task<IPage> NewPageAsync(int width, int height, string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
            JavaScriptEnabled = true,
        });
        return await context.NewPageAsync();
    }

    /// <summary>Where screenshots go: the test output, and <c>docs/</c> too when <c>ORDERSTATUS_UPDATE_SCREENSHOTS=1</c>.</summary>
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var output = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(output);
        var file = Path.Combine(output, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = fullPage });
        if (Environment.GetEnvironmentVariable("ORDERSTATUS_UPDATE_SCREENSHOTS") == "1")
        {
            var docs = Path.Combine(RepositoryRoot(), "docs", "images");
            Directory.CreateDirectory(docs);
            File.Copy(file, Path.Combine(docs, name), overwrite: true);
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrderStatus.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (OrderStatus.sln) was not found.");
    }
}
