using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Webhooks;

namespace OrderStatus.Api.Tests.Webhooks;

/// <summary>Outbound safety as in Production: internal addresses are refused, by URL and after DNS resolution.</summary>
public sealed class WebhookTargetTests(WebhookTargetTests.Factory factory) : IClassFixture<WebhookTargetTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(FastWebhooks.Settings(dispatcherEnabled: false))
        {
            ["Webhooks:AllowPrivateNetworks"] = "false",
        };
    }

    [Theory]
    [InlineData("10.1.2.3", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("93.184.216.34", true)]
    [InlineData("2606:2800:220:1::1", true)]
    public void Internal_ranges_are_denied_by_default_when_private_networks_are_not_allowed(string address, bool allowed)
    {
        var targets = new WebhookTargets(Options.Create(new WebhookOptions { AllowPrivateNetworks = false }));

        Assert.Equal(allowed, targets.IsAllowed(IPAddress.Parse(address)));
    }

    [Fact]
    public void The_allow_list_opens_a_range_and_the_deny_list_always_wins()
    {
        var targets = new WebhookTargets(Options.Create(new WebhookOptions
        {
            AllowPrivateNetworks = false,
            AllowedNetworks = ["10.20.0.0/16"],
            DeniedNetworks = ["93.184.216.0/24"],
        }));
        var everything = new WebhookTargets(Options.Create(new WebhookOptions { AllowPrivateNetworks = true, DeniedNetworks = ["10.0.0.0/8"] }));

        Assert.True(targets.IsAllowed(IPAddress.Parse("10.20.1.1")));
        Assert.False(targets.IsAllowed(IPAddress.Parse("10.21.1.1")));
        Assert.False(targets.IsAllowed(IPAddress.Parse("93.184.216.34")));
        Assert.True(everything.IsAllowed(IPAddress.Parse("127.0.0.1")));
        Assert.False(everything.IsAllowed(IPAddress.Parse("10.0.0.1")));
    }

    [Fact]
    public async Task A_subscription_to_a_denied_address_literal_answers_400()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", eventTypes = EventTypes.All });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("not an allowed", problem.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_name_resolving_to_a_denied_address_is_not_connected_to()
    {
        await using var receiver = await TestReceiver.StartAsync();
        var tenant = await factory.CreateTenantAsync();
        var client = factory.CreateClientFor(tenant);
        var url = receiver.Url("inside").Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var (webhookId, _) = await FastWebhooks.SubscribeAsync(client, url);
        await TestEvents.AppendAsync(factory.Services, tenant.MerchantId, Guid.NewGuid());
        var dispatcher = ActivatorUtilities.CreateInstance<WebhookDispatcher>(factory.Services);

        await dispatcher.FanOutAsync(CancellationToken.None);
        await dispatcher.SendDueAsync(CancellationToken.None);

        Assert.Empty(receiver.Received);
        var delivery = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{webhookId}/deliveries")).GetProperty("items")[0];
        Assert.Equal("Pending", delivery.GetProperty("state").GetString());
        Assert.Contains("not an allowed delivery target", delivery.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }
}
