using System.Net;
using System.Net.Http.Json;
using Guardrail.Contracts;
using Guardrail.Server.Tests.Changes;
using Guardrail.Server.Tests.Support;
using static Guardrail.Server.Tests.Incidents.ReviewApiTests;

namespace Guardrail.Server.Tests.Incidents;

/// <summary>Follow-ups through the API, on a server whose clock the test moves by days (so a class of its own).</summary>
public sealed class FollowUpApiTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    [Fact]
    public async Task Follow_ups_are_owned_due_tracked_to_done_by_their_owner_and_listed_overdue_across_reviews()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var owner = await world.PersonAsync(role: "reader");
        var stranger = await world.PersonAsync(role: "reader");
        var incident = await ResolvedIncidentAsync(app, target.Service, "Queue backlog");
        var review = await ExpectAsync(await world.Admin.PostAsJsonAsync("/api/v1/reviews", new ReviewDraftRequest(incident.Number)), HttpStatusCode.Created);
        var path = $"/api/v1/reviews/{review["review"]!["id"]}/follow-ups";
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

        var soon = await ExpectAsync(await world.Admin.PostAsJsonAsync(path, new FollowUpRequest("Alert on queue age", OwnerUser: owner.UserName, Due: today.AddDays(1))), HttpStatusCode.Created);
        var later = await ExpectAsync(await world.Admin.PostAsJsonAsync(path, new FollowUpRequest("Load-test the consumer", OwnerTeam: target.Team, Due: today.AddDays(30))), HttpStatusCode.Created);
        Assert.Equal((incident.Number, "user", owner.UserName, "open", false),
            (ChangeWorld.Text(soon["incident"]), ChangeWorld.Text(soon["owner"]!["kind"]), ChangeWorld.Text(soon["owner"]!["key"]), ChangeWorld.Text(soon["state"]), soon["overdue"]!.GetValue<bool>()));
        Assert.Equal(review["review"]!["id"]!.GetValue<long>(), soon["review"]!.GetValue<long>());
        Assert.Equal(("team", target.Team), (ChangeWorld.Text(later["owner"]!["kind"]), ChangeWorld.Text(later["owner"]!["key"])));

        foreach (var (bad, field) in new (FollowUpRequest, string)[]
        {
            (new("Two owners", OwnerUser: owner.UserName, OwnerTeam: target.Team, Due: today), "owner"),
            (new("No owner", Due: today), "owner"),
            (new("Nobody", OwnerUser: Json.Unique("nobody"), Due: today), "ownerUser"),
            (new("No day", OwnerTeam: target.Team), "due"),
            (new("Yesterday", OwnerTeam: target.Team, Due: today.AddDays(-1)), "due"),
            (new("Done already", OwnerTeam: target.Team, Due: today, State: "done"), "state"),
        })
        {
            var refused = await ExpectAsync(await world.Admin.PostAsJsonAsync(path, bad), HttpStatusCode.BadRequest);
            Assert.NotNull(refused["errors"]![field]);
        }
        Assert.Equal("review.not_found", await RefusedAsync(
            await world.Admin.PostAsJsonAsync("/api/v1/reviews/999999999/follow-ups", new FollowUpRequest("x", OwnerTeam: target.Team, Due: today)), HttpStatusCode.NotFound));

        async Task<List<long>> OverdueAsync() =>
            [.. (await ExpectAsync(await world.Admin.GetAsync($"/api/v1/follow-ups?overdue=true&incident={incident.Number}"), HttpStatusCode.OK))["items"]!
                .AsArray().Select(f => f!["id"]!.GetValue<long>())];

        Assert.Empty(await OverdueAsync());
        app.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal([soon["id"]!.GetValue<long>()], await OverdueAsync());
        var shown = await ExpectAsync(await world.Admin.GetAsync($"/api/v1/follow-ups/{soon["id"]}"), HttpStatusCode.OK);
        Assert.True(shown["overdue"]!.GetValue<bool>());

        var done = new FollowUpRequest("Alert on queue age", OwnerUser: owner.UserName, Due: today.AddDays(1), State: "done", Outcome: "Alert on queue age above 5 minutes.",
            Version: soon["version"]!.GetValue<long>());
        Assert.Equal("follow_up.not_owner", await RefusedAsync(await stranger.Client.PutAsJsonAsync($"/api/v1/follow-ups/{soon["id"]}", done), HttpStatusCode.Forbidden));
        var completed = await ExpectAsync(await owner.Client.PutAsJsonAsync($"/api/v1/follow-ups/{soon["id"]}", done), HttpStatusCode.OK);
        Assert.Equal(("done", false, "Alert on queue age above 5 minutes."),
            (ChangeWorld.Text(completed["state"]), completed["overdue"]!.GetValue<bool>(), ChangeWorld.Text(completed["outcome"])));
        Assert.NotNull(completed["doneAt"]);
        Assert.Equal("concurrency.stale_version", await RefusedAsync(await owner.Client.PutAsJsonAsync($"/api/v1/follow-ups/{soon["id"]}", done), HttpStatusCode.Conflict));
        Assert.Empty(await OverdueAsync());

        var byOwner = (await ExpectAsync(await world.Admin.GetAsync($"/api/v1/follow-ups?owner={owner.UserName}"), HttpStatusCode.OK))["items"]!.AsArray();
        Assert.Equal([soon["id"]!.GetValue<long>()], byOwner.Select(f => f!["id"]!.GetValue<long>()));
        var detail = await ExpectAsync(await world.Admin.GetAsync($"/api/v1/reviews/{incident.Number}"), HttpStatusCode.OK);
        Assert.Equal(["done", "open"], detail["followUps"]!.AsArray().Select(f => ChangeWorld.Text(f!["state"])));
        Assert.Equal(1, detail["review"]!["openFollowUps"]!.GetValue<int>());
        Assert.Equal("validation.failed", await RefusedAsync(await world.Admin.GetAsync("/api/v1/follow-ups?state=finished"), HttpStatusCode.BadRequest));
        Assert.Equal("follow_up.not_found", await RefusedAsync(await world.Admin.GetAsync("/api/v1/follow-ups/999999999"), HttpStatusCode.NotFound));
    }
}
