using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Guardrail.Persistence.Postgres;

/// <summary>The store for scale and several nodes: PostgreSQL, with this assembly's migrations.</summary>
public static class PostgresStore
{
    public static DbContextOptionsBuilder UseGuardrailPostgres(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgresStore).Assembly.GetName().Name));
}

/// <summary>Used by <c>dotnet ef</c> to build this provider's migrations; it never connects.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<GuardrailDb>
{
    public GuardrailDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<GuardrailDb>();
        options.UseGuardrailPostgres("Host=localhost;Database=guardrail_design");
        return new GuardrailDb(options.Options);
    }
}
