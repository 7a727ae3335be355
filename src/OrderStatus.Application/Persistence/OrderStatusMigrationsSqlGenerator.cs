using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations;

namespace OrderStatus.Application.Persistence;

#pragma warning disable EF1001 // The Npgsql generator's constructor takes an "internal" options type; subclassing it is the documented way to extend DDL.

/// <summary>Npgsql's DDL plus the <see cref="DatabaseObjects"/> that belong to each created table.</summary>
internal sealed class OrderStatusMigrationsSqlGenerator(
    MigrationsSqlGeneratorDependencies dependencies,
    Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal.INpgsqlSingletonOptions npgsqlOptions)
    : NpgsqlMigrationsSqlGenerator(dependencies, npgsqlOptions)
#pragma warning restore EF1001
{
    protected override void Generate(CreateTableOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        base.Generate(operation, model, builder, terminate);
        if (!terminate)
        {
            return;
        }

        foreach (var sql in DatabaseObjects.AfterCreateTable(operation.Name))
        {
            builder.AppendLine(sql);
            builder.EndCommand();
        }
    }
}
