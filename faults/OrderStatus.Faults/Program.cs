using System.Diagnostics;
using System.Runtime.InteropServices;
using OrderStatus.Faults;
using OrderStatus.Faults.Harness;
using OrderStatus.Faults.Scenarios;

// The fault suite's driver. faults/run.sh builds the service and this driver, then runs:
//   OrderStatus.Faults --app <published service> --work <dir> --out <results.md> [--smoke] [--only crash,db,...]
var options = Options.Parse(args);
Directory.CreateDirectory(options.WorkDirectory);
var pidFile = Path.Combine(options.WorkDirectory, "pids");
using var processes = new Processes(pidFile);
var report = new Report();
var suite = new Suite(options, processes, report);
var total = Stopwatch.StartNew();

// Ctrl-C / SIGTERM: stop everything started so far (the script's trap does it again by PID).
using var interrupted = new CancellationTokenSource();
void Interrupt(PosixSignalContext context)
{
    context.Cancel = true;
    suite.Log("interrupted: stopping every process the suite started");
    processes.Dispose();
    Environment.Exit(130);
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);

await suite.Database.InitAsync();
await using var receiver = await Receiver.StartAsync();
suite.Receiver = receiver;
try
{
    // The first start migrates the database; later starts find it migrated.
    var migrate = await Processes.RunAsync("dotnet", [Path.Combine(options.AppDirectory, "OrderStatus.Api.dll"), "migrate"],
        new Dictionary<string, string>(suite.BaseSettings));
    if (migrate.ExitCode != 0)
    {
        throw new InvalidOperationException("migrate failed: " + migrate.Output);
    }

    if (options.Runs("crash"))
    {
        await suite.RunScenarioAsync("F1", "Crash under write load", () => CrashScenario.RunAsync(suite, receiver));
    }

    if (options.Runs("db"))
    {
        await suite.RunScenarioAsync("F2a", "Database down", () => DatabaseDownScenario.RunOutageAsync(suite));
        if (!options.Smoke)
        {
            await suite.RunScenarioAsync("F2b", "Connection pool exhausted", () => DatabaseDownScenario.RunPoolExhaustedAsync(suite));
        }
    }

    if (options.Runs("replicas"))
    {
        foreach (var count in options.Smoke ? [2] : new[] { 2, 3 })
        {
            await suite.RunScenarioAsync($"F3-{count}", $"{count} replicas behind HAProxy", () => ReplicasScenario.RunAsync(suite, receiver, count));
        }
    }

    if (options.Runs("input"))
    {
        await suite.RunScenarioAsync("F4", "Bad input at scale", () => BadInputScenario.RunAsync(suite));
    }

    if (options.Runs("tenants"))
    {
        await suite.RunScenarioAsync("F5", "Tenant matrix", () => TenantMatrixScenario.RunAsync(suite));
    }

    if (options.Runs("abuse"))
    {
        await suite.RunScenarioAsync("F6", "Resource abuse", () => AbuseScenario.RunAsync(suite));
    }
}
finally
{
    processes.Dispose();
    try
    {
        await suite.Database.StopAsync();
    }
    catch (InvalidOperationException)
    {
        // Already stopped.
    }
}

var commit = (await Processes.RunAsync("git", ["-C", options.RepositoryRoot, "rev-parse", "--short", "HEAD"])).Output.Trim();
Directory.CreateDirectory(Path.GetDirectoryName(options.OutputFile)!);
await File.WriteAllTextAsync(options.OutputFile, report.ToMarkdown(options, total.Elapsed, commit));
suite.Log($"results: {options.OutputFile} — {(report.Passed ? "every check passed" : $"{report.FailedChecks} check(s) failed")} in {total.Elapsed.TotalMinutes:0.0} min");
return report.Passed ? 0 : 1;
