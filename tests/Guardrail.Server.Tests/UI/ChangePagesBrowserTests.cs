using System.Net.Http.Json;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Changes;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Guardrail.Server.Tests.UI;

public sealed class ChangePagesBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_change_manager_approves_a_change_from_its_page_and_sees_it_scheduled()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync("production", "tier1");
        var decision = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed, runId: Json.Unique("run")));
        var number = ChangeWorld.Text(decision["change"]);
        Assert.Equal("pending", ChangeWorld.Text(decision["decision"]));
        var manager = await app.SignedInUserAsync(Role.ChangeManager);
        var page = await app.NewSignedInPageAsync(Role.ChangeManager);

        await page.GotoAsync($"/changes/{number}");
        await Expect(page.Locator("#change-state")).ToHaveTextAsync("authorisation");
        await Expect(page.Locator("#risk-factors tbody tr")).ToHaveCountAsync(8);
        await page.Locator("#vote-form input[name=comment]").FillAsync("Rollback plan checked");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(app.BaseUrl, $"/changes/{number}").ToString());
        await Expect(page.Locator("#change-state")).ToHaveTextAsync("scheduled");
        var vote = page.Locator("#approvals tbody tr");
        await Expect(vote).ToHaveCountAsync(1);
        await Expect(vote).ToContainTextAsync(manager.UserName);
        await Expect(vote).ToContainTextAsync("approve");
        await Expect(vote).ToContainTextAsync("web");
        await Expect(vote).ToContainTextAsync("Rollback plan checked");
        await Expect(page.Locator("#timeline")).ToContainTextAsync($"Approved by {manager.UserName} via web");
        await Expect(page.Locator("#vote-form")).ToHaveCountAsync(0);
        var stored = await world.ChangeAsync(number);
        Assert.Equal("scheduled", ChangeWorld.Text(stored["change"]!["state"]));
        Assert.Equal(manager.UserName, ChangeWorld.Text(stored["approvals"]![0]!["approver"]));
    }

    [Fact]
    public async Task The_requester_sees_segregation_of_duties_and_no_vote_is_recorded()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync("production", "tier1");
        var approver = await app.SignedInUserAsync(Role.Approver);
        var decision = await world.GateAsync(ChangeWorld.Gate(target, requester: approver.UserName, evidence: ChangeWorld.Passed, runId: Json.Unique("run")));
        var number = ChangeWorld.Text(decision["change"]);
        var page = await app.NewSignedInPageAsync(Role.Approver);

        await page.GotoAsync($"/changes/{number}");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(403, response.Status);
        await Expect(page.Locator("#change-error")).ToContainTextAsync("segregation of duties");
        await Expect(page.Locator("#change-state")).ToHaveTextAsync("authorisation");
        await Expect(page.Locator("#approvals tbody tr")).ToHaveCountAsync(0);
        var stored = await world.ChangeAsync(number);
        Assert.Empty(stored["approvals"]!.AsArray());
        await page.GotoAsync("/changes/approvals");
        await Expect(page.Locator("#inbox tr", new() { HasText = number })).ToContainTextAsync("You requested or implement it");
    }

    [Fact]
    public async Task The_list_filters_by_state_and_the_calendar_draws_a_scheduled_change()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync("test", "tier3");
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var start = now.Date.AddHours(now.Hour + 1);
        var created = await world.Admin.PostAsJsonAsync("/api/v1/changes",
            new ChangeRequest("Rotate the signing keys", target.Service, target.Environment, PlannedStart: start, PlannedEnd: start.AddHours(1)));
        var number = ChangeWorld.Text((await created.ReadJsonAsync())["change"]!["number"]);
        var submitted = await world.Admin.PostAsJsonAsync($"/api/v1/changes/{number}/transitions", new ChangeTransitionRequest("assessment", 1));
        Assert.Equal("scheduled", ChangeWorld.Text((await submitted.ReadJsonAsync())["change"]!["state"]));
        var page = await app.NewSignedInPageAsync(Role.Reader);

        await page.GotoAsync($"/changes?state=scheduled&service={target.Service}");
        await Expect(page.Locator("#changes tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#changes tbody tr")).ToContainTextAsync(number);
        await page.GotoAsync($"/changes?state=rejected&service={target.Service}");
        await Expect(page.GetByText("No change matches these filters.")).ToBeVisibleAsync();

        await page.GotoAsync($"/changes/calendar?month={start:yyyy-MM}");
        await Expect(page.Locator("#calendar .fc-event", new() { HasText = number })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_policy_page_shows_each_problem_of_a_candidate_with_its_line_and_column()
    {
        var page = await app.NewSignedInPageAsync(Role.ChangeManager);
        await page.GotoAsync("/changes/policy");
        await Expect(page.Locator("#policy-shown h2")).ToContainTextAsync("(in force)");

        await page.Locator("textarea[name=document]").FillAsync("apiVersion: guardrail/v1\nkind: ChangePolicy\nmetadata:\n  name: broken\nspec:\n  risk:\n    factors:\n      emergency: { weight: heavy }\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();

        await Expect(page.Locator("#policy-problems li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#policy-problems li")).ToContainTextAsync("Line 8, column");
        await Expect(page.Locator("#policy-problems li")).ToContainTextAsync("weight");
    }
}
