using System.Net;
using System.Net.Http.Json;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Changes;
using Guardrail.Server.Tests.Support;
using static Guardrail.Server.Tests.Incidents.IncidentCalls;

namespace Guardrail.Server.Tests.Incidents;

/// <summary>Incidents declared and worked through the API: priority, the transition table, assignment, comments, filters and refusals.</summary>
public sealed class IncidentApiTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    [Fact]
    public async Task A_declared_incident_is_acknowledged_held_resumed_resolved_and_closed_and_then_refuses_every_move()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var ci = await world.CiAsync(service: target.Service);
        var responder = await world.PersonAsync("responder", team: target.Team, email: "oncall@example.com");
        var startedAt = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-30);

        var created = await CreateAsync(responder.Client, new IncidentRequest("Checkout returns 500", "high", "medium",
            Services: [target.Service], Cis: [ci], Assignee: responder.UserName, StartedAt: startedAt));
        var incident = created["incident"]!;
        Assert.Equal(("new", "p2", "matrix"), (Text(incident["state"]), Text(incident["priority"]), Text(incident["prioritySource"])));
        Assert.Equal((responder.UserName, target.Team, responder.UserName, "oncall@example.com"),
            (Text(incident["assignee"]), Text(incident["team"]), Text(incident["reporterName"]), Text(incident["reporterEmail"])));
        Assert.Equal([target.Service], incident["services"]!.AsArray().Select(Text));
        Assert.Equal(ci, Text(Assert.Single(created["cis"]!.AsArray())!["key"]));
        Assert.Equal(startedAt, incident["startedAt"]!.GetValue<DateTime>(), TimeSpan.FromMilliseconds(1));
        Assert.Equal("within", Text(incident["responseSla"]!["state"]));
        Assert.NotNull(incident["resolutionSla"]!["dueAt"]);
        Assert.Equal(["acknowledge", "start", "resolve"], created["allowedActions"]!.AsArray().Select(Text));

        var acknowledged = await MovedAsync(responder.Client, created, "acknowledge");
        Assert.NotNull(acknowledged["incident"]!["acknowledgedAt"]);
        await RefusedAsync(await MoveAsync(responder.Client, Number(created), "hold", Version(acknowledged)), HttpStatusCode.BadRequest, "validation.failed");
        var held = await MovedAsync(responder.Client, acknowledged, "hold", reason: "Waiting for the payment provider");
        Assert.Equal(("on-hold", true), (State(held), held["incident"]!["resolutionSla"]!["paused"]!.GetValue<bool>()));
        Assert.Null(held["incident"]!["resolutionSla"]!["dueAt"]);
        var resumed = await MovedAsync(responder.Client, held, "resume");
        var withoutNotes = await RefusedAsync(await MoveAsync(responder.Client, Number(created), "resolve", Version(resumed)), HttpStatusCode.BadRequest, "validation.failed");
        Assert.NotNull(withoutNotes["errors"]!["resolutionNotes"]);
        var resolved = await MovedAsync(responder.Client, resumed, "resolve", notes: "Rolled back the payment client");
        Assert.Equal(("resolved", "Rolled back the payment client"), (State(resolved), Text(resolved["resolutionNotes"])));
        Assert.Equal("met", Text(resolved["incident"]!["resolutionSla"]!["state"]));
        var closed = await MovedAsync(responder.Client, resolved, "close");

        var reopen = await RefusedAsync(await MoveAsync(responder.Client, Number(created), "reopen", Version(closed), reason: "Again"), HttpStatusCode.Conflict, "incident.invalid_transition");
        Assert.Contains("closed", Text(reopen["detail"]), StringComparison.Ordinal);
        await RefusedAsync(await responder.Client.PutAsJsonAsync($"/api/v1/incidents/{Number(created)}",
            new IncidentRequest("Edited", "low", "low", ReporterName: responder.UserName, Version: Version(closed))), HttpStatusCode.Conflict, "incident.closed");
        var stored = await GetAsync(responder.Client, Number(created));
        Assert.Equal(["opened", "assigned", "acknowledged", "on-hold", "resumed", "resolved", "survey-ready", "closed"], Kinds(stored));
        Assert.Empty(stored["allowedActions"]!.AsArray());
        var audit = await (await world.Admin.GetAsync($"/api/v1/audit?recordType=incident&recordId={stored["incident"]!["id"]}&limit=50")).ReadJsonAsync();
        Assert.Equal(6, audit["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_resolved_incident_reopens_with_a_reason_and_its_resolution_is_cleared()
    {
        var responder = await app.ClientAsAsync(Role.Responder);
        var created = await CreateAsync(responder, new IncidentRequest("Login is slow", "medium", "medium"));
        var resolved = await MovedAsync(responder, await MovedAsync(responder, created, "start"), "resolve", notes: "Cache warmed");

        await RefusedAsync(await MoveAsync(responder, Number(created), "reopen", Version(resolved)), HttpStatusCode.BadRequest, "validation.failed");
        var reopened = await MovedAsync(responder, resolved, "reopen", reason: "Slow again after the cache expired");

        Assert.Equal("in-progress", State(reopened));
        Assert.Null(reopened["incident"]!["resolvedAt"]);
        Assert.Contains("Slow again after the cache expired", Text(reopened["timeline"]!.AsArray()[^1]!["message"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overriding_the_priority_needs_a_reason_which_the_timeline_keeps()
    {
        var responder = await app.ClientAsAsync(Role.Responder);
        var title = Json.Unique("override");

        var refused = await RefusedAsync(await responder.PostAsJsonAsync("/api/v1/incidents", new IncidentRequest(title, "low", "low", Priority: "p1")),
            HttpStatusCode.BadRequest, "validation.failed");
        var created = await CreateAsync(responder, new IncidentRequest(title, "low", "low", Priority: "p1", PriorityReason: "The CEO's demo is in an hour"));
        var edited = await ExpectAsync(await responder.PutAsJsonAsync($"/api/v1/incidents/{Number(created)}",
            new IncidentRequest(title, "low", "low", Priority: "p1", ReporterName: Text(created["incident"]!["reporterName"]), Version: Version(created))), HttpStatusCode.OK);
        var backToMatrix = await ExpectAsync(await responder.PutAsJsonAsync($"/api/v1/incidents/{Number(created)}",
            new IncidentRequest(title, "high", "high", ReporterName: Text(created["incident"]!["reporterName"]), Version: Version(edited))), HttpStatusCode.OK);

        Assert.NotNull(refused["errors"]!["priorityReason"]);
        Assert.Equal(("p1", "override"), (Text(created["incident"]!["priority"]), Text(created["incident"]!["prioritySource"])));
        Assert.Contains("The CEO's demo is in an hour", Text(created["timeline"]!.AsArray().Single(e => Text(e!["kind"]) == "priority-overridden")!["message"]), StringComparison.Ordinal);
        Assert.Equal(("p1", "override"), (Text(edited["incident"]!["priority"]), Text(edited["incident"]!["prioritySource"])));
        Assert.Equal(("p1", "matrix"), (Text(backToMatrix["incident"]!["priority"]), Text(backToMatrix["incident"]!["prioritySource"])));
        Assert.Single(await ListAsync(responder, $"search={title}"));
    }

    [Fact]
    public async Task An_edit_with_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        var responder = await app.ClientAsAsync(Role.Responder);
        var created = await CreateAsync(responder, new IncidentRequest("Search is down", "high", "high"));
        var request = new IncidentRequest("Search is down in eu-west", "high", "high", ReporterName: Text(created["incident"]!["reporterName"]), Version: Version(created));
        await ExpectAsync(await responder.PutAsJsonAsync($"/api/v1/incidents/{Number(created)}", request), HttpStatusCode.OK);

        await RefusedAsync(await responder.PutAsJsonAsync($"/api/v1/incidents/{Number(created)}", request with { Title = "Stale" }), HttpStatusCode.Conflict, "concurrency.stale_version");
        await RefusedAsync(await MoveAsync(responder, Number(created), "acknowledge", Version(created)), HttpStatusCode.Conflict, "concurrency.stale_version");

        var stored = await GetAsync(responder, Number(created));
        Assert.Equal(("Search is down in eu-west", "new"), (Text(stored["incident"]!["title"]), State(stored)));
        Assert.Contains("edited", Kinds(stored));
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "no-title", "title" },
        { "bad-impact", "impact" },
        { "bad-urgency", "urgency" },
        { "bad-priority", "priority" },
        { "unknown-service", "services" },
        { "unknown-ci", "cis" },
        { "unknown-assignee", "assignee" },
        { "unknown-team", "team" },
        { "future-start", "startedAt" },
        { "bad-email", "reporterEmail" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_refused_with_the_field_named_and_nothing_written(string problem, string field)
    {
        var responder = await app.ClientAsAsync(Role.Responder);
        var title = Json.Unique("bad-incident");
        var good = new IncidentRequest(title, "medium", "low");
        var request = problem switch
        {
            "no-title" => good with { Title = " " },
            "bad-impact" => good with { Impact = "enormous" },
            "bad-urgency" => good with { Urgency = null },
            "bad-priority" => good with { Priority = "p9", PriorityReason = "why not" },
            "unknown-service" => good with { Services = [Json.Unique("nosuch")] },
            "unknown-ci" => good with { Cis = [Json.Unique("nosuch-ci")] },
            "unknown-assignee" => good with { Assignee = Json.Unique("nobody") },
            "unknown-team" => good with { Team = Json.Unique("noteam") },
            "future-start" => good with { StartedAt = app.Clock.GetUtcNow().UtcDateTime.AddHours(1) },
            _ => good with { ReporterEmail = "not-an-address" },
        };

        var body = await RefusedAsync(await responder.PostAsJsonAsync("/api/v1/incidents", request), HttpStatusCode.BadRequest, "validation.failed");

        Assert.NotNull(body["errors"]![field]);
        Assert.Empty(await ListAsync(responder, $"search={title}"));
        await CreateAsync(responder, good);
        Assert.Single(await ListAsync(responder, $"search={title}"));
    }

    [Fact]
    public async Task Unknown_incidents_actions_and_filters_are_precise_refusals()
    {
        var responder = await app.ClientAsAsync(Role.Responder);
        var created = await CreateAsync(responder, new IncidentRequest("Queue backlog", "low", "medium"));

        await RefusedAsync(await responder.GetAsync("/api/v1/incidents/INC-987654321"), HttpStatusCode.NotFound, "incident.not_found");
        await RefusedAsync(await responder.GetAsync("/api/v1/incidents/CHG-1"), HttpStatusCode.NotFound, "incident.not_found");
        await RefusedAsync(await MoveAsync(responder, "INC-987654321", "acknowledge", 1), HttpStatusCode.NotFound, "incident.not_found");
        var action = await RefusedAsync(await MoveAsync(responder, Number(created), "escalate", Version(created)), HttpStatusCode.BadRequest, "validation.failed");
        Assert.NotNull(action["errors"]!["action"]);
        await RefusedAsync(await MoveAsync(responder, Number(created), "close", Version(created)), HttpStatusCode.Conflict, "incident.invalid_transition");
        await RefusedAsync(await responder.PostAsJsonAsync($"/api/v1/incidents/{Number(created)}/transitions", new IncidentTransitionRequest("start", null)),
            HttpStatusCode.BadRequest, "validation.failed");
        foreach (var (query, field) in new[] { ("state=sleeping", "state"), ("priority=p0", "priority"), ("sla=fine", "sla") })
        {
            var refused = await RefusedAsync(await responder.GetAsync($"/api/v1/incidents?{query}"), HttpStatusCode.BadRequest, "validation.failed");
            Assert.NotNull(refused["errors"]![field]);
        }
        await RefusedAsync(await responder.GetAsync("/api/v1/incidents?major=maybe"), HttpStatusCode.BadRequest, "request.invalid_parameter");
        await RefusedAsync(await responder.PostAsJsonAsync($"/api/v1/incidents/{Number(created)}/comments", new IncidentCommentRequest(" ")), HttpStatusCode.BadRequest, "validation.failed");
        Assert.Equal(["opened"], Kinds(await GetAsync(responder, Number(created))));
    }

    [Fact]
    public async Task Assigning_defaults_the_team_to_the_persons_and_comments_join_the_timeline()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var other = await world.TargetAsync();
        var person = await world.PersonAsync("responder", team: target.Team);
        var created = await CreateAsync(person.Client, new IncidentRequest("Emails are delayed", "medium", "medium"));

        var toPerson = await ExpectAsync(await person.Client.PostAsJsonAsync($"/api/v1/incidents/{Number(created)}/assignment",
            new IncidentAssignmentRequest(person.UserName, null, Version(created))), HttpStatusCode.OK);
        var toTeam = await ExpectAsync(await person.Client.PostAsJsonAsync($"/api/v1/incidents/{Number(created)}/assignment",
            new IncidentAssignmentRequest(null, other.Team, Version(toPerson))), HttpStatusCode.OK);
        var commented = await ExpectAsync(await person.Client.PostAsJsonAsync($"/api/v1/incidents/{Number(created)}/comments",
            new IncidentCommentRequest("The mail relay queue is at 40,000")), HttpStatusCode.OK);

        Assert.Equal((person.UserName, target.Team), (Text(toPerson["incident"]!["assignee"]), Text(toPerson["incident"]!["team"])));
        Assert.Equal(other.Team, Text(toTeam["incident"]!["team"]));
        Assert.Null(toTeam["incident"]!["assignee"]);
        Assert.Equal(Version(toTeam), Version(commented));
        var comment = commented["timeline"]!.AsArray()[^1]!;
        Assert.Equal(("comment", "The mail relay queue is at 40,000"), (Text(comment["kind"]), Text(comment["message"])));
        Assert.StartsWith("token:", Text(comment["actor"]), StringComparison.Ordinal);
        Assert.Equal(["opened", "assigned", "assigned", "comment"], Kinds(commented));
    }

    [Fact]
    public async Task The_list_filters_by_service_priority_state_team_assignee_major_open_and_sla_and_pages()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var person = await world.PersonAsync("responder", team: target.Team);
        var major = await CreateAsync(person.Client, new IncidentRequest("Payments down", "high", "high", Major: true, Services: [target.Service], Assignee: person.UserName));
        var minor = await CreateAsync(person.Client, new IncidentRequest("Payments receipts late", "low", "low", Services: [target.Service]));
        var done = await CreateAsync(person.Client, new IncidentRequest("Payments flaky", "medium", "medium", Services: [target.Service]));
        await MovedAsync(person.Client, done, "resolve", notes: "Restarted");
        string[] Numbers(System.Text.Json.Nodes.JsonArray items) => [.. items.Select(i => Text(i!["number"]))];
        var service = $"service={target.Service}";

        Assert.Equal([Number(done), Number(minor), Number(major)], Numbers(await ListAsync(person.Client, service)));
        Assert.Equal([Number(major)], Numbers(await ListAsync(person.Client, $"{service}&priority=p1")));
        Assert.Equal([Number(major)], Numbers(await ListAsync(person.Client, $"{service}&major=true")));
        Assert.Equal([Number(done)], Numbers(await ListAsync(person.Client, $"{service}&state=resolved")));
        Assert.Equal([Number(minor), Number(major)], Numbers(await ListAsync(person.Client, $"{service}&open=true")));
        Assert.Equal([Number(major)], Numbers(await ListAsync(person.Client, $"team={target.Team}")));
        Assert.Equal([Number(major)], Numbers(await ListAsync(person.Client, $"assignee={person.UserName}")));
        Assert.Equal([Number(minor), Number(major)], Numbers(await ListAsync(person.Client, $"{service}&sla=within")));
        Assert.Equal([Number(done)], Numbers(await ListAsync(person.Client, $"{service}&sla=met")));
        Assert.Empty(await ListAsync(person.Client, $"{service}&sla=breached"));
        var first = await ExpectAsync(await person.Client.GetAsync($"/api/v1/incidents?{service}&limit=2"), HttpStatusCode.OK);
        var second = await ListAsync(person.Client, $"{service}&limit=2&cursor={Text(first["nextCursor"])}");
        Assert.Equal([Number(done), Number(minor)], Numbers(first["items"]!.AsArray()));
        Assert.Equal([Number(major)], Numbers(second));
    }

    [Fact]
    public async Task Readers_read_responders_write_and_only_administrators_change_the_settings()
    {
        var reader = await app.ClientAsAsync(Role.Reader);
        var responder = await app.ClientAsAsync(Role.Responder);
        var approver = await app.ClientAsAsync(Role.Approver);
        var created = await CreateAsync(responder, new IncidentRequest("Reports fail", "low", "high"));

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/incidents/{Number(created)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/v1/incidents", new IncidentRequest("x", "low", "low"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.PostAsJsonAsync($"/api/v1/incidents/{Number(created)}/comments", new IncidentCommentRequest("x"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/incident-settings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await responder.PutAsJsonAsync("/api/v1/incident-settings", new IncidentSettingsRequest(WarningShare: 0.5, Version: 0))).StatusCode);
    }
}
