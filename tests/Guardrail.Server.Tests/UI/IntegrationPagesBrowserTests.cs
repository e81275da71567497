using System.Text;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Guardrail.Server.Tests.UI;

public sealed class IntegrationPagesBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string DeploymentStatusPayload = "github-webhooks/octokit-webhooks/deployment_status/payload.json";

    [Fact]
    public async Task An_admin_adds_a_github_integration_sees_its_secret_once_and_follows_a_signed_delivery_to_its_deployment()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var repository = $"github.com/acme/{Json.Unique("shop")}";
        var (service, _) = await Webhooks.CreateProductionServiceAsync(admin, repository);
        var name = Json.Unique("gh");
        var page = await app.NewSignedInPageAsync(Role.Admin);

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Integrations" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New integration" }).ClickAsync();
        await page.Locator("select[name=kind]").SelectOptionAsync("github");
        await page.Locator("input[name=name]").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add integration" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(app.BaseUrl, "/integrations").ToString());
        var secret = await page.Locator("#new-secret").InputValueAsync();
        var endpoint = await page.Locator("#new-endpoint").InputValueAsync();
        Assert.True(secret.Length >= 16, $"A generated secret is long: '{secret}'.");
        Assert.Equal(new Uri(app.BaseUrl, $"/hooks/github/{name}").ToString(), endpoint);
        await Expect(page.Locator("#secret-once")).ToContainTextAsync("application/json");
        var row = page.Locator("#integrations tbody tr", new() { HasText = name });
        await Expect(row).ToContainTextAsync(endpoint);
        await Expect(row).ToContainTextAsync(secret[^4..]);
        await Expect(row.Locator("[data-cell=last-delivery]")).ToHaveTextAsync("never");

        await page.ReloadAsync();
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.Locator("#secret-once")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        var body = Webhooks.Bytes(Webhooks.GithubPayload(DeploymentStatusPayload, repository));
        using var tool = new HttpClient();
        var deliveryId = await (await tool.SendAsync(Webhooks.Github(endpoint, secret, "deployment_status", body))).AcceptedIdAsync();

        await page.ReloadAsync();
        await row.Locator("[data-cell=last-delivery] a").ClickAsync();
        var delivery = page.Locator($"#delivery-{deliveryId}");
        await page.ReloadUntilAsync(delivery.Locator(".badge"), "processed");
        await Expect(delivery).ToContainTextAsync("deployment_status");
        await Expect(delivery.Locator("[data-cell=attempts]")).ToHaveTextAsync("1");
        await delivery.GetByRole(AriaRole.Link, new() { Name = $"#{deliveryId}" }).ClickAsync();
        await Expect(page.Locator("#delivery-headers")).ToContainTextAsync("x-github-event");
        Assert.Contains("\n  \"deployment_status\": {\n    \"url\": ", await page.Locator("#delivery-body").TextContentAsync(), StringComparison.Ordinal);
        await Expect(page.Locator("#delivery-outcome")).ToContainTextAsync("Deployment 145988746");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Replay" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Deployments" }).ClickAsync();
        await page.Locator("select[name=service]").SelectOptionAsync(service);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var deployment = page.Locator("table.deployments tbody tr");
        await Expect(deployment).ToHaveCountAsync(1);
        await Expect(deployment.Locator(".badge.succeeded")).ToHaveTextAsync("succeeded");
        await Expect(deployment.Locator(".badge.production")).ToHaveTextAsync("production");
        await Expect(deployment).ToContainTextAsync("f95f852");
        await Expect(deployment).ToContainTextAsync("2019-05-15 15:20 UTC");
        await Expect(deployment).ToContainTextAsync("unknown");
        await Expect(deployment.Locator(".badge", new() { HasText = "mapping problem" })).ToHaveCountAsync(0);

        await deployment.Locator("a[href^='/deployments/']").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("succeeded");
        await Expect(page.Locator("#deployment-commit")).ToHaveTextAsync("f95f852bd8fca8fcc58a9a2d6c842781e32a215e");
        var history = page.Locator("#status-history tbody tr");
        await Expect(history).ToHaveCountAsync(1);
        await Expect(history).ToContainTextAsync("2019-05-15 15:20:55 +00:00");
        await Expect(history.GetByRole(AriaRole.Link, new() { Name = $"delivery #{deliveryId}" })).ToBeVisibleAsync();
        await Expect(page.Locator("#shipped-note")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#shipped")).ToContainTextAsync("it is never guessed");

        await page.GotoAsync($"/services/{service}");
        await Expect(page.Locator("#deployments tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#deployments")).ToContainTextAsync("f95f852");
        await page.GetByRole(AriaRole.Link, new() { Name = "All deployments of this service" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(app.BaseUrl, $"/deployments?service={service}").ToString());
        await Expect(page.Locator("select[name=service]")).ToHaveValueAsync(service);
    }

    [Fact]
    public async Task A_dead_delivery_shows_its_error_and_its_body_escaped_and_is_replayed_with_the_button()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var name = Json.Unique("gh");
        var (_, secret) = await Webhooks.CreateIntegrationAsync(admin, "github", name);
        const string Script = "<script>document.title='pwned'</script>";
        var broken = Encoding.UTF8.GetBytes($"{{\"action\": \"{Script}\", \"deployment_status\": ");
        using var tool = new HttpClient { BaseAddress = app.BaseUrl };
        var deliveryId = await (await tool.SendAsync(Webhooks.Github($"/hooks/github/{name}", secret, "deployment_status", broken))).AcceptedIdAsync();
        var page = await app.NewSignedInPageAsync(Role.Admin);

        await page.GotoAsync("/integrations");
        var row = page.Locator("#integrations tbody tr", new() { HasText = name });
        await page.ReloadUntilAsync(row.Locator("[data-cell=dead]"), "1 dead");
        await row.Locator("[data-cell=dead] a").ClickAsync();
        await Expect(page.Locator("select[name=status]")).ToHaveValueAsync("dead");
        var delivery = page.Locator("#deliveries tbody tr");
        await Expect(delivery).ToHaveCountAsync(1);
        await Expect(delivery.Locator(".badge.dead")).ToHaveTextAsync("dead");

        await delivery.GetByRole(AriaRole.Link, new() { Name = $"#{deliveryId}" }).ClickAsync();
        await Expect(page.Locator("#delivery-status")).ToHaveTextAsync("dead");
        await Expect(page.Locator("#delivery-error")).Not.ToHaveTextAsync("none");
        await Expect(page.Locator("#delivery-body")).ToContainTextAsync(Script);
        Assert.NotEqual("pwned", await page.TitleAsync());
        await Expect(page.Locator("#delivery-attempts")).ToHaveTextAsync("1");

        await page.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Delivery #{deliveryId} is queued to be processed again");
        await page.ReloadUntilAsync(page.Locator("#delivery-attempts"), "2");
        await Expect(page.Locator("#delivery-status")).ToHaveTextAsync("dead");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Replay" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_integration_form_shows_refusals_next_to_the_fields_and_never_echoes_the_secret()
    {
        var page = await app.NewSignedInPageAsync(Role.Admin);

        await page.GotoAsync("/integrations/new");
        await page.Locator("select[name=kind]").SelectOptionAsync("github");
        await page.Locator("input[name=name]").FillAsync("Not A Name!");
        await page.Locator("input[name=secret]").FillAsync("too-short");
        await page.Locator("input[name=signedDeliveries]").CheckAsync();
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Add integration" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, response.Status);
        await Expect(page.Locator("#name-error")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#secret-error")).ToContainTextAsync("16 to 1000 characters");
        await Expect(page.Locator("#signedDeliveries-error")).ToContainTextAsync("GitLab hooks only");
        await Expect(page.Locator("input[name=name]")).ToHaveValueAsync("Not A Name!");
        await Expect(page.Locator("input[name=secret]")).ToHaveValueAsync("");
        await Expect(page.Locator("#kind-error")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_admin_disables_enables_and_rotates_an_integration_and_the_new_secret_is_shown_once()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var name = Json.Unique("gl");
        var (_, secret) = await Webhooks.CreateIntegrationAsync(admin, "gitlab", name);
        var page = await app.NewSignedInPageAsync(Role.Admin);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        await page.GotoAsync("/integrations");
        var row = page.Locator("#integrations tbody tr", new() { HasText = name });
        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"GitLab integration '{name}' was disabled");
        await Expect(row.Locator(".badge.disabled")).ToHaveTextAsync("disabled");
        await row.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await Expect(row.Locator(".badge.enabled")).ToHaveTextAsync("enabled");

        await row.Locator("summary", new() { HasText = "Rotate secret" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        await Expect(page.Locator("#secret-once")).ToContainTextAsync("New secret of the GitLab integration");
        await Expect(page.Locator("#secret-once")).ToContainTextAsync("Secret token");
        var rotated = await page.Locator("#new-secret").InputValueAsync();
        Assert.NotEqual(secret, rotated);
        await Expect(row).ToContainTextAsync(rotated[^4..]);
        await page.ReloadAsync();
        await Expect(page.Locator("#secret-once")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_admin_adds_a_mapping_rule_sees_refusals_next_to_the_fields_and_deletes_it()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var (service, environment) = await Webhooks.CreateProductionServiceAsync(admin);
        var repository = $"github.com/acme/{Json.Unique("mono")}";
        var page = await app.NewSignedInPageAsync(Role.Admin);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        await page.GotoAsync("/deployments/mapping-rules");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, response.Status);
        await Expect(page.Locator("#repository-error")).ToContainTextAsync("at least one condition");
        await Expect(page.Locator("#service-error")).ToContainTextAsync("must map to");
        await Expect(page.Locator("select[name=service]")).ToHaveClassAsync("invalid");

        await page.Locator("input[name=repository]").FillAsync(repository);
        await page.Locator("input[name=environmentName]").FillAsync("prod-eu");
        await page.Locator("select[name=service]").SelectOptionAsync(service);
        await page.Locator("select[name=environment]").SelectOptionAsync(environment);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("was added");
        var rule = page.Locator("#mapping-rules tbody tr", new() { HasText = repository });
        await Expect(rule).ToContainTextAsync("prod-eu");
        await Expect(rule).ToContainTextAsync($"Service {service}");
        await Expect(rule.Locator(".badge.production")).ToBeVisibleAsync();

        await rule.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("was deleted");
        await Expect(rule).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_reader_is_refused_the_integration_pages_but_reads_deployments_and_mapping_rules()
    {
        var page = await app.NewSignedInPageAsync(Role.Reader);

        var navigation = page.GetByRole(AriaRole.Navigation);
        await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Integrations" })).ToHaveCountAsync(0);
        await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Changes" })).ToBeVisibleAsync();
        foreach (var path in new[] { "/integrations", "/integrations/new", "/integrations/deliveries" })
        {
            var refused = await page.GotoAsync(path);
            Assert.Equal(403, refused!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        }

        await navigation.GetByRole(AriaRole.Link, new() { Name = "Deployments" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Deployments" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Mapping rules" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mapping rules" })).ToBeVisibleAsync();
        await Expect(page.Locator("#new-rule")).ToHaveCountAsync(0);
    }
}
