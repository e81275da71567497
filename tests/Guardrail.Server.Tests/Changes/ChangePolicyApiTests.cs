using System.Net;
using System.Net.Http.Json;
using Guardrail.Contracts;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Changes;

/// <summary>Each test has a server of its own: the policy in force is global.</summary>
public sealed class ChangePolicyApiTests
{
    private static async Task<string> DocumentInForceAsync(ChangeWorld world) =>
        ChangeWorld.Text((await (await world.Admin.GetAsync("/api/v1/change-policy")).ReadJsonAsync())["document"]);

    private static string Lenient(string document) => document
        .Replace("{ route: automatic, maxScore: 30 }", "{ route: automatic, maxScore: 90 }", StringComparison.Ordinal)
        .Replace("{ route: service-owner, maxScore: 60, quorum: 1 }", "{ route: service-owner, maxScore: 95, quorum: 1 }", StringComparison.Ordinal);

    private static async Task<int> VersionCountAsync(ChangeWorld world) =>
        (await (await world.Admin.GetAsync("/api/v1/change-policy/versions")).ReadJsonAsync()).AsArray().Count;

    [Fact]
    public async Task Validate_names_each_problem_with_its_line_and_column()
    {
        using var app = new ChangeApp();
        var world = await ChangeWorld.CreateAsync(app);
        var broken = (await DocumentInForceAsync(world)).Replace("weight: 25", "weight: heavy", StringComparison.Ordinal);

        var response = await world.Admin.PostAsJsonAsync("/api/v1/change-policy/validate", new PolicyDocumentRequest(broken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.ReadJsonAsync();
        Assert.False(result["valid"]!.GetValue<bool>());
        var problem = Assert.Single(result["problems"]!.AsArray())!;
        var line = broken.Split('\n').Select((text, index) => (text, index)).First(l => l.text.Contains("weight: heavy", StringComparison.Ordinal));
        Assert.Equal(line.index + 1, problem["line"]!.GetValue<int>());
        Assert.Equal(line.text.IndexOf("heavy", StringComparison.Ordinal) + 1, problem["column"]!.GetValue<int>());
    }

    [Fact]
    public async Task Apply_adds_a_version_once_and_refuses_an_invalid_document_without_adding_one()
    {
        using var app = new ChangeApp();
        var world = await ChangeWorld.CreateAsync(app);
        var document = Lenient(await DocumentInForceAsync(world));
        Assert.Equal(1, await VersionCountAsync(world));

        var created = await world.Admin.PostAsJsonAsync("/api/v1/change-policy", new PolicyDocumentRequest(document));
        var again = await world.Admin.PostAsJsonAsync("/api/v1/change-policy", new PolicyDocumentRequest(document));
        var invalid = await world.Admin.PostAsJsonAsync("/api/v1/change-policy", new PolicyDocumentRequest(document.Replace("expiry: 72h", "expiry: soon", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(2, (await created.ReadJsonAsync())["version"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, (await again.ReadJsonAsync())["version"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("policy.invalid", ChangeWorld.Text((await invalid.ReadJsonAsync())["code"]));
        Assert.Equal(2, await VersionCountAsync(world));
    }

    [Fact]
    public async Task Every_decision_names_the_policy_version_that_made_it()
    {
        using var app = new ChangeApp();
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var before = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));

        var applied = await world.ApplyPolicyAsync(Lenient(await DocumentInForceAsync(world)));
        var after = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));

        Assert.Equal(1, before["policyVersion"]!.GetValue<long>());
        Assert.Equal(applied["version"]!.GetValue<long>(), after["policyVersion"]!.GetValue<long>());
        Assert.Equal(("pending", "approved"), (ChangeWorld.Text(before["decision"]), ChangeWorld.Text(after["decision"])));
        Assert.Equal(applied["version"]!.GetValue<long>(), (await world.ChangeAsync(ChangeWorld.Text(after["change"])))["change"]!["policyVersion"]!.GetValue<long>());
    }

    [Fact]
    public async Task Simulate_lists_the_past_changes_a_candidate_would_decide_differently()
    {
        using var app = new ChangeApp();
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var staging = await world.TargetAsync("staging", "tier4");
        var differs = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));
        var same = await world.GateAsync(ChangeWorld.Gate(staging, evidence: ChangeWorld.Passed));
        Assert.Equal(("pending", "approved"), (ChangeWorld.Text(differs["decision"]), ChangeWorld.Text(same["decision"])));

        var response = await world.Admin.PostAsJsonAsync("/api/v1/change-policy/simulate",
            new PolicySimulationRequest(Lenient(await DocumentInForceAsync(world)), 30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.ReadJsonAsync();
        var changes = result["differences"]!.AsArray().Select(d => ChangeWorld.Text(d!["change"])).ToList();
        Assert.Contains(ChangeWorld.Text(differs["change"]), changes);
        Assert.DoesNotContain(ChangeWorld.Text(same["change"]), changes);
        Assert.True(result["evaluated"]!.GetValue<int>() >= 2);
    }
}
