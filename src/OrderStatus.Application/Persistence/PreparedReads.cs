using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace OrderStatus.Application.Persistence;

/// <summary>
/// Prepares EF Core's single-statement reads on the physical connection (Npgsql keeps an explicitly
/// prepared statement on its connector across pool leases, so PostgreSQL parses and plans each read
/// once per connection instead of on every request). Nothing else is prepared: multi-statement
/// batches (SaveChanges) and writes stay unprepared, because with Npgsql's automatic preparation a
/// batch whose statement PostgreSQL refused left the connection's prepared-statement bookkeeping out
/// of step (docs/decisions/0017-prepared-statements.md, RefusedStatementConnectionTests).
/// </summary>
internal sealed class PreparedReads : DbCommandInterceptor
{
    public static readonly PreparedReads Instance = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (ShouldPrepare(command))
        {
            command.Prepare();
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (ShouldPrepare(command))
        {
            await command.PrepareAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>One SELECT, no second statement (a ';' anywhere, even in a literal, leaves it unprepared), not yet prepared.</summary>
    internal static bool ShouldPrepare(DbCommand command) =>
        command is NpgsqlCommand { IsPrepared: false } npgsql
        && npgsql.CommandType == System.Data.CommandType.Text
        && npgsql.CommandText.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
        && !npgsql.CommandText.Contains(';', StringComparison.Ordinal);
}
