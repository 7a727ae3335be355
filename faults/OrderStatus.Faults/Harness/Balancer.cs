using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OrderStatus.Faults.Harness;

/// <summary>HAProxy on 127.0.0.1 in front of the replicas: round robin, health checks on /health/ready, redispatch on connect failures.</summary>
public sealed class Balancer(Processes processes, string workDirectory)
{
    private Process? _process;

    public Uri BaseAddress => new($"http://127.0.0.1:{Suite.BalancerPort}");

    public async Task StartAsync(IReadOnlyList<Service> replicas)
    {
        var config = new StringBuilder($$"""
            global
                maxconn 8192
            defaults
                mode http
                timeout connect 2s
                timeout client 90s
                timeout server 90s
                timeout http-request 10s
                retries 2
                option redispatch
            frontend api
                bind 127.0.0.1:{{Suite.BalancerPort}}
                default_backend replicas
            backend replicas
                balance roundrobin
                option httpchk GET /health/ready
                http-check expect status 200
                default-server inter 500ms fall 2 rise 2

            """);
        foreach (var replica in replicas)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"    server {replica.Name} 127.0.0.1:{replica.Port} check");
        }

        var file = Path.Combine(workDirectory, "haproxy.cfg");
        await File.WriteAllTextAsync(file, config.ToString());
        _process = processes.Start("haproxy", "haproxy", ["-db", "-f", file], logFile: Path.Combine(workDirectory, "haproxy.log"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not up yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("HAProxy did not come up");
    }

    public async Task StopAsync()
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
}
