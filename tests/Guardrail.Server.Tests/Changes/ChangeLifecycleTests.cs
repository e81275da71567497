using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Changes;

/// <summary>A change requested by hand through the API, edited, submitted, refused moves, cancelled.</summary>
public sealed class ChangeLifecycleTests(ChangeApp app) : IClassFixture<ChangeApp>
{
    private static readonly DateTime Start = new(2031, 5, 6, 20, 0, 0, DateTimeKind.Utc);

    private static long VersionOf(JsonNode detail) => detail["change"]!["version"]!.GetValue<long>();

    private static async Task<string> CodeOfAsync(HttpResponseMessage response) => ChangeWorld.Text((await response.ReadJsonAsync())["code"]);

    private static async Task<JsonNode> OkAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    private static Task<HttpResponseMessage> MoveAsync(ChangeWorld world, string number, string to, long version) =>
        world.Admin.PostAsJsonAsync($"/api/v1/changes/{number}/transitions", new ChangeTransitionRequest(to, version, "from a test"));

    [Fact]
    public async Task A_change_requested_with_its_links_is_edited_submitted_and_cancelled_and_refuses_moves_it_cannot_make()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var ci = await world.CiAsync(service: target.Service);
        var commits = new[] { ChangeWorld.Sha(), ChangeWorld.Sha() };
        var request = new ChangeRequest("Rotate the database credentials", target.Service, target.Environment, PlannedStart: Start, PlannedEnd: Start.AddHours(1),
            Cis: [ci], Commits: commits, PullRequests: ["acme/payments#12"]);

        var created = await OkAsync(await world.Admin.PostAsJsonAsync("/api/v1/changes", request), HttpStatusCode.Created);
        var number = ChangeWorld.Text(created["change"]!["number"]);
        var detail = await world.ChangeAsync(number);
        Assert.Equal(("requested", "normal", target.Service), (ChangeWorld.Text(detail["change"]!["state"]), ChangeWorld.Text(detail["change"]!["type"]), ChangeWorld.Text(detail["change"]!["service"])));
        Assert.Equal("CI " + ci, ChangeWorld.Text(Assert.Single(detail["cis"]!.AsArray())!["name"]));
        Assert.Equal(commits.Order(), detail["commits"]!.AsArray().Select(ChangeWorld.Text).Order());
        Assert.Equal(["acme/payments#12"], detail["pullRequests"]!.AsArray().Select(ChangeWorld.Text));
        Assert.Equal((Start, Start.AddHours(1)), (detail["change"]!["plannedStart"]!.GetValue<DateTime>(), detail["change"]!["plannedEnd"]!.GetValue<DateTime>()));

        var stale = await world.Admin.PutAsJsonAsync($"/api/v1/changes/{number}", request with { Title = "Stale edit", Version = VersionOf(detail) + 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var edited = await OkAsync(await world.Admin.PutAsJsonAsync($"/api/v1/changes/{number}", request with { Title = "Rotate the credentials", Version = VersionOf(detail) }));
        Assert.Equal("Rotate the credentials", ChangeWorld.Text(edited["change"]!["title"]));
        Assert.Equal(["acme/payments#12"], edited["pullRequests"]!.AsArray().Select(ChangeWorld.Text));

        var submitted = await OkAsync(await MoveAsync(world, number, "assessment", VersionOf(edited)));
        Assert.Equal("authorisation", ChangeWorld.Text(submitted["change"]!["state"]));
        Assert.NotNull(submitted["change"]!["riskScore"]);
        Assert.Equal(1, submitted["change"]!["policyVersion"]!.GetValue<long>());
        Assert.NotEmpty(submitted["riskFactors"]!.AsArray());

        var byHand = await MoveAsync(world, number, "scheduled", VersionOf(submitted));
        Assert.Equal(HttpStatusCode.Conflict, byHand.StatusCode);
        Assert.Equal("change.decided_by_policy", await CodeOfAsync(byHand));

        var cancelled = await OkAsync(await MoveAsync(world, number, "cancelled", VersionOf(submitted)));
        Assert.Equal("cancelled", ChangeWorld.Text(cancelled["change"]!["state"]));

        var invalid = await MoveAsync(world, number, "implementation", VersionOf(cancelled));
        Assert.Equal(HttpStatusCode.Conflict, invalid.StatusCode);
        Assert.Equal("change.invalid_transition", await CodeOfAsync(invalid));
        Assert.Equal("cancelled", ChangeWorld.Text((await world.ChangeAsync(number))["change"]!["state"]));
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "unknown-service", "service" },
        { "end-before-start", "plannedEnd" },
        { "bad-commit", "commit" },
        { "bad-commits", "commits" },
        { "bad-pull-request", "pullRequests" },
        { "unknown-ci", "cis" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_refused_with_the_field_named_and_nothing_written(string problem, string field)
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var title = Json.Unique("bad-change");
        var good = new ChangeRequest(title, target.Service, target.Environment, PlannedStart: Start, PlannedEnd: Start.AddHours(1));
        var request = problem switch
        {
            "unknown-service" => good with { Service = Json.Unique("nosuch") },
            "end-before-start" => good with { PlannedEnd = Start.AddHours(-1) },
            "bad-commit" => good with { Commit = "not-a-sha" },
            "bad-commits" => good with { Commits = [ChangeWorld.Sha(), "xyz"] },
            "bad-pull-request" => good with { PullRequests = ["acme/payments!12"] },
            _ => good with { Cis = [Json.Unique("nosuch-ci")] },
        };

        var response = await world.Admin.PostAsJsonAsync("/api/v1/changes", request);

        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body.ToJsonString());
        Assert.NotNull(body["errors"]![field]);
        Assert.Empty((await (await world.Admin.GetAsync($"/api/v1/changes?search={title}")).ReadJsonAsync())["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.Created, (await world.Admin.PostAsJsonAsync("/api/v1/changes", good)).StatusCode);
        Assert.Single((await (await world.Admin.GetAsync($"/api/v1/changes?search={title}")).ReadJsonAsync())["items"]!.AsArray());
    }
}
