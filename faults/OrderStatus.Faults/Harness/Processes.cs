using System.Diagnostics;
using System.Globalization;

namespace OrderStatus.Faults.Harness;

/// <summary>
/// Every process the suite starts, by PID. Each PID is also appended to a file that faults/run.sh's
/// trap reads, so that even a driver killed outright leaves nothing running.
/// </summary>
public sealed class Processes(string pidFile) : IDisposable
{
    private readonly Dictionary<int, (Process Process, string Name)> _running = [];
    private readonly Lock _lock = new();

    public Process Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, string? logFile = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = logFile is not null,
            RedirectStandardError = logFile is not null,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        if (logFile is not null)
        {
            var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
            var sync = new Lock();
            void Write(string? line)
            {
                if (line is null)
                {
                    return;
                }

                lock (sync)
                {
                    log.WriteLine(line);
                }
            }

            process.OutputDataReceived += (_, e) => Write(e.Data);
            process.ErrorDataReceived += (_, e) => Write(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        Track(process.Id, name, process);
        return process;
    }

    /// <summary>Records a PID started by someone else (PostgreSQL's postmaster, started by pg_ctl).</summary>
    public void Track(int pid, string name, Process? process = null)
    {
        lock (_lock)
        {
            _running[pid] = (process ?? Process.GetProcessById(pid), name);
            File.AppendAllText(pidFile, string.Create(CultureInfo.InvariantCulture, $"{pid} {name}\n"));
        }
    }

    public void Forget(int pid)
    {
        lock (_lock)
        {
            _running.Remove(pid);
        }
    }

    /// <summary>kill -9.</summary>
    public static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public static void Signal(int pid, int signal)
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            kill?.WaitForExit(5000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No kill binary: nothing more to do.
        }
    }

    /// <summary>Runs a command to completion (bounded) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in time");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose()
    {
        List<(Process Process, string Name)> all;
        lock (_lock)
        {
            all = [.. _running.Values];
            _running.Clear();
        }

        foreach (var (process, _) in all)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Gone already.
            }
        }
    }
}
