using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OrderStatus.Faults.Harness;

/// <summary>An API client of one merchant, as the operator CLI created it.</summary>
public sealed record Tenant(Guid MerchantId, string ClientId, string Secret)
{
    public string Basic => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{Secret}"));

    public AuthenticationHeaderValue Authorization => new("Basic", Basic);
}

/// <summary>What every scenario shares: paths, ports, the database, the results, and helpers to start services.</summary>
public sealed class Suite(Options options, Processes processes, Report report)
{
    public const int PostgresPort = 56432;
    public const int FirstServicePort = 56080;
    public const int BalancerPort = 56090;
    public const int ReceiverPort = 56091;

    public Options Options => options;

    public Report Report => report;

    public Processes Processes => processes;

    public string AppDirectory => options.AppDirectory;

    public string WorkDirectory => options.WorkDirectory;

    public bool Smoke => options.Smoke;

    public Postgres Database { get; } = new(processes, Path.Combine(options.WorkDirectory, "pg"), PostgresPort);

    /// <summary>Shared by every replica: a token signed by one is accepted by all.</summary>
    private readonly string _signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Environment of every service process; scenarios add or override settings per replica.</summary>
    public IReadOnlyDictionary<string, string> BaseSettings => new Dictionary<string, string>
    {
        ["ConnectionStrings__Orders"] = Database.ConnectionString(),
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Auth__TokenSigningKey"] = _signingKey,
        ["Logs__MinimumLevel"] = "Warning",
        ["Logs__Format"] = "text",
        ["Webhooks__AllowPrivateNetworks"] = "true",
        ["Webhooks__PollInterval"] = "00:00:00.500",
        ["Webhooks__RetryBaseDelay"] = "00:00:00.500",
        ["Webhooks__RetryMaxDelay"] = "00:00:02",
        ["Webhooks__RequestTimeout"] = "00:00:03",
        ["RateLimiting__PermitsPerSecond"] = "100000",
        ["RateLimiting__Burst"] = "100000",
        // A request killed with its process leaves its Idempotency-Key "in flight"; retries of it answer
        // 409 until the key is abandoned (default 120 s). Shortened so that retries after a kill go on.
        ["Idempotency__AbandonAfterSeconds"] = "5",
    };

    private readonly List<Service> _services = [];

    /// <summary>A service replica; whatever the scenario leaves running is stopped when it ends.</summary>
    public Service NewService(int index, IReadOnlyDictionary<string, string>? settings = null, string? name = null)
    {
        var service = new Service(processes, this, FirstServicePort + index, name ?? $"service-{index}", settings ?? new Dictionary<string, string>());
        _services.Add(service);
        return service;
    }

    /// <summary>The driver's own webhook receiver (one port, shared by the scenarios).</summary>
    public Receiver Receiver { get; set; } = null!;

    /// <summary>Creates a merchant and an API client through the operator CLI of the published binary.</summary>
    public async Task<Tenant> CreateTenantAsync(string name, string? scopes = null)
    {
        var merchant = await CliAsync("merchants", "add", "--name", name, "--json");
        var merchantId = merchant.GetProperty("id").GetString()!;
        string[] clientArgs = scopes is null
            ? ["clients", "add", "--merchant", merchantId, "--name", name + " client", "--json"]
            : ["clients", "add", "--merchant", merchantId, "--name", name + " client", "--scopes", scopes, "--json"];
        var client = await CliAsync(clientArgs);
        return new Tenant(Guid.Parse(merchantId), client.GetProperty("clientId").GetString()!, client.GetProperty("clientSecret").GetString()!);
    }

    public async Task<JsonElement> CliAsync(params string[] arguments)
    {
        var environment = new Dictionary<string, string>(BaseSettings);
        var (exitCode, output) = await Processes.RunAsync("dotnet", [Path.Combine(AppDirectory, "OrderStatus.Api.dll"), .. arguments], environment);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"CLI {string.Join(' ', arguments)} failed: {output}");
        }

        var json = output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith('{'));
        return JsonSerializer.Deserialize<JsonElement>(json);
    }

    /// <summary>An HTTP client for load: many connections, no cookies, a bounded timeout.</summary>
    public static HttpClient NewHttpClient(Uri baseAddress, TimeSpan? timeout = null, int maxConnections = 256) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseCookies = false,
            AllowAutoRedirect = false,
        })
        {
            BaseAddress = baseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };

    public void Log(string message) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");

    /// <summary>Runs <paramref name="body"/> as one scenario: its time is recorded, an exception becomes a failed check.</summary>
    public async Task RunScenarioAsync(string id, string title, Func<Task> body)
    {
        Log($"scenario {id}: {title}");
        var clock = Stopwatch.StartNew();
        report.BeginScenario(id, title);
        try
        {
            await body();
        }
#pragma warning disable CA1031 // A scenario that throws is recorded as failed; the suite goes on with the next one.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            report.Check("scenario ran to completion", false, ex.GetType().Name + ": " + ex.Message);
            Log(ex.ToString());
        }

        foreach (var service in _services)
        {
            await service.StopAsync();
        }

        _services.Clear();
        report.EndScenario(clock.Elapsed);
        Log($"scenario {id} done in {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
