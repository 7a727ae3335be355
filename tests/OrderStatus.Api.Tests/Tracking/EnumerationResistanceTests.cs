using System.Diagnostics;
using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace OrderStatus.Api.Tests.Tracking;

/// <summary>Timing tests run alone, so that the suite's other classes do not load the machine meanwhile.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;

/// <summary>
/// Refusals cost the same whatever their cause: the latency distributions of the causes are compared
/// (medians, quartiles, and the median of per-round paired differences over many interleaved
/// requests, which cancels drift in machine load), not single timings.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class EnumerationResistanceTests(TrackingApiFactory factory, ITestOutputHelper output) : IClassFixture<TrackingApiFactory>
{
    private const int Rounds = 150;

    [Fact]
    public async Task Refused_lookups_take_the_same_time_whatever_the_cause()
    {
        var tenant = await factory.CreateTenantAsync();
        var merchant = factory.CreateClientFor(tenant);
        var order = await ShippedOrder.CreateAsync(factory, merchant, tenant);
        var otherTenant = await factory.CreateTenantAsync("Other shop");
        var other = await ShippedOrder.CreateAsync(factory, factory.CreateClientFor(otherTenant), otherTenant);

        var expired = (await ShippedOrder.LinkAsync(merchant, order.Id, new { ttlDays = 1 })).GetProperty("s").GetString()!;
        factory.Clock.Advance(TimeSpan.FromDays(3)); // past the one-day link's expiry
        var valid = (await ShippedOrder.LinkAsync(merchant, order.Id)).GetProperty("s").GetString()!;
        var tampered = valid[..^2] + (valid[^2] == 'A' ? "B" : "A") + valid[^1];

        // Grouped by the factor the request carries: a requester knows which factor it sent, so only
        // the causes within one factor must be indistinguishable.
        var groups = new Dictionary<string, Dictionary<string, string>>
        {
            ["email"] = new()
            {
                ["unknown order"] = $"/track/{order.Account}/NO-{Guid.NewGuid():N}/status.json?email={ShippedOrder.Email}",
                ["wrong e-mail"] = $"{order.Path}/status.json?email=someone.else@example.com",
                ["other merchant's order"] = $"/track/{order.Account}/{other.Reference}/status.json?email={ShippedOrder.Email}",
                ["unknown account"] = $"/track/987654321/{order.Reference}/status.json?email={ShippedOrder.Email}",
            },
            ["link"] = new()
            {
                ["expired link"] = $"{order.Path}/status.json?s={expired}",
                ["tampered link"] = $"{order.Path}/status.json?s={tampered}",
                ["link for another order"] = $"{other.Path}/status.json?s={valid}",
                ["unknown order"] = $"/track/{order.Account}/NO-{Guid.NewGuid():N}/status.json?s={valid}",
            },
        };

        var client = factory.CreateClient();
        foreach (var (factor, causes) in groups)
        {
            var samples = causes.Keys.ToDictionary(k => k, _ => new List<double>());
            var paths = causes.ToList();
            for (var round = -20; round < Rounds; round++)
            {
                // Every cause once per round, in a new order each round.
                foreach (var (cause, path) in paths.OrderBy(_ => Random.Shared.Next()))
                {
                    var watch = Stopwatch.StartNew();
                    using var response = await client.GetAsync(path);
                    await response.Content.ReadAsByteArrayAsync();
                    watch.Stop();
                    Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                    if (round >= 0)
                    {
                        samples[cause].Add(watch.Elapsed.TotalMilliseconds);
                    }
                }
            }

            var stats = samples.ToDictionary(s => s.Key, s => Describe(s.Value));
            foreach (var (cause, (q1, median, q3)) in stats)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{factor,-6} {cause,-24} median {median:0.000} ms  IQR {q1:0.000}–{q3:0.000} ms  (n={Rounds})"));
            }

            var typical = stats.Values.Average(s => s.Median);
            var names = samples.Keys.ToList();
            var worst = 0.0;
            var noise = 0.0;
            for (var a = 0; a < names.Count; a++)
            {
                for (var b = a + 1; b < names.Count; b++)
                {
                    // Measured in the same round, two causes share whatever load the machine had then.
                    var differences = Describe([.. samples[names[a]].Zip(samples[names[b]], (x, y) => x - y)]);
                    var paired = differences.Median;
                    // Standard error of a median, with σ estimated from the interquartile range (robust to outliers).
                    var standardError = 1.2533 * ((differences.Q3 - differences.Q1) / 1.349) / Math.Sqrt(Rounds);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{factor,-6} {names[a]} − {names[b]}: median paired difference {paired:+0.000;-0.000} ms (standard error {standardError:0.000} ms)"));
                    worst = Math.Max(worst, Math.Abs(paired));
                    noise = Math.Max(noise, standardError);
                }
            }

            // One extra database round trip or a deliberate delay is ≥ 0.3 ms on a quiet machine; on a
            // loaded one, a difference must also stand out of the measurement's own noise (3 standard errors).
            var allowed = Math.Max(Math.Max(0.25, 0.1 * typical), 3 * noise);
            Assert.True(worst <= allowed,
                string.Create(CultureInfo.InvariantCulture, $"{factor}: causes differ by {worst:0.000} ms in the median (allowed {allowed:0.000} ms)"));
            // Every cause's middle half overlaps every other's: the distributions are not apart.
            Assert.True(stats.Values.Max(s => s.Q1) <= stats.Values.Min(s => s.Q3), $"{factor}: the interquartile ranges do not overlap");
        }
    }

    private static (double Q1, double Median, double Q3) Describe(List<double> values)
    {
        var sorted = values.Order().ToList();
        double At(double p) => sorted[(int)Math.Round(p * (sorted.Count - 1))];
        return (At(0.25), At(0.5), At(0.75));
    }
}

/// <summary>A low limit on failed lookups: the fourth failure from one IP within a minute is refused with 429 and Retry-After.</summary>
public sealed class FailedLookupLimitTests(FailedLookupLimitTests.Factory factory) : IClassFixture<FailedLookupLimitTests.Factory>
{
    public sealed class Factory : TrackingApiFactory
    {
        protected override int FailedLookupsPerMinute => 3;
    }

    [Fact]
    public async Task Failed_lookups_are_limited_per_client_ip_and_successes_do_not_count()
    {
        var tenant = await factory.CreateTenantAsync();
        var merchant = factory.CreateClientFor(tenant);
        var order = await ShippedOrder.CreateAsync(factory, merchant, tenant);
        var client = factory.CreateClient();
        var good = $"{order.Path}/status.json?email={ShippedOrder.Email}";

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(good)).StatusCode);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{order.Path}/status.json?email=guess{i}@example.com")).StatusCode);
        }

        foreach (var path in new[] { good, $"{order.Path}?email={ShippedOrder.Email}", $"{order.Path}/widget.svg?email={ShippedOrder.Email}" })
        {
            var throttled = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
            var retryAfter = int.Parse(throttled.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 60);
        }

        var json = await client.GetAsync(good);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"code\":\"rate_limited\"", await json.Content.ReadAsStringAsync());

        // The merchant's own API is not affected.
        Assert.Equal(HttpStatusCode.OK, (await merchant.GetAsync($"/api/v1/orders/{order.Id}")).StatusCode);
    }
}
