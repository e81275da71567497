using System.Text.RegularExpressions;
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

    [GeneratedRegex("/incidents/INC-[0-9]+$")]
    private static partial Regex IncidentUrl();
}
