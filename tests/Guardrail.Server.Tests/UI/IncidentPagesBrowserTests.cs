using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Changes;
using Guardrail.Server.Tests.Support;
using Microsoft.Playwright;
using static Guardrail.Server.Tests.Incidents.IncidentCalls;
using static Microsoft.Playwright.Assertions;

namespace Guardrail.Server.Tests.UI;

public sealed partial class IncidentPagesBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_responder_declares_an_incident_then_acknowledges_and_resolves_it_from_its_page()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var responder = await app.SignedInUserAsync(Role.Responder);
        var page = await app.NewSignedInPageAsync(Role.Responder);
        var title = Json.Unique("Checkout down");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Practices" }).GetByRole(AriaRole.Link, new() { Name = "Incidents" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Incident queue" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Declare an incident" }).ClickAsync();
        await page.Locator("input[name=title]").FillAsync(title);
        await page.Locator("select[name=impact]").SelectOptionAsync("high");
        await page.Locator("select[name=urgency]").SelectOptionAsync("medium");
        await page.Locator("select[name=services]").SelectOptionAsync(target.Service);
        await page.GetByRole(AriaRole.Button, new() { Name = "Declare" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(IncidentUrl());
        await Expect(page.Locator("#incident-state")).ToHaveTextAsync("new");
        await Expect(page.Locator("#incident-priority")).ToHaveTextAsync("p2");
        await Expect(page.Locator("#sla-response")).ToContainTextAsync("within");
        await Expect(page.Locator("#affected")).ToContainTextAsync("Service " + target.Service);
        var number = page.Url.Split('/')[^1];

        await page.GotoAsync($"/incidents?service={target.Service}");
        await Expect(page.Locator("#incidents tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#incidents tbody tr")).ToContainTextAsync(number);
        await page.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Expect(page.Locator("#incident-state")).ToHaveTextAsync("acknowledged");
        await page.Locator("textarea[name=resolutionNotes]").FillAsync("Restarted the payment workers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }).ClickAsync();

        await Expect(page.Locator("#incident-state")).ToHaveTextAsync("resolved");
        await Expect(page.Locator("#incident-resolution")).ToHaveTextAsync("Restarted the payment workers");
        await Expect(page.Locator("#sla-resolution")).ToContainTextAsync("met");
        await Expect(page.Locator("#timeline")).ToContainTextAsync($"Acknowledged by {responder.UserName}");
        await page.GotoAsync($"/incidents?service={target.Service}");
        await Expect(page.GetByText("No incident matches these filters.")).ToBeVisibleAsync();
        var stored = await GetAsync(world.Admin, number);
        Assert.Equal(("resolved", responder.UserName, title), (State(stored), Text(stored["incident"]!["reporterName"]), Text(stored["incident"]!["title"])));
        Assert.Equal(["opened", "acknowledged", "resolved"], Kinds(stored));
    }

    [Fact]
    public async Task A_responder_confirms_the_change_two_hops_upstream_as_the_cause_from_the_incident_page()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var checkout = await world.TargetAsync();
        var ledger = await world.TargetAsync();
        var api = await world.CiAsync(service: checkout.Service);
        var queue = await world.CiAsync("queue");
        await world.RelateAsync(api, "depends-on", queue);
        await world.RelateAsync(queue, "depends-on", await world.CiAsync("database", ledger.Service));
        var commit = ChangeWorld.Sha();
        var change = Text((await world.GateAsync(ChangeWorld.Gate(ledger, evidence: ChangeWorld.Passed, commit: commit)))["change"]);
        var deployed = await (await world.PipelineAsync()).PostAsJsonAsync("/api/v1/events/deployments",
            new DeploymentEventRequest(commit, ledger.Service, ledger.Environment, "succeeded", CommitSha: commit));
        Assert.Equal(System.Net.HttpStatusCode.OK, deployed.StatusCode);
        var number = Text((await (await world.Admin.PostAsJsonAsync("/api/v1/incidents",
            new IncidentRequest("Checkout requests fail", "high", "high", Services: [checkout.Service]))).ReadJsonAsync())["incident"]!["number"]);
        var page = await app.NewSignedInPageAsync(Role.Responder);

        await page.GotoAsync($"/incidents/{number}");
        var suspect = page.Locator($"#suspects tr[data-change='{change}']");
        await Expect(suspect).ToContainTextAsync("2 hops");
        await suspect.GetByRole(AriaRole.Button, new() { Name = "Confirm as cause" }).ClickAsync();

        await Expect(page.Locator("#cause-list")).ToContainTextAsync(change);
        await Expect(page.Locator($"#suspects tr[data-change='{change}']")).ToContainTextAsync("confirmed cause");
        await Expect(page.Locator("#timeline")).ToContainTextAsync($"Confirmed as the cause: {change}");
        Assert.Equal("failed", Text((await world.ChangeAsync(change))["change"]!["outcome"]));
        var suspects = await (await world.Admin.GetAsync($"/api/v1/incidents/{number}/what-changed")).ReadJsonAsync();
        var first = suspects["suspects"]!.AsArray()[0]!;
        Assert.Equal((change, 2, true), (Text(first["change"]), first["hops"]!.GetValue<int>(), first["confirmed"]!.GetValue<bool>()));

        var rollbackCommit = ChangeWorld.Sha();
        var rollback = (await (await (await world.PipelineAsync()).PostAsJsonAsync("/api/v1/events/deployments",
            new DeploymentEventRequest(rollbackCommit, ledger.Service, ledger.Environment, "succeeded", CommitSha: rollbackCommit))).ReadJsonAsync())["id"]!.GetValue<long>();
        await page.Locator("#cause-list input[name=deploymentId]").FillAsync(rollback.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#cause-list").GetByRole(AriaRole.Button, new() { Name = "Record" }).ClickAsync();

        await Expect(page.Locator("#cause-list")).ToContainTextAsync($"Remediated by deployment {rollback}");
    }

    [GeneratedRegex("/incidents/INC-[0-9]+$")]
    private static partial Regex IncidentUrl();
}
