using System.CommandLine;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OrderStatus.Application.Access;
using OrderStatus.Application.CustomerTracking;
using OrderStatus.Application.Database;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Persistence;
using OrderStatus.Application.Seeding;

namespace OrderStatus.Api.Cli;

/// <summary>
/// The operator command line: <c>dotnet run --project src/OrderStatus.Api -- &lt;verb&gt;</c>. It runs
/// against the same database the service uses, the embedded one included. With <c>--json</c> a verb
/// prints exactly one JSON document on stdout; logs and errors go to stderr.
/// </summary>
internal static class OperatorCommands
{
    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal)
    {
        "migrate", "schema-script", "merchants", "clients", "tracking", "seed", "help", "--help", "-h", "-?",
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static Task<int> RunAsync(WebApplication app, string[] args) =>
        RunAsync(app.Services, args, Console.Out, Console.Error);

    /// <summary>Runs one command line with the given output streams (the tests capture them).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("OrderStatus operator commands. Without a verb, the service runs.");
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON document on stdout.", Recursive = true };
        root.Options.Add(json);

        var migrate = new Command("migrate", "Apply pending database migrations and exit.");
        migrate.SetAction(async (_, ct) =>
        {
            await services.GetRequiredService<DatabaseBootstrap>().MigrateAsync(ct);
            await output.WriteLineAsync("Database is up to date.");
            return 0;
        });
        root.Subcommands.Add(migrate);

        var schemaScript = new Command("schema-script",
            "Print the SQL of every migration as one idempotent script (for whoever applies schema changes by hand).");
        schemaScript.SetAction(async (_, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
            await output.WriteLineAsync(db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent));
            return 0;
        });
        root.Subcommands.Add(schemaScript);

        root.Subcommands.Add(SeedCommand(services, json, output, error));
        root.Subcommands.Add(MerchantsCommand(services, json, output, error));
        root.Subcommands.Add(ClientsCommand(services, json, output, error));
        root.Subcommands.Add(TrackingCommand(services, json, output, error));

        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>The benchmarks' bulk load (bench/README.md); appends up to the requested number of orders.</summary>
    private static Command SeedCommand(IServiceProvider services, Option<bool> json, TextWriter output, TextWriter error)
    {
        var orders = new Option<long>("--orders") { Description = "Total number of seeded orders to reach.", DefaultValueFactory = _ => 1_000_000 };
        var merchants = new Option<int>("--merchants") { Description = "Merchants the orders are spread over.", DefaultValueFactory = _ => 100 };
        var targets = new Option<string?>("--targets") { Description = "Write a sample of orders with their merchant's credentials to this file (load targets)." };
        var sample = new Option<int>("--sample") { Description = "How many orders the targets file lists.", DefaultValueFactory = _ => 200_000 };
        var allowProduction = new Option<bool>("--allow-production") { Description = "Seed even in the Production environment (a benchmark's own database)." };
        var seed = new Command("seed", "Bulk-load benchmark data (merchants, bench clients, orders with items and history) via binary COPY.")
        {
            orders, merchants, targets, sample, allowProduction,
        };
        seed.SetAction(async (parse, ct) =>
        {
            // A hundred fake merchants with known-pattern credentials have no place in a real
            // database: Production must say so explicitly (bench/run.sh runs its service as Production).
            if (services.GetRequiredService<IHostEnvironment>().IsProduction() && !parse.GetValue(allowProduction))
            {
                await error.WriteLineAsync(
                    "error: seed bulk-loads benchmark merchants, clients and orders, and this is the Production environment. " +
                    "Pass --allow-production if this database is a benchmark's own.");
                return 1;
            }

            if (parse.GetValue(orders) < 0 || parse.GetValue(merchants) < 1 || parse.GetValue(sample) < 0)
            {
                await error.WriteLineAsync("error: --orders and --sample must be ≥ 0 and --merchants ≥ 1.");
                return 1;
            }

            var seeder = new BulkSeeder(services.GetRequiredService<DatabaseConnection>());
            var result = await seeder.SeedAsync(parse.GetValue(orders), parse.GetValue(merchants), parse.GetValue(targets),
                parse.GetValue(sample), error, ct);
            await WriteAsync(output, parse.GetValue(json),
                new { orders = result.Orders, added = result.Added, merchants = result.Merchants, targets = result.Targets, seconds = result.Elapsed.TotalSeconds },
                $"{result.Orders:N0} seeded orders ({result.Added:N0} added in {result.Elapsed.TotalSeconds:0.0} s) across {result.Merchants} merchants; {result.Targets:N0} targets written.");
            return 0;
        });
        return seed;
    }

    private static Command MerchantsCommand(IServiceProvider services, Option<bool> json, TextWriter output, TextWriter error)
    {
        var merchants = new Command("merchants", "Create and list merchants (tenants).");

        var name = new Option<string>("--name") { Description = "The merchant's name.", Required = true };
        var add = new Command("add", "Create a merchant; prints its id and account number.") { name };
        add.SetAction((parse, ct) => WithAccessAsync(services, error, async access =>
        {
            var merchant = await access.AddMerchantAsync(parse.GetValue(name)!, ct);
            await WriteAsync(output, parse.GetValue(json), new { id = merchant.Id, accountNumber = merchant.AccountNumber, name = merchant.Name },
                $"Merchant {merchant.Id} (account {merchant.AccountNumber}) \"{merchant.Name}\" created.");
        }));
        merchants.Subcommands.Add(add);

        var list = new Command("list", "List all merchants.");
        list.SetAction((parse, ct) => WithAccessAsync(services, error, async access =>
        {
            var all = await access.ListMerchantsAsync(ct);
            await WriteAsync(output, parse.GetValue(json),
                all.Select(m => new { id = m.Id, accountNumber = m.AccountNumber, name = m.Name, createdAt = m.CreatedAt }).ToList(),
                all.Count == 0 ? "No merchants." : string.Join(Environment.NewLine, all.Select(m => $"{m.Id}  {m.AccountNumber,6}  {m.Name}")));
        }));
        merchants.Subcommands.Add(list);
        return merchants;
    }

    private static Command ClientsCommand(IServiceProvider services, Option<bool> json, TextWriter output, TextWriter error)
    {
        var clients = new Command("clients", "Create, list, rotate and revoke API clients.");

        var merchant = new Option<Guid>("--merchant") { Description = "The merchant's id.", Required = true };
        var name = new Option<string>("--name") { Description = "The client's name.", Required = true };
        var scopes = new Option<string>("--scopes")
        {
            Description = $"Comma-separated scopes (default all: {string.Join(",", Scopes.All)}).",
        };
        var add = new Command("add", "Create an API client; prints its secret, which is shown only once.") { merchant, name, scopes };
        add.SetAction((parse, ct) => WithAccessAsync(services, error, async access =>
        {
            var requested = parse.GetValue(scopes)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var issued = await access.AddClientAsync(parse.GetValue(merchant), parse.GetValue(name)!, requested, cancellationToken: ct);
            await WriteCredentialsAsync(output, parse.GetValue(json), issued, "created");
        }));
        clients.Subcommands.Add(add);

        var listMerchant = new Option<Guid>("--merchant") { Description = "The merchant's id.", Required = true };
        var list = new Command("list", "List a merchant's API clients (never their secrets).") { listMerchant };
        list.SetAction((parse, ct) => WithAccessAsync(services, error, async access =>
        {
            var all = await access.ListClientsAsync(parse.GetValue(listMerchant), ct);
            await WriteAsync(output, parse.GetValue(json),
                all.Select(c => new
                {
                    clientId = c.ClientId,
                    name = c.Name,
                    scopes = c.Scopes,
                    createdAt = c.CreatedAt,
                    lastUsedAt = c.LastUsedAt,
                    revokedAt = c.RevokedAt,
                }).ToList(),
                all.Count == 0
                    ? "No clients."
                    : string.Join(Environment.NewLine, all.Select(c =>
                        $"{c.ClientId}  {c.Name}  [{string.Join(",", c.Scopes)}]  created {c.CreatedAt:u}" +
                        (c.LastUsedAt is { } used ? $"  last used {used:u}" : "") +
                        (c.RevokedAt is { } revoked ? $"  REVOKED {revoked:u}" : ""))));
        }));
        clients.Subcommands.Add(list);

        var rotateClient = new Option<string>("--client") { Description = "The clientId.", Required = true };
        var rotate = new Command("rotate", "Replace a client's secret; the old secret and its tokens stop working.") { rotateClient };
        rotate.SetAction((parse, ct) => WithAccessAsync(services, error, async access =>
        {
            var issued = await access.RotateClientAsync(parse.GetValue(rotateClient)!, cancellationToken: ct);
            await WriteCredentialsAsync(output, parse.GetValue(json), issued, "rotated");
        }));
        clients.Subcommands.Add(rotate);

        var revokeClient = new Option<string>("--client") { Description = "The clientId.", Required = true };
        var revoke = new Command("revoke", "Revoke a client for good; its secret and tokens stop working.") { revokeClient };
        revoke.SetAction((parse, ct) => WithAccessAsync(services, error, async access =>
        {
            var client = await access.RevokeClientAsync(parse.GetValue(revokeClient)!, ct);
            await WriteAsync(output, parse.GetValue(json),
                new { clientId = client.ClientId, merchantId = client.MerchantId, revokedAt = client.RevokedAt },
                $"Client {client.ClientId} revoked at {client.RevokedAt:u}.");
        }));
        clients.Subcommands.Add(revoke);
        return clients;
    }

    private static Command TrackingCommand(IServiceProvider services, Option<bool> json, TextWriter output, TextWriter error)
    {
        var tracking = new Command("tracking", "Public order tracking: the secret that signs a merchant's tracking links.");
        var merchant = new Option<Guid>("--merchant") { Description = "The merchant's id.", Required = true };
        var grace = new Option<int>("--grace-minutes")
        {
            Description = "How long links signed with the old secret keep working (0: not at all; at most 10080).",
            DefaultValueFactory = _ => 0,
        };
        var rotate = new Command("rotate-secret", "Replace the merchant's tracking secret; earlier links stop working after the grace period.")
        {
            merchant, grace,
        };
        rotate.SetAction(async (parse, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            try
            {
                var settings = await scope.ServiceProvider.GetRequiredService<TrackingAdministration>()
                    .RotateSecretAsync(parse.GetValue(merchant), TimeSpan.FromMinutes(parse.GetValue(grace)), ct);
                await WriteAsync(output, parse.GetValue(json),
                    new { merchantId = parse.GetValue(merchant), secretRotatedAt = settings.SecretRotatedAt, previousSecretValidUntil = settings.PreviousSecretValidUntil },
                    $"Tracking secret of merchant {parse.GetValue(merchant)} rotated at {settings.SecretRotatedAt:u}; " +
                    (settings.PreviousSecretValidUntil is { } until ? $"earlier links work until {until:u}." : "earlier links no longer work."));
                return 0;
            }
            catch (UseCaseProblem ex)
            {
                await error.WriteLineAsync("error: " + ex.Message);
                return 1;
            }
        });
        tracking.Subcommands.Add(rotate);
        return tracking;
    }

    /// <summary>Runs an operator use case; its refusals (unknown merchant or client, bad scope) are exit code 1.</summary>
    private static async Task<int> WithAccessAsync(IServiceProvider services, TextWriter error, Func<AccessAdministration, Task> action)
    {
        await using var scope = services.CreateAsyncScope();
        try
        {
            await action(scope.ServiceProvider.GetRequiredService<AccessAdministration>());
            return 0;
        }
        catch (AccessAdministrationException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message);
            return 1;
        }
    }

    private static Task WriteCredentialsAsync(TextWriter output, bool json, IssuedCredentials issued, string what) =>
        WriteAsync(output, json,
            new { clientId = issued.ClientId, clientSecret = issued.ClientSecret, merchantId = issued.MerchantId, scopes = issued.Scopes },
            $"""
            Client {what} for merchant {issued.MerchantId}.
              clientId:     {issued.ClientId}
              clientSecret: {issued.ClientSecret}
              scopes:       {string.Join(",", issued.Scopes)}
            Store the secret now: it is not stored anywhere and cannot be shown again.
            """);

    private static Task WriteAsync(TextWriter output, bool json, object document, string text) =>
        output.WriteLineAsync(json ? JsonSerializer.Serialize(document, Json) : text);
}
