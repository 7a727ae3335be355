using Microsoft.Extensions.Options;
using OrderStatus.Application.Access;

namespace OrderStatus.Api.Access;

/// <summary>
/// Development only: a demo merchant and client with well-known credentials (<c>Demo:ClientId</c>,
/// <c>Demo:ClientSecret</c>), so that Swagger UI's Authorize works right after cloning.
/// </summary>
internal static partial class DemoSeed
{
    public static async Task RunAsync(WebApplication app)
    {
        var demo = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OrderStatus.DemoSeed");
        await using var scope = app.Services.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<AccessAdministration>();
        var result = await access.EnsureDemoClientAsync(demo.MerchantName, demo.ClientId, demo.ClientSecret);

        var url = app.Configuration["urls"]?.Split(';')[0] ?? "http://127.0.0.1:5080";
        // Development only, on purpose: these credentials are public defaults, printed so that a
        // newcomer can paste them into Swagger UI. Real client secrets are never logged.
        LogDemoClient(logger, result.Action, demo.ClientId, demo.ClientSecret, result.MerchantId);
        LogDemoCurl(logger, $"curl -s -u '{demo.ClientId}:{demo.ClientSecret}' -d grant_type=client_credentials {url}/api/v1/auth/token");
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information,
        Message = "Demo client: {ClientId} / {ClientSecret} (merchant {MerchantId}, {Action}; Development only)")]
    private static partial void LogDemoClient(ILogger logger, DemoSeedAction action, string clientId, string clientSecret, Guid merchantId);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Try it: {Curl}")]
    private static partial void LogDemoCurl(ILogger logger, string curl);
}
