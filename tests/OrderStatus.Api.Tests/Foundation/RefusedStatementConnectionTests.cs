using Npgsql;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Database;

namespace OrderStatus.Api.Tests.Foundation;

/// <summary>
/// A statement PostgreSQL refuses inside a multi-statement batch, rolled back to a savepoint, must not leave
/// the service's pooled connection out of step for the next command. With Npgsql's automatic preparation on
/// (the service's data source had Max Auto Prepare 64), this loop failed within a few rounds with
/// "Received unexpected backend message DataRow" — the fault suite's F4 500.
/// </summary>
public sealed class RefusedStatementConnectionTests
{
    [Fact]
    public async Task The_services_data_source_survives_refused_statements_in_batches()
    {
        var server = await TestDatabaseServer.GetAsync();
        var database = await server.CreateDatabaseAsync("refusedbatch");
        try
        {
            // One physical connection, so every round reuses the one a refused statement ran on; statements prepared
            // on first use whenever the data source turns automatic preparation on.
            await using var connection = new DatabaseConnection { ConnectionString = new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 1, AutoPrepareMinUsages = 1 }.ConnectionString };
            await TestDatabaseServer.ExecuteAsync(database, "CREATE TABLE probe (id serial PRIMARY KEY, v text NOT NULL, w varchar(5))");
            for (var round = 0; round < 50; round++)
            {
                await using var con = await connection.DataSource.OpenConnectionAsync();
                await using var tx = await con.BeginTransactionAsync();
                await tx.SaveAsync("request");
                try
                {
                    await using var batch = new NpgsqlCommand("UPDATE probe SET v = @v WHERE id = 1 RETURNING id; INSERT INTO probe (v, w) VALUES (@v, @w) RETURNING id", con, tx);
                    batch.Parameters.AddWithValue("v", round % 3 == 0 ? "refused\0value" : "fine");
                    batch.Parameters.AddWithValue("w", round % 5 == 0 ? "too long for it" : "ok");
                    await using var reader = await batch.ExecuteReaderAsync();
                    while (await reader.ReadAsync() || await reader.NextResultAsync())
                    {
                    }
                }
                catch (PostgresException)
                {
                    await tx.RollbackAsync("request");
                }

                await using (var read = new NpgsqlCommand("SELECT count(*) FROM probe WHERE v = @v", con, tx))
                {
                    read.Parameters.AddWithValue("v", "fine");
                    Assert.IsType<long>(await read.ExecuteScalarAsync());
                }

                await tx.CommitAsync();
            }
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
}
