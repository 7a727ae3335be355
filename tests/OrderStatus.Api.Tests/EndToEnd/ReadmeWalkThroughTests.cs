using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Database;

namespace OrderStatus.Api.Tests.EndToEnd;

/// <summary>
/// The README's curl walk-through (its one <c>```bash</c> block), run as written by bash against the service on
/// a real socket, twice: it must succeed both times (its reference is unique per run) and leave two done orders.
/// Needs <c>bash</c>, <c>curl</c> and <c>jq</c> (<c>.ci/run</c> installs them when missing).
/// </summary>
public sealed class ReadmeWalkThroughTests(ReadmeWalkThroughTests.Factory factory) : IClassFixture<ReadmeWalkThroughTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory() => this.UseLoopbackKestrel();
    }

    [Fact]
    public async Task The_readme_walk_through_runs_as_written_twice()
    {
        var script = BashBlock(await File.ReadAllTextAsync(Path.Combine(DatabaseBootstrap.RepositoryRoot(AppContext.BaseDirectory), "README.md")));
        Assert.StartsWith("set -euo pipefail", script, StringComparison.Ordinal);
        var tenant = await factory.CreateTenantAsync("Walk-through merchant");
        var api = new Uri(factory.BaseAddress(), "/api/v1").ToString();

        var first = await RunAsync(script, api, tenant);
        var second = await RunAsync(script, api, tenant);

        foreach (var run in new[] { first, second })
        {
            Assert.True(run.ExitCode == 0, $"the walk-through failed (exit {run.ExitCode}):\n{run.Output}");
            var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.StartsWith("created SO-", lines[0], StringComparison.Ordinal);
            Assert.Equal(["paid", "in_fulfilment 512", "in_fulfilment 516", "delivered, version 6", "done"], lines[1..6]);
            Assert.Equal("1 ORDER_CREATED created", lines[6]);
            Assert.Equal("7 STATUS_CHANGED done", lines[^1]);
        }

        // Two orders of their own, both done: the second run did not collide with the first.
        var client = factory.CreateClientFor(tenant);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/orders?status=done");
        var references = list.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("reference").GetString()).ToList();
        Assert.Equal(2, references.Count);
        Assert.NotEqual(references[0], references[1]);
    }

    /// <summary>The README's only <c>```bash</c> block, exactly as a reader would copy it.</summary>
    private static string BashBlock(string readme)
    {
        const string Fence = "```bash\n";
        var start = readme.IndexOf(Fence, StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no ```bash block");
        Assert.True(readme.IndexOf(Fence, start + 1, StringComparison.Ordinal) < 0, "README.md has more than one ```bash block: the test runs the walk-through");
        start += Fence.Length;
        var end = readme.IndexOf("\n```", start, StringComparison.Ordinal);
        return readme[start..end] + "\n";
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string script, string api, TestTenant tenant)
    {
        var start = new ProcessStartInfo("bash", ["-s"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["API"] = api;
        start.Environment["CLIENT_ID"] = tenant.ClientId;
        start.Environment["CLIENT_SECRET"] = tenant.Secret;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(script);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The README walk-through did not finish within 90 s:\n" + await stdout + await stderr);
        }

        var errors = await stderr;
        return (process.ExitCode, await stdout + (errors.Length > 0 ? "\n[stderr]\n" + errors : string.Empty));
    }
}
