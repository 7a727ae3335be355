using System.Collections.Concurrent;
using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("OrderStatus.Api.Tests.Infrastructure.TestRunFramework", "OrderStatus.Api.Tests")]

namespace OrderStatus.Api.Tests.Infrastructure;

/// <summary>
/// xunit's own test framework with two run-wide hooks xunit 2 lacks: <see cref="Announce"/> writes one
/// line to the `dotnet test` output (through xunit's diagnostic messages, which xunit.runner.json turns
/// on), and <see cref="AtEnd"/> registers a clean-up that runs after the last test and before the run
/// reports itself finished — unlike a ProcessExit handler, which the test host may be killed during.
/// </summary>
public sealed class TestRunFramework : XunitTestFramework
{
    private static readonly ConcurrentStack<Func<Task>> EndOfRun = new();
    private static IMessageSink? _sink;

    public TestRunFramework(IMessageSink messageSink)
        : base(messageSink) => _sink = messageSink;

    /// <summary>Writes <paramref name="line"/> to the test output (stderr under a runner that did not load this framework).</summary>
    public static void Announce(string line)
    {
        if (_sink is null || !_sink.OnMessage(new DiagnosticMessage(line)))
        {
            Console.Error.WriteLine(line);
        }
    }

    /// <summary>Runs <paramref name="cleanUp"/> when the run's tests are done (last registered, first run).</summary>
    public static void AtEnd(Func<Task> cleanUp) => EndOfRun.Push(cleanUp);

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(
        ITestAssembly testAssembly,
        IEnumerable<IXunitTestCase> testCases,
        IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink,
        ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            while (EndOfRun.TryPop(out var cleanUp))
            {
                try
                {
                    await cleanUp();
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
                {
                    Announce("End-of-run clean-up failed (the next run's reaper retries): " + ex.Message);
                }
            }

            await base.BeforeTestAssemblyFinishedAsync();
        }
    }
}
