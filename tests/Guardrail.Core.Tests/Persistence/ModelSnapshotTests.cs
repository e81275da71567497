using Guardrail.Core.Persistence;
using Guardrail.Persistence.Postgres;
using Guardrail.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Tests.Persistence;

/// <summary>
/// The model and each provider's migrations must agree: a model change without a migration for both providers
/// fails here. Neither check opens a connection.
/// </summary>
public class ModelSnapshotTests
{
    public static TheoryData<string> Providers => ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_model_has_no_changes_missing_from_the_migrations(string provider)
    {
        using var db = Open(provider);

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} migrations do not match the model: add a migration for both providers (see src/Guardrail.Persistence.*).");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_provider_assembly_carries_the_migrations(string provider)
    {
        using var db = Open(provider);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.Contains(db.Database.GetMigrations(), migration => migration.EndsWith("_Foundation", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_provider_reads_its_own_migrations()
    {
        using var sqlite = Open("sqlite");
        using var postgres = Open("postgres");

        Assert.False(sqlite.IsPostgres);
        Assert.True(postgres.IsPostgres);
        Assert.NotEqual(sqlite.Database.GetMigrations().First(), postgres.Database.GetMigrations().First());
    }

    private static GuardrailDb Open(string provider)
    {
        var options = new DbContextOptionsBuilder<GuardrailDb>();
        _ = provider switch
        {
            "sqlite" => options.UseGuardrailSqlite("Data Source=:memory:"),
            "postgres" => options.UseGuardrailPostgres("Host=localhost;Database=x"),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown provider."),
        };
        return new GuardrailDb(options.Options);
    }
}
