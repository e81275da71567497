using System.Net;
using System.Net.Http.Json;
using Guardrail.Contracts;
using Guardrail.Server.Tests.Changes;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Incidents;

/// <summary>What resolving an incident sets going: the review of a major incident, drafted once.</summary>
public sealed class ResolutionObserverTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    private static async Task<string> ResolvedAsync(ChangeWorld world, bool major)
    {
        var target = await world.TargetAsync();
        var created = await world.Admin.PostAsJsonAsync("/api/v1/incidents",
            new IncidentRequest("Payments declined", "high", "high", Major: major, Services: [target.Service]));
        var number = ChangeWorld.Text((await created.ReadJsonAsync())["incident"]!["number"]);
        await MoveAsync(world, number, "resolve");
        return number;
    }

    private static async Task MoveAsync(ChangeWorld world, string number, string action)
    {
        var version = (await (await world.Admin.GetAsync($"/api/v1/incidents/{number}")).ReadJsonAsync())["incident"]!["version"]!.GetValue<long>();
        var moved = await world.Admin.PostAsJsonAsync($"/api/v1/incidents/{number}/transitions",
            new IncidentTransitionRequest(action, version, Reason: "It failed again.", ResolutionNotes: "Failed over to the second region."));
        Assert.True(moved.StatusCode == HttpStatusCode.OK, (await moved.ReadJsonAsync()).ToJsonString());
    }

    private static async Task<int> ReviewsOfAsync(ChangeWorld world, string number) =>
        (await (await world.Admin.GetAsync($"/api/v1/reviews?incident={number}")).ReadJsonAsync())["items"]!.AsArray().Count;

    [Fact]
    public async Task A_major_incident_gets_its_review_drafted_when_it_resolves_and_only_once()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var major = await ResolvedAsync(world, major: true);
        var minor = await ResolvedAsync(world, major: false);

        await MoveAsync(world, major, "reopen");
        await MoveAsync(world, major, "resolve");

        Assert.Equal(1, await ReviewsOfAsync(world, major));
        Assert.Equal(0, await ReviewsOfAsync(world, minor));
        var timeline = (await (await world.Admin.GetAsync($"/api/v1/incidents/{major}")).ReadJsonAsync())["timeline"]!.AsArray();
        Assert.Single(timeline, e => ChangeWorld.Text(e!["kind"]) == "review-drafted");
        var review = await (await world.Admin.GetAsync($"/api/v1/reviews/{major}")).ReadJsonAsync();
        Assert.Equal("draft", ChangeWorld.Text(review["review"]!["state"]));
    }
}
