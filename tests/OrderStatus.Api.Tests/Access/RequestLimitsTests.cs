using System.Net;
using System.Text;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Access;

public sealed class RateLimitedApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:PermitsPerSecond"] = "1",
        ["RateLimiting:Burst"] = "3",
        ["Limits:MaxRequestBodyBytes"] = "4096",
    };
}

public sealed class RequestLimitsTests(RateLimitedApiFactory factory) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task A_client_over_its_rate_gets_429_problem_json_with_retry_after_and_others_are_unaffected()
    {
        var busy = await factory.CreateTenantAsync("Busy");
        var quiet = await factory.CreateTenantAsync("Quiet");
        var client = factory.CreateClientFor(busy);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await client.GetAsync("/api/v1/me");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        Assert.NotNull(limited);
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) >= 3, string.Join(",", statuses));
        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClientFor(quiet).GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_answers_413_problem_json()
    {
        var json = "{\"grant_type\": \"client_credentials\", \"padding\": \"" + new string('x', 8192) + "\"}";

        var response = await factory.CreateClient().PostAsync("/api/v1/auth/token", new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_answers_413_problem_json()
    {
        var json = "{\"grant_type\": \"client_credentials\", \"padding\": \"" + new string('x', 8192) + "\"}";
        var content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");

        var response = await factory.CreateClient().PostAsync("/api/v1/auth/token", content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}

public sealed class UnlimitedApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:Enabled"] = "false",
        ["RateLimiting:PermitsPerSecond"] = "1",
        ["RateLimiting:Burst"] = "1",
    };
}

public sealed class RateLimitingSwitchedOffTests(UnlimitedApiFactory factory) : IClassFixture<UnlimitedApiFactory>
{
    [Fact]
    public async Task With_rate_limiting_disabled_no_request_is_refused()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        }
    }
}
