namespace OrderStatus.Faults;

/// <summary>Command-line options of the driver (faults/run.sh passes them).</summary>
public sealed record Options(string AppDirectory, string WorkDirectory, string OutputFile, string RepositoryRoot, bool Smoke, IReadOnlySet<string>? Only)
{
    public static readonly string[] Scenarios = ["crash", "db", "replicas", "input", "tenants", "abuse"];

    /// <summary>The smoke mode's scenarios (CI, under 3 minutes) unless --only names others.</summary>
    public static readonly string[] SmokeScenarios = ["crash", "db", "input", "tenants"];

    public bool Runs(string scenario) => Only?.Contains(scenario) ?? (!Smoke || SmokeScenarios.Contains(scenario));

    public static Options Parse(string[] args)
    {
        string? app = null, work = null, output = null, root = null;
        var smoke = false;
        HashSet<string>? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--app": app = args[++i]; break;
                case "--work": work = args[++i]; break;
                case "--out": output = args[++i]; break;
                case "--repo": root = args[++i]; break;
                case "--smoke": smoke = true; break;
                case "--only":
                    only = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    if (only.FirstOrDefault(s => !Scenarios.Contains(s)) is { } unknown)
                    {
                        throw new ArgumentException($"unknown scenario '{unknown}' (known: {string.Join(", ", Scenarios)})");
                    }

                    break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        return new Options(
            Path.GetFullPath(app ?? throw new ArgumentException("--app is required")),
            Path.GetFullPath(work ?? throw new ArgumentException("--work is required")),
            Path.GetFullPath(output ?? throw new ArgumentException("--out is required")),
            Path.GetFullPath(root ?? "."),
            smoke,
            only);
    }
}
