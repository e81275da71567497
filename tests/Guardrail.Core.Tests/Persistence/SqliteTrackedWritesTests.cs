using Guardrail.Core.Cmdb;
using Guardrail.Core.Deployments;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Persistence;

public sealed class SqliteTrackedWritesTests : IAsyncLifetime
{
    private static readonly DateTime s_at = new DateTime(2026, 11, 27, 9, 30, 0, DateTimeKind.Utc).AddTicks(1_234_567);

    private TestStore _byPosition = null!;
    private TestStore _byEfCore = null!;

    public async Task InitializeAsync()
    {
        _byPosition = await TestStore.SqliteAsync();
        _byEfCore = await TestStore.SqliteAsync();
    }

    public async Task DisposeAsync()
    {
        await _byPosition.DisposeAsync();
        await _byEfCore.DisposeAsync();
    }

    [Fact]
    public async Task Stores_exactly_the_rows_EF_Core_would_and_leaves_it_what_it_does_not_write()
    {
        await SaveAsync(_byPosition, db => AddDeployments(db), writeByPosition: true);
        await SaveAsync(_byEfCore, db => AddDeployments(db), writeByPosition: false);
        await SaveAsync(_byPosition, FinishFirstDeployment, writeByPosition: true);
        await SaveAsync(_byEfCore, FinishFirstDeployment, writeByPosition: false);

        foreach (var table in new[] { "Deployments", "DeploymentStatusChanges", "ShippedCommits", "ConfigurationItems" })
            Assert.Equal(await RowsAsync(_byEfCore, table), await RowsAsync(_byPosition, table));
        Assert.Equal(3, (await RowsAsync(_byPosition, "DeploymentStatusChanges")).Count);
    }

    [Fact]
    public async Task The_written_entities_are_saved_with_their_generated_keys_and_their_dependents_point_at_them()
    {
        await using var scope = _byPosition.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        var (first, second, ci) = AddDeployments(db);
        await using var transaction = await db.Database.BeginTransactionAsync(default);
        db.ChangeTracker.DetectChanges();

        SqliteTrackedWrites.Write(db);

        Assert.Equal(EntityState.Unchanged, db.Entry(first).State);
        Assert.Equal(EntityState.Unchanged, db.Entry(second).State);
        Assert.Equal(EntityState.Added, db.Entry(ci).State);
        Assert.Equal(first.Id, second.PreviousDeploymentId);
        Assert.All(first.StatusHistory, s => Assert.Equal(first.Id, s.DeploymentId));
        Assert.Equal(second.Id, Assert.Single(db.ChangeTracker.Entries<ShippedCommit>()).Entity.DeploymentId);
        await db.SaveChangesAsync(default);
        await transaction.CommitAsync(default);
        Assert.True(ci.Id > 0);
    }

    [Fact]
    public async Task Leaves_a_save_that_deletes_anything_to_EF_Core_whole()
    {
        await SaveAsync(_byPosition, db => AddDeployments(db), writeByPosition: true);
        await using var scope = _byPosition.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        db.ShippedCommits.Remove(await db.ShippedCommits.SingleAsync(default));
        var added = Deployment("gh-3", previous: null);
        db.Deployments.Add(added);
        await using var transaction = await db.Database.BeginTransactionAsync(default);

        SqliteTrackedWrites.Write(db);

        Assert.Equal(EntityState.Added, db.Entry(added).State);
    }

    [Fact]
    public async Task An_update_of_a_row_that_is_gone_fails_as_a_concurrency_conflict()
    {
        await using var scope = _byPosition.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        var ghost = db.Deployments.Attach(Deployment("gh-ghost", previous: null, id: 999));
        ghost.Entity.Status = DeploymentState.Failed;
        ghost.Property(d => d.Status).IsModified = true;
        await using var transaction = await db.Database.BeginTransactionAsync(default);

        Assert.Throws<DbUpdateConcurrencyException>(() => SqliteTrackedWrites.Write(db));
    }

    [Fact]
    public async Task Refuses_to_write_outside_a_transaction()
    {
        await using var scope = _byPosition.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        db.Deployments.Add(Deployment("gh-1", previous: null));

        Assert.Throws<InvalidOperationException>(() => SqliteTrackedWrites.Write(db));
    }

    private static async Task SaveAsync(TestStore store, Func<GuardrailDb, object> change, bool writeByPosition)
    {
        await using var scope = store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        change(db);
        await using var transaction = await db.Database.BeginTransactionAsync(default);
        db.ChangeTracker.DetectChanges();
        if (writeByPosition)
            SqliteTrackedWrites.Write(db);
        await db.SaveChangesAsync(default);
        await transaction.CommitAsync(default);
    }

    /// <summary>Two deployments, the second after the first, with status rows, a shipped commit and a CI, which has a concurrency token.</summary>
    private static (Deployment First, Deployment Second, ConfigurationItem Ci) AddDeployments(GuardrailDb db)
    {
        var first = Deployment("gh-1", previous: null);
        first.StatusHistory.Add(new DeploymentStatusChange { Status = DeploymentState.InProgress, At = s_at, AtOffsetMinutes = -300, Description = "rolling out" });
        var second = Deployment("gh-2", previous: first);
        second.StatusHistory.Add(new DeploymentStatusChange { Status = DeploymentState.Succeeded, At = s_at.AddMinutes(5), AtOffsetMinutes = 60 });
        db.Deployments.AddRange(first, second);
        db.ShippedCommits.Add(new ShippedCommit { Deployment = second, Sha = "0123456789abcdef0123456789abcdef01234567" });
        var ci = new ConfigurationItem { Key = "k8s:payments", Name = "payments", Attributes = "{}", Class = CiClass.Workload, CreatedAt = s_at, UpdatedAt = s_at };
        db.ConfigurationItems.Add(ci);
        return (first, second, ci);
    }

    private static object FinishFirstDeployment(GuardrailDb db)
    {
        var first = db.Deployments.Single(d => d.ProviderDeploymentId == "gh-1");
        first.Status = DeploymentState.Succeeded;
        first.FinishedAt = first.DeployedAt = s_at.AddMinutes(9);
        first.ShippedSetBasis = ShippedSetBasis.Unknown;
        first.ShippedSetNote = null;
        db.DeploymentStatusChanges.Add(new DeploymentStatusChange { DeploymentId = first.Id, Status = DeploymentState.Succeeded, At = s_at.AddMinutes(9) });
        return first;
    }

    private static Deployment Deployment(string providerId, Deployment? previous, long id = 0) => new()
    {
        Id = id,
        Source = IntegrationKind.Github,
        ProviderDeploymentId = providerId,
        EnvironmentName = "production",
        EnvironmentTier = EnvironmentTier.Production,
        Repository = "github.com/acme/payments",
        MappingProblem = "No mapping rule names github.com/acme/payments.",
        CommitSha = providerId == "gh-1" ? "aaaa" : null,
        Status = DeploymentState.InProgress,
        StatusAt = s_at,
        StartedAt = s_at.AddSeconds(-30),
        ShippedSetBasis = ShippedSetBasis.PushHistory,
        ShippedSetNote = "from pushes",
        Previous = previous,
        UpdatedAt = s_at,
    };

    /// <summary>Every column of every row as SQLite stores it, text and all, in key order.</summary>
    private static async Task<List<string>> RowsAsync(TestStore store, string table)
    {
        await using var scope = store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1, 2";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={reader.GetValue(i)} ({reader.GetDataTypeName(i)})")));
        return rows;
    }
}
