using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Changes;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Problems;

/// <summary>Problems and known errors through the API. Incidents are made in the store (<see cref="IncidentSeed"/>).</summary>
public sealed class ProblemApiTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    private static long VersionOf(JsonNode detail) => detail["problem"]!["version"]!.GetValue<long>();

    private static string NumberOf(JsonNode detail) => ChangeWorld.Text(detail["problem"]!["number"]);

    private static async Task<JsonNode> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    private static async Task<string> RefusedAsync(HttpResponseMessage response, HttpStatusCode expected) =>
        ChangeWorld.Text((await ExpectAsync(response, expected))["code"]);

    private async Task<string> IncidentAsync(string title, params string[] services)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var incident = await IncidentSeed.CreateAsync(app.Services, new IncidentSpec(title, services, now.AddHours(-2), now.AddHours(-2), now.AddHours(-1), now.AddMinutes(-30)));
        return incident.Number;
    }

    [Fact]
    public async Task A_problem_links_its_incidents_becomes_a_known_error_and_is_resolved_by_a_change_with_every_refusal_precise()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var first = await IncidentAsync("Checkout times out", target.Service);
        var second = await IncidentAsync("Checkout times out again", target.Service);
        var reader = await app.ClientAsAsync(Role.Reader);
        var request = new ProblemRequest("Checkout times out under load", Symptoms: "HTTP 504 from the payments gateway", Incidents: [first]);

        Assert.Equal("auth.forbidden", await RefusedAsync(await reader.PostAsJsonAsync("/api/v1/problems", request), HttpStatusCode.Forbidden));
        var created = await ExpectAsync(await world.Admin.PostAsJsonAsync("/api/v1/problems", request), HttpStatusCode.Created);
        var number = NumberOf(created);
        Assert.StartsWith("PRB-", number, StringComparison.Ordinal);
        Assert.Equal(("new", false), (ChangeWorld.Text(created["problem"]!["state"]), created["problem"]!["knownError"]!.GetValue<bool>()));
        Assert.Equal([target.Service], created["problem"]!["services"]!.AsArray().Select(ChangeWorld.Text));
        Assert.Equal([first], created["incidents"]!.AsArray().Select(i => ChangeWorld.Text(i!["incident"])));

        var path = $"/api/v1/problems/{number}";
        var linked = await ExpectAsync(await world.Admin.PostAsJsonAsync($"{path}/incidents", new ProblemLinkRequest(second, VersionOf(created))), HttpStatusCode.OK);
        Assert.Equal([first, second], linked["incidents"]!.AsArray().Select(i => ChangeWorld.Text(i!["incident"])));
        Assert.Equal("problem.incident_already_linked",
            await RefusedAsync(await world.Admin.PostAsJsonAsync($"{path}/incidents", new ProblemLinkRequest(second, VersionOf(linked))), HttpStatusCode.Conflict));
        Assert.Equal("concurrency.stale_version",
            await RefusedAsync(await world.Admin.PostAsJsonAsync($"{path}/incidents", new ProblemLinkRequest(second, VersionOf(created))), HttpStatusCode.Conflict));
        var unlinked = await ExpectAsync(await world.Admin.DeleteAsync($"{path}/incidents/{first}?version={VersionOf(linked)}"), HttpStatusCode.OK);
        Assert.Equal([second], unlinked["incidents"]!.AsArray().Select(i => ChangeWorld.Text(i!["incident"])));
        Assert.Equal("problem.incident_not_linked",
            await RefusedAsync(await world.Admin.DeleteAsync($"{path}/incidents/{first}?version={VersionOf(unlinked)}"), HttpStatusCode.NotFound));
        var explaining = (await ExpectAsync(await world.Admin.GetAsync($"/api/v1/problems?incident={second}"), HttpStatusCode.OK))["items"]!.AsArray();
        Assert.Equal([number], explaining.Select(p => ChangeWorld.Text(p!["number"])));

        Assert.Equal("problem.analysis_required", await RefusedAsync(
            await world.Admin.PostAsJsonAsync($"{path}/transitions", new ProblemTransitionRequest("known-error", VersionOf(unlinked))), HttpStatusCode.Conflict));
        var known = await ExpectAsync(await world.Admin.PutAsJsonAsync(path, request with
        {
            Incidents = null, RootCause = "The gateway's connection pool is sized for last year's load.", Workaround = "Scale the gateway to six replicas.",
            State = "known-error", Version = VersionOf(unlinked),
        }), HttpStatusCode.OK);
        Assert.Equal(("known-error", true), (ChangeWorld.Text(known["problem"]!["state"]), known["problem"]!["knownError"]!.GetValue<bool>()));
        Assert.Equal([second], known["incidents"]!.AsArray().Select(i => ChangeWorld.Text(i!["incident"])));

        Assert.Equal("problem.fix_required", await RefusedAsync(
            await world.Admin.PostAsJsonAsync($"{path}/transitions", new ProblemTransitionRequest("resolved", VersionOf(known))), HttpStatusCode.Conflict));
        var change = ChangeWorld.Text((await ExpectAsync(await world.Admin.PostAsJsonAsync("/api/v1/changes",
            new ChangeRequest("Size the gateway pool by load", target.Service, target.Environment)), HttpStatusCode.Created))["change"]!["number"]);
        var resolved = await ExpectAsync(await world.Admin.PutAsJsonAsync(path, request with
        {
            Incidents = null, RootCause = ChangeWorld.Text(known["rootCause"]), Workaround = ChangeWorld.Text(known["workaround"]),
            FixChange = change, State = "resolved", Version = VersionOf(known),
        }), HttpStatusCode.OK);
        Assert.Equal(("resolved", change), (ChangeWorld.Text(resolved["problem"]!["state"]), ChangeWorld.Text(resolved["problem"]!["fixChange"])));
        Assert.NotNull(resolved["problem"]!["resolvedAt"]);
        Assert.Equal("problem.invalid_transition", await RefusedAsync(
            await world.Admin.PostAsJsonAsync($"{path}/transitions", new ProblemTransitionRequest("known-error", VersionOf(resolved))), HttpStatusCode.Conflict));

        var closed = await ExpectAsync(await world.Admin.PostAsJsonAsync($"{path}/transitions", new ProblemTransitionRequest("closed", VersionOf(resolved), "Fixed for good")), HttpStatusCode.OK);
        Assert.Equal("problem.closed", await RefusedAsync(await world.Admin.PutAsJsonAsync(path, request with { Incidents = null, Version = VersionOf(closed) }), HttpStatusCode.Conflict));
        Assert.Equal("problem.closed", await RefusedAsync(
            await world.Admin.PostAsJsonAsync($"{path}/incidents", new ProblemLinkRequest(first, VersionOf(closed))), HttpStatusCode.Conflict));
        Assert.Empty(closed["allowedTransitions"]!.AsArray());
        Assert.Equal(
            ["logged", "incident-linked", "incident-linked", "incident-unlinked", "state-changed", "edited", "state-changed", "edited", "state-changed"],
            closed["timeline"]!.AsArray().Select(e => ChangeWorld.Text(e!["kind"])));
        Assert.Contains(closed["timeline"]!.AsArray(), e => ChangeWorld.Text(e!["message"]) == "resolved → closed: Fixed for good");

        var audit = (await ExpectAsync(await world.Admin.GetAsync($"/api/v1/audit?recordType=problem&recordId={closed["problem"]!["id"]}&limit=50"), HttpStatusCode.OK))["items"]!.AsArray();
        Assert.Equal(["problem.created", .. Enumerable.Repeat("problem.updated", 5)], audit.Select(e => ChangeWorld.Text(e!["action"])).Order());
        var problemId = closed["problem"]!["id"]!.GetValue<long>();
        var links = (await ExpectAsync(await world.Admin.GetAsync("/api/v1/audit?recordType=problem-incident&limit=500"), HttpStatusCode.OK))["items"]!.AsArray()
            .Where(e => JsonNode.Parse(e!["after"]?.GetValue<string>() ?? e["before"]!.GetValue<string>())!["problemId"]!.GetValue<long>() == problemId)
            .Select(e => ChangeWorld.Text(e!["action"])).Order();
        Assert.Equal(["problem-incident.created", "problem-incident.created", "problem-incident.deleted"], links);
        Assert.Equal("problem.not_found", await RefusedAsync(await world.Admin.GetAsync("/api/v1/problems/PRB-999999999"), HttpStatusCode.NotFound));
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "no-title", "title" },
        { "unknown-service", "services" },
        { "unknown-incident", "incidents" },
        { "unknown-fix-change", "fixChange" },
        { "unknown-state", "state" },
        { "known-error-without-analysis", "" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_refused_precisely_and_nothing_is_written(string problem, string field)
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var title = Json.Unique("problem");
        var good = new ProblemRequest(title, Services: [target.Service]);
        var request = problem switch
        {
            "no-title" => good with { Title = " " },
            "unknown-service" => good with { Services = [target.Service, Json.Unique("nosuch")] },
            "unknown-incident" => good with { Incidents = ["INC-999999999"] },
            "unknown-fix-change" => good with { FixChange = "CHG-999999999" },
            "unknown-state" => good with { State = "fixed" },
            _ => good with { State = "known-error" },
        };

        var response = await world.Admin.PostAsJsonAsync("/api/v1/problems", request);

        var body = await response.ReadJsonAsync();
        if (field.Length > 0)
        {
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body.ToJsonString());
            Assert.Equal("validation.failed", ChangeWorld.Text(body["code"]));
            Assert.NotNull(body["errors"]![field]);
        }
        else
            Assert.Equal("problem.analysis_required", ChangeWorld.Text(body["code"]));
        var search = $"/api/v1/problems?service={target.Service}";
        Assert.Empty((await (await world.Admin.GetAsync(search)).ReadJsonAsync())["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.Created, (await world.Admin.PostAsJsonAsync("/api/v1/problems", good)).StatusCode);
        Assert.Single((await (await world.Admin.GetAsync(search)).ReadJsonAsync())["items"]!.AsArray());
    }

    [Fact]
    public async Task Known_errors_are_found_by_their_words_and_service_and_from_an_incident()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var shop = (await world.TargetAsync()).Service;
        var other = (await world.TargetAsync()).Service;
        var marker = Guid.NewGuid().ToString("N")[..10];

        async Task<string> KnownErrorAsync(string title, string service, string? symptoms, string workaround, bool known = true) =>
            NumberOf(await ExpectAsync(await world.Admin.PostAsJsonAsync("/api/v1/problems", new ProblemRequest(
                $"{title} {marker}", Symptoms: symptoms, Services: [service], RootCause: known ? "Understood." : null, Workaround: workaround,
                State: known ? "known-error" : "under-investigation")), HttpStatusCode.Created));

        var gateway = await KnownErrorAsync("Checkout times out under load", shop, "HTTP 504 from the payments gateway", "Scale the gateway to six replicas.");
        var login = await KnownErrorAsync("Login page is slow", shop, null, "Clear the session cache.");
        var button = await KnownErrorAsync("Checkout button missing", other, "Blank page at checkout", "Reload the page.");
        var investigating = await KnownErrorAsync("Checkout gateway 504", shop, "504 at checkout", "None yet.", known: false);

        async Task<List<string>> FoundAsync(string query) =>
            [.. (await ExpectAsync(await world.Admin.GetAsync($"/api/v1/known-errors?{query}"), HttpStatusCode.OK)).AsArray()
                .Select(k => ChangeWorld.Text(k!["problem"])).Where(p => p == gateway || p == login || p == button || p == investigating)];

        Assert.Equal([gateway], await FoundAsync($"search=GATEWAY+504+{marker}&service={shop}"));
        Assert.Equal([button, gateway], await FoundAsync($"search=checkout+{marker}"));
        Assert.Equal([login, gateway], await FoundAsync($"service={shop}"));
        Assert.Equal([login], await FoundAsync($"search=session+cache+{marker}"));
        Assert.Equal("validation.failed", await RefusedAsync(await world.Admin.GetAsync($"/api/v1/known-errors?service={Json.Unique("nosuch")}"), HttpStatusCode.BadRequest));

        var incident = await IncidentAsync($"Payments gateway answers 504 at checkout {marker}", shop);
        var forIncident = (await ExpectAsync(await world.Admin.GetAsync($"/api/v1/known-errors?incident={incident}"), HttpStatusCode.OK)).AsArray();
        var first = forIncident[0]!;
        Assert.Equal(gateway, ChangeWorld.Text(first["problem"]));
        Assert.Equal(["payments", "gateway", "504", "checkout", marker], first["matchedTerms"]!.AsArray().Select(ChangeWorld.Text));
        Assert.Equal("Scale the gateway to six replicas.", ChangeWorld.Text(first["workaround"]));
        Assert.DoesNotContain(forIncident, k => ChangeWorld.Text(k!["problem"]) is var p && (p == button || p == investigating));
        Assert.True(forIncident.Select(k => k!["score"]!.GetValue<int>()).Zip(forIncident.Skip(1).Select(k => k!["score"]!.GetValue<int>())).All(pair => pair.First >= pair.Second));
        Assert.Equal("validation.failed", await RefusedAsync(await world.Admin.GetAsync($"/api/v1/known-errors?incident={incident}&search=x"), HttpStatusCode.BadRequest));
        Assert.Equal("incident.not_found", await RefusedAsync(await world.Admin.GetAsync("/api/v1/known-errors?incident=INC-999999999"), HttpStatusCode.NotFound));

        var knownOnly = (await ExpectAsync(await world.Admin.GetAsync($"/api/v1/problems?knownError=true&service={shop}"), HttpStatusCode.OK))["items"]!.AsArray();
        Assert.Equal([login, gateway], knownOnly.Select(p => ChangeWorld.Text(p!["number"])));
    }
}
