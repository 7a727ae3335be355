using System.Diagnostics;

namespace OrderStatus.Application.Database;

/// <summary>Finds the PostgreSQL server binaries (initdb, pg_ctl, postgres) on this machine.</summary>
public static class PostgresBinaries
{
    private static readonly string[] Required = ["initdb", "pg_ctl", "postgres"];

    /// <summary>
    /// Looks in, in order: the configured directory, <c>pg_config --bindir</c>, Debian's
    /// <c>/usr/lib/postgresql/N/bin</c> (newest first), then every directory on PATH.
    /// </summary>
    public static string? Find(string? configured = null)
    {
        return Candidates(configured).FirstOrDefault(Contains);
    }

    /// <summary>Does <paramref name="dir"/> hold all three server binaries?</summary>
    public static bool Contains(string dir) => Required.All(exe => File.Exists(Path.Combine(dir, exe)));

    private static IEnumerable<string> Candidates(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            yield return configured;
        }

        var fromPgConfig = PgConfigBinDir();
        if (fromPgConfig is not null)
        {
            yield return fromPgConfig;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var versions = Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .OrderByDescending(x => x.Version);
            foreach (var (dir, _) in versions)
            {
                yield return Path.Combine(dir, "bin");
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return dir;
        }
    }

    private static string? PgConfigBinDir()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit(5000);
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pg_config is not installed: fall through to the other places.
            return null;
        }
    }
}
