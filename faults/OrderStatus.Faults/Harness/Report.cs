using System.Globalization;
using System.Text;

namespace OrderStatus.Faults.Harness;

/// <summary>Checks and figures per scenario, written as faults/results/&lt;date&gt;.md.</summary>
public sealed class Report
{
    private readonly List<ScenarioResult> _scenarios = [];
    private ScenarioResult? _current;

    public bool Passed => _scenarios.All(s => s.Passed);

    public int FailedChecks => _scenarios.Sum(s => s.Checks.Count(c => !c.Passed));

    public void BeginScenario(string id, string title)
    {
        _current = new ScenarioResult(id, title);
        _scenarios.Add(_current);
    }

    public void EndScenario(TimeSpan elapsed)
    {
        if (_current is not null)
        {
            _current.Elapsed = elapsed;
        }

        _current = null;
    }

    /// <summary>A pass/fail check with the figure that decided it.</summary>
    public bool Check(string what, bool passed, string figure)
    {
        Current.Checks.Add(new CheckResult(what, passed, figure));
        Console.Error.WriteLine($"    {(passed ? "ok  " : "FAIL")} {what}: {figure}");
        return passed;
    }

    /// <summary>A measured figure that is not a pass/fail check.</summary>
    public void Figure(string what, string value)
    {
        Current.Figures.Add((what, value));
        Console.Error.WriteLine($"    --   {what}: {value}");
    }

    private ScenarioResult Current => _current ?? throw new InvalidOperationException("No scenario is running");

    public string ToMarkdown(Options options, TimeSpan elapsed, string commit)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"# Fault suite results — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(inv, $"Commit `{commit}`, mode **{(options.Smoke ? "smoke" : "full")}**, {Environment.ProcessorCount} cores, total {elapsed.TotalMinutes:0.0} min. " +
                             $"Result: **{(Passed ? "every check passed" : $"{FailedChecks} check(s) failed")}**.");
        text.AppendLine();
        text.AppendLine("| scenario | checks | time |");
        text.AppendLine("|---|---|---|");
        foreach (var s in _scenarios)
        {
            text.AppendLine(inv, $"| {s.Id} {s.Title} | {s.Checks.Count(c => c.Passed)}/{s.Checks.Count} {(s.Passed ? "passed" : "**FAILED**")} | {s.Elapsed.TotalSeconds:0} s |");
        }

        foreach (var s in _scenarios)
        {
            text.AppendLine();
            text.AppendLine(inv, $"## {s.Id} — {s.Title}");
            text.AppendLine();
            if (s.Figures.Count > 0)
            {
                foreach (var (what, value) in s.Figures)
                {
                    text.AppendLine(inv, $"- {what}: {value}");
                }

                text.AppendLine();
            }

            text.AppendLine("| check | result | figure |");
            text.AppendLine("|---|---|---|");
            foreach (var c in s.Checks)
            {
                text.AppendLine(inv, $"| {Escape(c.What)} | {(c.Passed ? "pass" : "**FAIL**")} | {Escape(c.Figure)} |");
            }
        }

        return text.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private sealed class ScenarioResult(string id, string title)
    {
        public string Id { get; } = id;

        public string Title { get; } = title;

        public List<CheckResult> Checks { get; } = [];

        public List<(string What, string Value)> Figures { get; } = [];

        public TimeSpan Elapsed { get; set; }

        public bool Passed => Checks.All(c => c.Passed);
    }

    private sealed record CheckResult(string What, bool Passed, string Figure);
}
