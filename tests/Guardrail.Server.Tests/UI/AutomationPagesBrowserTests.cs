using System.Text.Json;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Integrations.Outbox;
using Guardrail.Core.Persistence;
using Guardrail.Server.Tests.Integrations.Outbox;
using Guardrail.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Guardrail.Server.Tests.UI;

public sealed class AutomationPagesBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>A port nothing listens on: the request stays in the outbox, retried with backoff, for longer than a test.</summary>
    private const string Nowhere = "http://127.0.0.1:9/hook";

    [Fact]
    public async Task An_admin_requests_a_run_with_the_form_and_sees_it_as_stored_with_what_came_back()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var target = Json.Unique("hook");
        await CreateWebhookTargetAsync(admin, target, Nowhere);
        var page = await app.NewSignedInPageAsync(Role.Admin);

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Automation" }).ClickAsync();
        await page.Locator("select[name=target]").SelectOptionAsync(target);
        await page.Locator("input[name=reason]").FillAsync("CHG-7: roll out 1.2.3");
        await page.Locator("textarea[name=inputs]").FillAsync("version=1.2.3\nregion=eu");
        await page.GetByRole(AriaRole.Button, new() { Name = "Request run" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(app.BaseUrl, "/automation").ToString());
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"was asked of '{target}'");
        var row = page.Locator("#runs tbody tr", new() { HasText = target });
        await Expect(row).ToHaveCountAsync(1);
        var stored = await StoredRunAsync(target);
        Assert.Equal(new Dictionary<string, string> { ["version"] = "1.2.3", ["region"] = "eu" }, JsonSerializer.Deserialize<Dictionary<string, string>>(stored.Inputs));
        await Expect(row).ToHaveIdAsync($"run-{stored.Id}");
        await Expect(row.Locator("[data-cell=reason]")).ToHaveTextAsync("CHG-7: roll out 1.2.3");
        await Expect(row.Locator("[data-cell=correlation]")).ToHaveTextAsync(stored.CorrelationId);
        await Expect(row.Locator("[data-cell=requested]")).ToContainTextAsync(stored.RequestedBy);
        await Expect(row.Locator("[data-cell=status] .badge")).ToHaveTextAsync(WireNames.Of(stored.Status));
        await Expect(row.Locator("[data-cell=returns]")).ToHaveTextAsync("nothing yet");

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            db.PipelineRuns.Add(new PipelineRun
            {
                Source = IntegrationKind.Github, ProviderRunId = Json.Unique("run"), Name = $"Deploy ({stored.CorrelationId})", Status = PipelineRunState.Running,
                Url = "https://ci.example.com/runs/1", CorrelationId = stored.CorrelationId,
            });
            await db.SaveChangesAsync();
        }
        var pipeline = await app.ClientAsAsync(Role.Pipeline);
        var reported = await pipeline.PostJsonAsync("/api/v1/events/deployments",
            new { deploymentId = Json.Unique("dep"), repository = "github.com/acme/shop", environment = "production", status = "succeeded", correlationId = stored.CorrelationId });
        var deployment = (await reported.ReadJsonAsync())["id"]!.GetValue<long>();

        await page.ReloadAsync();
        var returns = row.Locator("[data-cell=returns]");
        await Expect(returns.GetByRole(AriaRole.Link, new() { Name = $"Deploy ({stored.CorrelationId})" })).ToHaveAttributeAsync("href", "https://ci.example.com/runs/1");
        await Expect(returns.Locator(".pipeline-run .badge")).ToHaveTextAsync("running");
        await Expect(returns.Locator(".deployment .badge")).ToHaveTextAsync("succeeded");
        await returns.GetByRole(AriaRole.Link, new() { Name = $"Deployment #{deployment}" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(app.BaseUrl, $"/deployments/{deployment}").ToString());
        await Expect(page.GetByText(stored.CorrelationId)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_run_form_shows_refusals_next_to_the_fields_and_keeps_what_was_typed()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var target = Json.Unique("hook");
        await CreateWebhookTargetAsync(admin, target, Nowhere);
        var page = await app.NewSignedInPageAsync(Role.Admin);
        await page.GotoAsync("/automation");

        await page.Locator("select[name=target]").SelectOptionAsync(target);
        await page.Locator("textarea[name=inputs]").FillAsync("version");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Request run" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, response.Status);
        await Expect(page.Locator("#inputs-error")).ToHaveTextAsync("Line 1 is not key=value.");
        await Expect(page.Locator("textarea[name=inputs]")).ToHaveValueAsync("version");
        await Expect(page.Locator("textarea[name=inputs]")).ToHaveClassAsync("invalid");

        await page.Locator("textarea[name=inputs]").FillAsync("1st=x");
        response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Request run" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, response.Status);
        await Expect(page.Locator("#reason-error")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("input[name=reason]")).ToHaveClassAsync("invalid");
        await Expect(page.Locator("#inputs-error")).ToContainTextAsync("'1st'");
        await Expect(page.Locator("#target-error")).ToHaveCountAsync(0);
        await Expect(page.Locator("select[name=target]")).ToHaveValueAsync(target);
        using var scope = app.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<GuardrailDb>().AutomationRuns.AnyAsync(r => r.Target!.Name == target));
    }

    [Fact]
    public async Task A_reader_sees_the_runs_but_no_form_and_is_refused_the_targets_page()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var target = Json.Unique("hook");
        await CreateWebhookTargetAsync(admin, target, Nowhere);
        var requested = await admin.PostJsonAsync("/api/v1/automation-runs", new { target, reason = "Asked through the API" });
        var correlationId = (await requested.ReadJsonAsync())["correlationId"]!.GetValue<string>();
        var page = await app.NewSignedInPageAsync(Role.Reader);

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Automation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Automation runs" })).ToBeVisibleAsync();
        var row = page.Locator("#runs tbody tr", new() { HasText = target });
        await Expect(row.Locator("[data-cell=correlation]")).ToHaveTextAsync(correlationId);
        await Expect(row.Locator("[data-cell=reason]")).ToHaveTextAsync("Asked through the API");
        await Expect(page.Locator("#request-run")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Targets" })).ToHaveCountAsync(0);

        var refused = await page.GotoAsync("/automation/targets");
        Assert.Equal(403, refused!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_refused_request_waits_on_the_dead_list_beside_its_targets_circuit_and_retry_sends_it_again()
    {
        await using var receiver = await FlakyReceiver.StartAsync();
        receiver.Script.Enqueue(ReceiverStep.Refuse);
        receiver.Otherwise = ReceiverStep.Succeed;
        var admin = await app.ClientAsAsync(Role.Admin);
        var target = Json.Unique("hook");
        var targetId = await CreateWebhookTargetAsync(admin, target, receiver.Url.ToString());
        var runId = (await (await admin.PostJsonAsync("/api/v1/automation-runs", new { target, reason = "CHG-8" })).ReadJsonAsync())["id"]!.GetValue<long>();
        var page = await app.NewSignedInPageAsync(Role.Admin);

        await page.GotoAsync("/automation");
        await page.GetByRole(AriaRole.Link, new() { Name = "Targets" }).ClickAsync();
        var targetRow = page.Locator($"#target-{targetId}");
        await Expect(targetRow).ToContainTextAsync(receiver.Url.ToString());
        await Expect(targetRow).ToContainTextAsync("configured");
        var message = page.Locator("#dead-messages tbody tr", new() { HasText = target });
        await page.ReloadUntilAsync(message, target);

        var dead = await StoredMessageAsync(targetId);
        Assert.Equal((OutboxStatus.Dead, 1), (dead.Status, dead.Attempts));
        Assert.Equal(AutomationRunStatus.DispatchFailed, (await StoredRunAsync(target)).Status);
        await Expect(message).ToHaveIdAsync($"message-{dead.Id}");
        await Expect(message).ToContainTextAsync(dead.CorrelationId!);
        await Expect(message.Locator("[data-cell=last-error]")).ToHaveTextAsync(dead.LastError!);
        var circuit = app.Services.GetRequiredService<OutboxCircuits>().StateOf(targetId);
        await Expect(targetRow.Locator("[data-cell=circuit]")).ToHaveTextAsync(WireNames.Of(circuit));

        await message.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Message #{dead.Id} to '{target}' is queued to be sent again.");
        await page.GotoAsync("/automation");
        await page.ReloadUntilAsync(page.Locator($"#run-{runId} [data-cell=status] .badge"), "dispatched");

        // The run's status is written just before its message's, which can lag it for a moment.
        for (var attempt = 0; attempt < 600 && (await StoredMessageAsync(targetId)).Status != OutboxStatus.Delivered; attempt++)
            await Task.Delay(100);
        Assert.Equal(OutboxStatus.Delivered, (await StoredMessageAsync(targetId)).Status);
        Assert.Equal(AutomationRunStatus.Dispatched, (await StoredRunAsync(target)).Status);
        Assert.Equal([ReceiverStep.Refuse, ReceiverStep.Succeed], receiver.Received.Select(r => r.Step));
        Assert.Single(receiver.Received.Select(r => r.IdempotencyKey).Distinct());
        await page.GotoAsync("/automation/targets");
        await Expect(message).ToHaveCountAsync(0);
    }

    private static async Task<long> CreateWebhookTargetAsync(HttpClient admin, string name, string url)
    {
        var created = await admin.PostJsonAsync("/api/v1/outbound-targets", new { kind = "webhook", name, url });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync())["target"]!["id"]!.GetValue<long>();
    }

    private async Task<AutomationRun> StoredRunAsync(string target)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<GuardrailDb>().AutomationRuns.AsNoTracking().SingleAsync(r => r.Target!.Name == target);
    }

    private async Task<OutboxMessage> StoredMessageAsync(long targetId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<GuardrailDb>().OutboxMessages.AsNoTracking().SingleAsync(m => m.TargetId == targetId);
    }
}
