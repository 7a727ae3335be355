using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using OrderStatus.Application.Database;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Cli;

/// <summary>
/// The operator command line: <c>dotnet run --project src/OrderStatus.Api -- &lt;verb&gt;</c>. It runs
/// against the same database the service uses, the embedded one included.
/// </summary>
internal static class OperatorCommands
{
    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal) { "migrate", "schema-script", "help", "--help", "-h", "-?" };

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var root = new RootCommand("OrderStatus operator commands. Without a verb, the service runs.");

        var migrate = new Command("migrate", "Apply pending database migrations and exit.");
        migrate.SetAction(async (_, ct) =>
        {
            await app.Services.GetRequiredService<DatabaseBootstrap>().MigrateAsync(ct);
            await Console.Out.WriteLineAsync("Database is up to date.");
            return 0;
        });
        root.Subcommands.Add(migrate);

        var schemaScript = new Command("schema-script",
            "Print the DDL that the EF Core model expects (a starting point for a hand-written migration).");
        schemaScript.SetAction(async (_, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
            await Console.Out.WriteLineAsync(db.Database.GenerateCreateScript());
            return 0;
        });
        root.Subcommands.Add(schemaScript);

        return await root.Parse(args).InvokeAsync();
    }
}
