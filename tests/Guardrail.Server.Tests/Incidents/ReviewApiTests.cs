using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Changes;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Incidents;

/// <summary>Post-incident reviews through the API. Incidents are made in the store (<see cref="IncidentSeed"/>).</summary>
public sealed class ReviewApiTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    internal static long VersionOf(JsonNode detail) => detail["review"]!["version"]!.GetValue<long>();

    internal static async Task<JsonNode> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    internal static async Task<string> RefusedAsync(HttpResponseMessage response, HttpStatusCode expected) =>
        ChangeWorld.Text((await ExpectAsync(response, expected))["code"]);

    /// <summary>A major incident on the service, resolved 30 minutes ago after 95 minutes of impact, with its own timeline.</summary>
    internal static Task<Core.Incidents.Incident> ResolvedIncidentAsync(GuardrailApp app, string service, string title = "Payments time out")
    {
        var restored = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-30);
        var started = restored.AddMinutes(-95);
        return IncidentSeed.CreateAsync(app.Services, new IncidentSpec(
            title, [service], started, started.AddMinutes(5), started.AddMinutes(15), restored,
            Events: [new(started.AddMinutes(5), "opened", "Opened from the alert."), new(started.AddMinutes(15), "acknowledged", "Acknowledged."), new(restored, "resolved", "Restored.")],
            Alerts: [new(Json.Unique("fp"), "Error rate above 5%", started.AddMinutes(1), restored.AddMinutes(-2))]));
    }

    [Fact]
    public async Task A_review_is_drafted_once_written_without_blame_published_and_exported()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var incident = await ResolvedIncidentAsync(app, target.Service);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var open = await IncidentSeed.CreateAsync(app.Services, new IncidentSpec("Still down", [target.Service], now.AddMinutes(-10), now.AddMinutes(-10)));

        var drafted = await ExpectAsync(await world.Admin.PostAsJsonAsync("/api/v1/reviews", new ReviewDraftRequest(incident.Number)), HttpStatusCode.Created);
        var again = await ExpectAsync(await world.Admin.PostAsJsonAsync("/api/v1/reviews", new ReviewDraftRequest(incident.Number.ToLowerInvariant())), HttpStatusCode.OK);
        var id = drafted["review"]!["id"]!.GetValue<long>();
        Assert.Equal(id, again["review"]!["id"]!.GetValue<long>());
        Assert.Equal("review.incident_not_resolved", await RefusedAsync(await world.Admin.PostAsJsonAsync("/api/v1/reviews", new ReviewDraftRequest(open.Number)), HttpStatusCode.Conflict));
        Assert.Equal("incident.not_found", await RefusedAsync(await world.Admin.PostAsJsonAsync("/api/v1/reviews", new ReviewDraftRequest("INC-999999999")), HttpStatusCode.NotFound));
        Assert.Equal("validation.failed", await RefusedAsync(await world.Admin.PostAsJsonAsync("/api/v1/reviews", new ReviewDraftRequest("payments")), HttpStatusCode.BadRequest));
        Assert.Equal("auth.forbidden", await RefusedAsync(await (await app.ClientAsAsync(Role.Reader)).PostAsJsonAsync("/api/v1/reviews", new ReviewDraftRequest(incident.Number)), HttpStatusCode.Forbidden));

        Assert.Equal(("draft", incident.Number, true), (ChangeWorld.Text(drafted["review"]!["state"]), ChangeWorld.Text(drafted["review"]!["incident"]), drafted["review"]!["majorIncident"]!.GetValue<bool>()));
        var impact = drafted["impact"]!;
        Assert.Equal((300L, 600L, 95L * 60, 90L * 60), (impact["timeToDetectSeconds"]!.GetValue<long>(), impact["timeToAcknowledgeSeconds"]!.GetValue<long>(),
            impact["timeToRestoreFromStartSeconds"]!.GetValue<long>(), impact["timeToRestoreFromOpenedSeconds"]!.GetValue<long>()));
        Assert.Equal([target.Service], impact["services"]!.AsArray().Select(s => ChangeWorld.Text(s!["key"])));
        Assert.Equal(["alert fired", "incident opened", "incident acknowledged", "alert resolved", "incident resolved"],
            drafted["timeline"]!.AsArray().Select(e => $"{ChangeWorld.Text(e!["source"])} {ChangeWorld.Text(e["kind"])}"));
        Assert.Equal(1440, drafted["lookBackMinutes"]!.GetValue<int>());

        var path = $"/api/v1/reviews/{id}";
        var blame = new ReviewRequest("Payments timed out.", ContributingFactors: [new("person", "Bob deployed on a Friday.")], Version: VersionOf(drafted));
        var refused = await ExpectAsync(await world.Admin.PutAsJsonAsync(path, blame), HttpStatusCode.BadRequest);
        Assert.Contains("not people", refused["errors"]!["contributingFactors"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(VersionOf(drafted), VersionOf(await ExpectAsync(await world.Admin.GetAsync(path), HttpStatusCode.OK)));

        var request = new ReviewRequest(
            "Payments timed out for 95 minutes after the gateway's pool filled up.",
            ImpactNotes: "Card payments failed for about 4,000 customers.",
            ContributingFactors: [new("capacity", "The pool was sized for last year's load."), new("detection", "The alert fired on errors, not on pool use.")],
            WentWell: ["The rollback took two minutes.", " "],
            WasHard: ["Finding which deployment changed the pool."],
            Lessons: ["Size pools from measured load."],
            Version: VersionOf(drafted));
        var written = await ExpectAsync(await world.Admin.PutAsJsonAsync(path, request), HttpStatusCode.OK);
        Assert.Equal(["capacity", "detection"], written["contributingFactors"]!.AsArray().Select(f => ChangeWorld.Text(f!["kind"])));
        Assert.Equal(["The rollback took two minutes."], written["wentWell"]!.AsArray().Select(ChangeWorld.Text));
        Assert.Equal("concurrency.stale_version", await RefusedAsync(await world.Admin.PutAsJsonAsync(path, request), HttpStatusCode.Conflict));

        Assert.Equal("review.invalid_transition", await RefusedAsync(
            await world.Admin.PostAsJsonAsync($"{path}/transitions", new ReviewTransitionRequest("published", VersionOf(written))), HttpStatusCode.Conflict));
        var inReview = await ExpectAsync(await world.Admin.PostAsJsonAsync($"/api/v1/reviews/{incident.Number}/transitions", new ReviewTransitionRequest("in-review", VersionOf(written))), HttpStatusCode.OK);
        var published = await ExpectAsync(await world.Admin.PostAsJsonAsync($"{path}/transitions", new ReviewTransitionRequest("published", VersionOf(inReview))), HttpStatusCode.OK);
        Assert.Equal("published", ChangeWorld.Text(published["review"]!["state"]));
        Assert.NotNull(published["review"]!["publishedAt"]);
        Assert.Equal("review.published", await RefusedAsync(await world.Admin.PutAsJsonAsync(path, request with { Version = VersionOf(published) }), HttpStatusCode.Conflict));

        var markdown = await world.Admin.GetAsync($"{path}.md");
        Assert.Equal(HttpStatusCode.OK, markdown.StatusCode);
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType!.MediaType);
        var document = await markdown.Content.ReadAsStringAsync();
        Assert.StartsWith($"# Post-incident review: {incident.Number} Payments time out", document, StringComparison.Ordinal);
        Assert.Contains("- **capacity**: The pool was sized for last year's load.", document, StringComparison.Ordinal);
        Assert.Contains("| Time to restore from impact start | 1 h 35 min |", document, StringComparison.Ordinal);
        Assert.Contains("State: published", document, StringComparison.Ordinal);
        Assert.Equal(document, await (await world.Admin.GetAsync($"/api/v1/reviews/{incident.Number}?format=markdown")).Content.ReadAsStringAsync());
        Assert.Equal("validation.failed", await RefusedAsync(await world.Admin.GetAsync($"{path}?format=pdf"), HttpStatusCode.BadRequest));
        Assert.Equal("review.not_found", await RefusedAsync(await world.Admin.GetAsync("/api/v1/reviews/999999999.md"), HttpStatusCode.NotFound));
        Assert.Equal("review.not_found", await RefusedAsync(await world.Admin.GetAsync("/api/v1/reviews/INC-999999999"), HttpStatusCode.NotFound));

        var audit = (await ExpectAsync(await world.Admin.GetAsync($"/api/v1/audit?recordType=incident-review&recordId={id}&limit=50"), HttpStatusCode.OK))["items"]!.AsArray();
        Assert.Equal(["incident-review.created", "incident-review.updated", "incident-review.updated", "incident-review.updated"],
            audit.Select(e => ChangeWorld.Text(e!["action"])).Order());
        var published1 = (await ExpectAsync(await world.Admin.GetAsync($"/api/v1/reviews?state=published&incident={incident.Number}"), HttpStatusCode.OK))["items"]!.AsArray();
        Assert.Equal([id], published1.Select(r => r!["id"]!.GetValue<long>()));
    }
}
