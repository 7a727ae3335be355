using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Database;
using OrderStatus.Application.Persistence;

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

    /// <summary>
    /// The service's prepared statements (ADR 0017): through EF Core with the service's options, on one physical
    /// connection, reads are prepared (checked in pg_prepared_statements) while refused multi-statement batches
    /// and refused prepared reads (a NUL in a parameter) roll back to a savepoint, round after round; every read
    /// must still answer correctly. The first test keeps the hazard itself in view: the data source still turns
    /// no automatic preparation on.
    /// </summary>
    [Fact]
    public async Task Prepared_reads_survive_refused_batches_and_refused_reads_on_one_connection()
    {
        var server = await TestDatabaseServer.GetAsync();
        var database = await server.CreateDatabaseAsync("preparedreads");
        try
        {
            await using var connection = new DatabaseConnection { ConnectionString = new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 1, AutoPrepareMinUsages = 1 }.ConnectionString };
            await TestDatabaseServer.ExecuteAsync(database, "CREATE TABLE probe (id serial PRIMARY KEY, v text NOT NULL, w varchar(5)); INSERT INTO probe (v) VALUES ('fine')");
            var builder = new DbContextOptionsBuilder<OrdersDbContext>();
            OrdersDbContext.Configure(builder, connection.DataSource, retryOnFailure: false);
            var options = builder.Options;
            for (var round = 0; round < 60; round++)
            {
                await using var db = new OrdersDbContext(options);
                await using var tx = await db.Database.BeginTransactionAsync();
                await tx.CreateSavepointAsync("request");
                try
                {
                    var v = round % 3 == 0 ? "refused\0value" : "fine";
                    var w = round % 5 == 0 ? "too long for it" : "ok";
                    if (round % 2 == 0)
                    {
                        await db.Database.ExecuteSqlAsync($"UPDATE probe SET v = {v} WHERE id = 1 RETURNING id; INSERT INTO probe (v, w) VALUES ({v}, {w}) RETURNING id");
                    }
                    else
                    {
                        // A prepared read PostgreSQL refuses at bind time (22021) on every third round.
                        _ = await db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM probe WHERE v = {v}").SingleAsync();
                    }
                }
                catch (PostgresException)
                {
                    await tx.RollbackToSavepointAsync("request");
                }

                var fine = await db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM probe WHERE v = {"fine"}").SingleAsync();
                Assert.True(fine >= 1);
                var prepared = await db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE {"%FROM probe WHERE v = %"}").SingleAsync();
                Assert.True(prepared >= 1, "the read was not prepared");
                await tx.CommitAsync();
            }
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
}
