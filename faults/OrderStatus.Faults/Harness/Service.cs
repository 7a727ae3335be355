using System.Diagnostics;
using System.Globalization;

namespace OrderStatus.Faults.Harness;

/// <summary>One replica of the published service (Release, Production environment) on 127.0.0.1.</summary>
public sealed class Service(Processes processes, Suite suite, int port, string name, IReadOnlyDictionary<string, string> settings)
{
    private Process? _process;

    public int Port => port;

    public string Name => name;

    public Uri BaseAddress => new($"http://127.0.0.1:{port}");

    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>Starts the process and waits until /health/ready answers 200 (or fails after <paramref name="timeout"/>).</summary>
    public async Task<TimeSpan> StartAsync(TimeSpan? timeout = null)
    {
        var environment = new Dictionary<string, string>(suite.BaseSettings);
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        if (await PortInUseAsync(port))
        {
            throw new InvalidOperationException($"port {port} is in use: a replica of an earlier scenario is still running");
        }

        var clock = Stopwatch.StartNew();
        _process = processes.Start(name, "dotnet", [Path.Combine(suite.AppDirectory, "OrderStatus.Api.dll"), "--urls", BaseAddress.ToString().TrimEnd('/')],
            environment, suite.AppDirectory, Path.Combine(suite.WorkDirectory, $"{name}.log"));
        var deadline = clock.Elapsed + (timeout ?? TimeSpan.FromSeconds(90));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {_process.ExitCode} at start; see {name}.log");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return clock.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow to answer while starting.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{name} was not ready within {timeout}");
    }

    private static async Task<bool> PortInUseAsync(int port)
    {
        using var probe = new System.Net.Sockets.TcpClient();
        try
        {
            await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>kill -9: no shutdown of any kind.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        Processes.Kill(_process);
        await _process.WaitForExitAsync();
        processes.Forget(_process.Id);
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGTERM and wait (bounded), then SIGKILL.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        Processes.Signal(_process.Id, 15);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Processes.Kill(_process);
        }

        processes.Forget(_process.Id);
        _process.Dispose();
        _process = null;
    }

    public bool HasExited => _process is null || _process.HasExited;

    /// <summary>Resident set size now, in MiB (VmRSS).</summary>
    public double RssMiB() => ReadStatusKib("VmRSS") / 1024.0;

    /// <summary>Peak resident set size, in MiB (VmHWM).</summary>
    public double PeakRssMiB() => ReadStatusKib("VmHWM") / 1024.0;

    private long ReadStatusKib(string field)
    {
        if (Pid is not { } pid)
        {
            return 0;
        }

        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
