using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Changes;

/// <summary>The gate makes one change per pipeline run, however often and however concurrently the run asks.</summary>
public abstract class GateIdempotency
{
    protected abstract Task<GuardrailApp> CreateAsync();

    protected async Task Asking_twice_in_a_row_answers_with_the_same_change()
    {
        using var app = await CreateAsync();
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var request = ChangeWorld.Gate(target, evidence: ChangeWorld.Passed, runId: Json.Unique("run"));

        var first = await world.GateAsync(request);
        var second = await world.GateAsync(request);

        Assert.Equal(ChangeWorld.Text(first["change"]), ChangeWorld.Text(second["change"]));
        await AssertOneChangeAsync(world, target, first["changeId"]!.GetValue<long>());
    }

    protected async Task Eight_concurrent_calls_for_one_run_make_one_change()
    {
        using var app = await CreateAsync();
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var request = ChangeWorld.Gate(target, evidence: ChangeWorld.Passed, runId: Json.Unique("run"));
        _ = await world.PipelineAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => world.GateAsync(request)));

        var changes = answers.Select(a => ChangeWorld.Text(a["change"])).Distinct().ToList();
        Assert.Single(changes);
        await AssertOneChangeAsync(world, target, answers[0]["changeId"]!.GetValue<long>());
    }

    private static async Task AssertOneChangeAsync(ChangeWorld world, Target target, long changeId)
    {
        var listed = (await (await world.Admin.GetAsync($"/api/v1/changes?service={target.Service}")).ReadJsonAsync())["items"]!.AsArray();
        Assert.Single(listed);
        var created = (await world.AuditAsync(changeId)).Count(e => ChangeWorld.Text(e!["action"]) == "change.created");
        Assert.Equal(1, created);
    }
}

public sealed class SqliteGateIdempotencyTests : GateIdempotency
{
    protected override Task<GuardrailApp> CreateAsync() => Task.FromResult(new GuardrailApp());

    [Fact]
    public Task The_same_run_twice_makes_one_change() => Asking_twice_in_a_row_answers_with_the_same_change();

    [Fact]
    public Task Eight_concurrent_calls_make_one_change() => Eight_concurrent_calls_for_one_run_make_one_change();
}

public sealed class PostgresGateIdempotencyTests : GateIdempotency
{
    protected override async Task<GuardrailApp> CreateAsync() => new PostgresGuardrailApp(await TestDatabase.CreatePostgresDatabaseAsync());

    [PostgresFact]
    public Task The_same_run_twice_makes_one_change() => Asking_twice_in_a_row_answers_with_the_same_change();

    [PostgresFact]
    public Task Eight_concurrent_calls_make_one_change() => Eight_concurrent_calls_for_one_run_make_one_change();
}
