using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderStatus.Api.Cli;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.CustomerTracking;

namespace OrderStatus.Api.Tests.Tracking;

/// <summary>The app with every log event captured.</summary>
public sealed class LoggedTrackingFactory : TrackingApiFactory
{
    public CapturedLogs Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Logs:MinimumLevel"] = "Verbose",
    };

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        base.ConfigureTestServices(services);
        Logs.AddTo(services);
    }
}

/// <summary>The tracking secret: sealed at rest, never logged, rotated by the operator command line.</summary>
public sealed class TrackingSecretTests(LoggedTrackingFactory factory) : IClassFixture<LoggedTrackingFactory>
{
    [Fact]
    public async Task The_secret_is_stored_sealed_and_appears_in_no_log_message()
    {
        var tenant = await factory.CreateTenantAsync();
        var merchant = factory.CreateClientFor(tenant);
        var order = await ShippedOrder.CreateAsync(factory, merchant, tenant);
        var s = (await ShippedOrder.LinkAsync(merchant, order.Id)).GetProperty("s").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync($"{order.Path}?s={s}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync($"{order.Path}?s={s[..^1]}x")).StatusCode);

        byte[] stored;
        await using (var connection = new NpgsqlConnection(factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT secret FROM merchant_tracking_settings WHERE merchant_id = @m", connection);
            command.Parameters.AddWithValue("m", tenant.MerchantId);
            stored = (byte[])(await command.ExecuteScalarAsync())!;
        }

        var secret = await factory.Services.GetRequiredService<TrackingSecretProtector>().UnsealAsync(stored, CancellationToken.None);
        Assert.NotNull(secret);
        Assert.Equal(32, secret.Length);
        // What is stored is not the secret, nor does it contain it.
        Assert.False(stored.AsSpan().IndexOf(secret) >= 0);
        // The secret does sign the link (so the unsealed value is the real one).
        Assert.True(TrackingLinks.Verify(secret, tenant.MerchantId, Guid.Parse(order.Id), s));

        var forms = new[] { Convert.ToBase64String(secret), Convert.ToHexString(secret), Convert.ToHexStringLower(secret), System.Buffers.Text.Base64Url.EncodeToString(secret) };
        Assert.NotEmpty(factory.Logs.Messages);
        foreach (var form in forms)
        {
            Assert.DoesNotContain(factory.Logs.Messages, m => m.Contains(form, StringComparison.Ordinal));
        }

        // A value sealed under another key is refused, not misread.
        Assert.Null(await new TrackingSecretProtector(new FixedKey(new byte[32])).UnsealAsync(stored, CancellationToken.None));
        stored[^1] ^= 1;
        Assert.Null(await factory.Services.GetRequiredService<TrackingSecretProtector>().UnsealAsync(stored, CancellationToken.None));
    }

    [Fact]
    public async Task The_operator_rotates_a_merchants_secret_from_the_command_line()
    {
        var tenant = await factory.CreateTenantAsync();
        var merchant = factory.CreateClientFor(tenant);
        var order = await ShippedOrder.CreateAsync(factory, merchant, tenant);
        var s = (await ShippedOrder.LinkAsync(merchant, order.Id)).GetProperty("s").GetString()!;

        var (exit, stdout, _) = await RunAsync("tracking", "rotate-secret", "--merchant", tenant.MerchantId.ToString(), "--grace-minutes", "15", "--json");
        Assert.Equal(0, exit);
        var rotated = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(tenant.MerchantId, rotated.GetProperty("merchantId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync($"{order.Path}/status.json?s={s}")).StatusCode);

        (exit, stdout, _) = await RunAsync("tracking", "rotate-secret", "--merchant", tenant.MerchantId.ToString());
        Assert.Equal(0, exit);
        Assert.Contains("earlier links no longer work", stdout);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync($"{order.Path}/status.json?s={s}")).StatusCode);

        var (unknown, _, error) = await RunAsync("tracking", "rotate-secret", "--merchant", Guid.NewGuid().ToString());
        Assert.Equal(1, unknown);
        Assert.Contains("no merchant", error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, (await RunAsync("tracking", "rotate-secret", "--merchant", tenant.MerchantId.ToString(), "--grace-minutes", "99999")).Exit);
        Assert.NotEqual(0, (await RunAsync("tracking", "rotate-secret")).Exit);
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await OperatorCommands.RunAsync(factory.Services, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private sealed class FixedKey(byte[] key) : ITrackingKeyProvider
    {
        public ValueTask<byte[]> GetKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(key);
    }
}
