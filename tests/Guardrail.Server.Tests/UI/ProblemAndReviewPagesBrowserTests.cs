using Guardrail.Core.Access;
using Guardrail.Server.Tests.Changes;
using Guardrail.Server.Tests.Incidents;
using Guardrail.Server.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Guardrail.Server.Tests.UI;

public sealed class ProblemAndReviewPagesBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_responder_logs_a_problem_from_incidents_records_its_workaround_and_finds_it_among_the_known_errors()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var first = await ReviewApiTests.ResolvedIncidentAsync(app, target.Service, "Gateway answers 504");
        var second = await ReviewApiTests.ResolvedIncidentAsync(app, target.Service, "Gateway answers 504 again");
        var title = $"Gateway pool exhausted {Guid.NewGuid():N}"[..40];
        var page = await app.NewSignedInPageAsync(Role.Responder);

        await page.GotoAsync($"/problems/new?incident={first.Number}");
        await page.Locator("#problem-form input[name=title]").FillAsync(title);
        await page.Locator("#problem-form textarea[name=symptoms]").FillAsync("HTTP 504 from the payments gateway");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.Locator("#problem-state")).ToHaveTextAsync("new");
        await Expect(page.Locator("#incidents tbody tr")).ToContainTextAsync(first.Number);
        await page.Locator("#link-form input[name=incident]").FillAsync(second.Number);
        await page.GetByRole(AriaRole.Button, new() { Name = "Link", Exact = true }).ClickAsync();
        await Expect(page.Locator("#incidents tbody tr")).ToHaveCountAsync(2);

        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "known-error" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, response.Status);
        await Expect(page.Locator("#problem-error")).ToContainTextAsync("record its root cause or a workaround first");

        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await page.Locator("#problem-form textarea[name=workaround]").FillAsync("Scale the gateway to six replicas.");
        await page.Locator("#problem-form select[name=state]").SelectOptionAsync("known-error");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#problem-state")).ToHaveTextAsync("known-error");
        await Expect(page.Locator("#problem-workaround")).ToHaveTextAsync("Scale the gateway to six replicas.");
        await Expect(page.Locator("#timeline")).ToContainTextAsync($"Linked {second.Number}");

        await page.GotoAsync("/problems?knownErrors=true");
        await page.Locator("#problem-filters input[name=search]").FillAsync("payments gateway 504");
        await page.Locator("#problem-filters select[name=service]").SelectOptionAsync(target.Service);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var rows = page.Locator("#problems tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync(title);
        await Expect(rows).ToContainTextAsync("Scale the gateway to six replicas.");
    }

    [Fact]
    public async Task A_responder_drafts_a_review_writes_it_tracks_a_follow_up_publishes_and_downloads_it()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var incident = await ReviewApiTests.ResolvedIncidentAsync(app, target.Service, "Payments time out");
        var responder = await app.SignedInUserAsync(Role.Responder);
        var page = await app.NewSignedInPageAsync(Role.Responder);

        await page.GotoAsync("/reviews");
        await page.Locator("#without-review tr", new() { HasText = incident.Number }).GetByRole(AriaRole.Button, new() { Name = "Draft its review" }).ClickAsync();

        await Expect(page.Locator("#review-state")).ToHaveTextAsync("draft");
        await Expect(page.Locator("#time-to-restore")).ToHaveTextAsync("1 h 35 min from impact start, 1 h 30 min from logged");
        await Expect(page.Locator("#timeline tbody tr")).ToHaveCountAsync(5);
        await page.Locator("#review-form textarea[name=summary]").FillAsync("Payments timed out for 95 minutes.");
        await page.Locator("#factors select[name=factorKinds]").First.SelectOptionAsync("capacity");
        await page.Locator("#factors input[name=factorDescriptions]").First.FillAsync("The pool was sized for last year's load.");
        await page.Locator("#review-form textarea[name=wentWell]").FillAsync("The rollback took two minutes.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator("#factors input[name=factorDescriptions]").First).ToHaveValueAsync("The pool was sized for last year's load.");

        await page.Locator("#add-follow-up input[name=description]").FillAsync("Alert on pool use");
        await page.Locator("#add-follow-up select[name=owner]").SelectOptionAsync($"user:{responder.UserName}");
        await page.Locator("#add-follow-up input[name=due]").FillAsync(DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        await Expect(page.Locator("#follow-ups tbody tr")).ToContainTextAsync("Alert on pool use");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send to review" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.Locator("#review-state")).ToHaveTextAsync("published");
        await Expect(page.Locator("#review-text")).ToContainTextAsync("capacity: The pool was sized for last year's load.");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-markdown").ClickAsync());
        var markdown = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal($"review-{incident.Number}.md", download.SuggestedFilename);
        Assert.StartsWith($"# Post-incident review: {incident.Number} Payments time out", markdown, StringComparison.Ordinal);
        Assert.Contains("- **capacity**: The pool was sized for last year's load.", markdown, StringComparison.Ordinal);

        await page.GotoAsync($"/follow-ups?owner={responder.UserName}");
        var row = page.Locator("#follow-ups tbody tr", new() { HasText = "Alert on pool use" });
        await row.Locator("input[name=outcome]").FillAsync("Alert added.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(page.Locator("#follow-ups tbody tr", new() { HasText = "Alert on pool use" })).ToContainTextAsync("done");
        await Expect(page.Locator("#follow-ups tbody tr", new() { HasText = "Alert on pool use" })).ToContainTextAsync("Alert added.");
    }
}
