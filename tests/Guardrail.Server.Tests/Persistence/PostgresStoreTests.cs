using System.Net;
using System.Net.Http.Json;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Persistence;

/// <summary>The persistence-sensitive behaviour of the API, on both stores.</summary>
public abstract class StoreBehaviour
{
    protected abstract Task<GuardrailApp> StartAsync();

    protected async Task Crud_concurrency_and_audit_hold()
    {
        using var app = await StartAsync();
        var admin = await app.ClientAsAsync(Role.Admin);
        var team = Json.Unique("pg-team");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/api/v1/teams", new { key = team, name = "T" })).StatusCode);
        var service = Json.Unique("pg-svc");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/api/v1/services",
            new { key = service, name = "S", kind = "technical", criticality = "tier2", ownerTeam = team })).StatusCode);

        var first = await admin.PutAsJsonAsync($"/api/v1/services/{service}", new { key = service, name = "S2", kind = "technical", criticality = "tier2", ownerTeam = team, version = 1 });
        var stale = await admin.PutAsJsonAsync($"/api/v1/services/{service}", new { key = service, name = "S3", kind = "technical", criticality = "tier2", ownerTeam = team, version = 1 });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("S2", (await (await admin.GetAsync($"/api/v1/services/{service}")).ReadJsonAsync())["name"]!.GetValue<string>());
        var search = await (await admin.GetAsync($"/api/v1/services?q={service.ToUpperInvariant()}")).ReadJsonAsync();
        Assert.Single(search["items"]!.AsArray());
        Assert.True((await (await admin.GetAsync("/api/v1/audit/verify")).ReadJsonAsync())["intact"]!.GetValue<bool>());
    }

    /// <summary>Many writers at once must still leave one unbroken chain (the append is serialised).</summary>
    protected async Task Concurrent_writers_keep_the_audit_chain_intact()
    {
        using var app = await StartAsync();
        var admin = await app.ClientAsAsync(Role.Admin);
        var writes = Enumerable.Range(0, 40).Select(i =>
            admin.PostJsonAsync("/api/v1/environments", new { key = Json.Unique($"conc{i}"), name = $"E{i}", tier = "test" }));

        var responses = await Task.WhenAll(writes);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var verification = await (await admin.GetAsync("/api/v1/audit/verify")).ReadJsonAsync();
        Assert.True(verification["intact"]!.GetValue<bool>(), verification["problem"]?.ToString());
        Assert.True(verification["entriesChecked"]!.GetValue<long>() >= 40);
    }
}

public sealed class SqliteStoreTests : StoreBehaviour
{
    protected override Task<GuardrailApp> StartAsync() => Task.FromResult(new GuardrailApp());

    [Fact]
    public Task Crud_concurrency_and_audit() => Crud_concurrency_and_audit_hold();

    [Fact]
    public Task Concurrent_writers() => Concurrent_writers_keep_the_audit_chain_intact();
}

public sealed class PostgresStoreTests : StoreBehaviour
{
    protected override async Task<GuardrailApp> StartAsync() => await PostgresGuardrailApp.StartAsync();

    [PostgresFact]
    public Task Crud_concurrency_and_audit() => Crud_concurrency_and_audit_hold();

    [PostgresFact]
    public Task Concurrent_writers() => Concurrent_writers_keep_the_audit_chain_intact();
}
