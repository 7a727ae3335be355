using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrderStatus.Api.Tests.Infrastructure;
using Serilog.Events;

namespace OrderStatus.Api.Tests.Foundation;

/// <summary>
/// Data Protection is off on purpose (ADR 0015): no key ring is created at start-up, so there is no
/// "No XML encryptor configured" warning and no key file in a directory only one replica sees.
/// </summary>
public sealed class DataProtectionTests(DataProtectionTests.Factory factory) : IClassFixture<DataProtectionTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public CapturedLogs Logs { get; } = new();

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Logs:MinimumLevel"] = "Debug",
        };

        protected override void ConfigureTestServices(IServiceCollection services) => Logs.AddTo(services);
    }

    [Fact]
    public async Task Start_up_creates_no_key_ring_and_logs_no_data_protection_warning()
    {
        var tenant = await factory.CreateTenantAsync();
        var response = await factory.CreateClientFor(tenant).GetAsync("/api/v1/orders");
        response.EnsureSuccessStatusCode();

        var dataProtection = factory.Logs.Events
            .Where(e => CapturedLogs.Source(e).StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal))
            .Where(e => e.Level >= LogEventLevel.Warning)
            .Select(e => e.RenderMessage())
            .ToList();
        Assert.Empty(dataProtection);
        Assert.DoesNotContain(factory.Services.GetServices<IHostedService>(), s => s.GetType().Namespace?.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void The_provider_is_in_memory_only()
    {
        var provider = factory.Services.GetRequiredService<IDataProtectionProvider>();
        Assert.IsType<EphemeralDataProtectionProvider>(provider);

        // It still works within the process, so a library that protects something in passing does not fail.
        var protector = provider.CreateProtector("test");
        Assert.Equal("payload", protector.Unprotect(protector.Protect("payload")));
    }
}
