using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using static Guardrail.Cli.Tests.CliRunner;

namespace Guardrail.Cli.Tests;

/// <summary>The integration and delivery verbs against a real server; every test makes its own integrations.</summary>
public class IntegrationCommandTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    [Fact]
    public async Task Create_prints_the_generated_secret_once_with_the_endpoint_and_where_to_paste_it()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var name = UniqueKey("gh");

        var created = await RunAsync(app, admin, ExitCodes.Success, "integration", "create", "--kind", "github", "--name", name);

        var secret = SecretLine(created.Out);
        Assert.True(secret.Length >= 16, created.ToString());
        Assert.Contains($"Endpoint URL: {app.Server.BaseAddress.ToString().TrimEnd('/')}/hooks/github/{name}", created.Out, StringComparison.Ordinal);
        Assert.Contains("Settings › Webhooks › Add webhook", created.Out, StringComparison.Ordinal);
        Assert.Contains("application/json", created.Out, StringComparison.Ordinal);
        Assert.Empty(created.Error);

        var id = await IdOfAsync(admin, name);
        var shown = await RunAsync(app, admin, ExitCodes.Success, "integration", "show", id.ToString());
        var listed = await RunAsync(app, admin, ExitCodes.Success, "integration", "list");
        var listedJson = await RunAsync(app, admin, ExitCodes.Success, "integration", "list", "--json");
        Assert.Contains($"…{secret[^4..]}", shown.Out, StringComparison.Ordinal);
        Assert.Contains(name, listed.Out, StringComparison.Ordinal);
        foreach (var later in new[] { shown, listed, listedJson })
            Assert.DoesNotContain(secret, later.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_with_json_prints_the_response_with_its_secret()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var name = UniqueKey("gl");

        var created = await RunAsync(app, admin, ExitCodes.Success, "integration", "create", "--kind", "gitlab", "--name", name, "--signed", "--description", "Platform group", "--json");

        var response = JsonNode.Parse(created.Out)!;
        var secret = response["secret"]!.GetValue<string>();
        var integration = response["integration"]!;
        Assert.Equal(("gitlab", name, "Platform group", true, true, 1L), (integration["kind"]!.GetValue<string>(), integration["name"]!.GetValue<string>(),
            integration["description"]!.GetValue<string>(), integration["signedDeliveries"]!.GetValue<bool>(), integration["enabled"]!.GetValue<bool>(),
            integration["version"]!.GetValue<long>()));
        Assert.Equal($"/hooks/gitlab/{name}", integration["endpointPath"]!.GetValue<string>());
        Assert.Equal($"…{secret[^4..]}", integration["secretHint"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_secret_given_on_stdin_is_used_and_not_echoed()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var name = UniqueKey("pd");
        const string Secret = "pagerduty-made-this-secret-0123";

        var created = await RunWithInputAsync(app, admin, Secret + "\n", ExitCodes.Success, "integration", "create", "--kind", "pagerduty", "--name", name, "--secret-stdin");

        Assert.DoesNotContain(Secret, created.Out, StringComparison.Ordinal);
        Assert.Contains("the one read from standard input (ending …0123)", created.Out, StringComparison.Ordinal);
        Assert.Contains("Generic Webhooks (v3)", created.Out, StringComparison.Ordinal);
        var shown = JsonNode.Parse((await RunAsync(app, admin, ExitCodes.Success, "integration", "show", (await IdOfAsync(admin, name)).ToString(), "--json")).Out)!;
        Assert.Equal("…0123", shown["secretHint"]!.GetValue<string>());
    }

    [Fact]
    public async Task Secret_stdin_without_a_secret_is_a_usage_error_and_creates_nothing()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var name = UniqueKey("gh");

        var result = await RunWithInputAsync(app, admin, "", ExitCodes.Usage, "integration", "create", "--kind", "github", "--name", name, "--secret-stdin");

        Assert.Contains("standard input held no secret", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(name, (await RunAsync(app, admin, ExitCodes.Success, "integration", "list")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_exits_1_with_the_problem_code_and_the_fields()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);

        var badName = await RunAsync(app, admin, ExitCodes.Refused, "integration", "create", "--kind", "jira", "--name", "Not A Name!");
        var shortSecret = await RunWithInputAsync(app, admin, "short\n", ExitCodes.Refused, "integration", "create", "--kind", "github", "--name", UniqueKey("gh"), "--secret-stdin");

        Assert.Contains("[validation.failed]", badName.Error, StringComparison.Ordinal);
        Assert.Contains("kind:", badName.Error, StringComparison.Ordinal);
        Assert.Contains("name:", badName.Error, StringComparison.Ordinal);
        Assert.Contains("secret:", shortSecret.Error, StringComparison.Ordinal);
        Assert.Empty(badName.Out);
    }

    [Fact]
    public async Task Disable_enable_and_rotate_read_the_current_version_first()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var name = UniqueKey("gh");
        var first = JsonNode.Parse((await RunAsync(app, admin, ExitCodes.Success, "integration", "create", "--kind", "github", "--name", name, "--json")).Out)!;
        var id = first["integration"]!["id"]!.GetValue<long>().ToString();

        var disabled = await RunAsync(app, admin, ExitCodes.Success, "integration", "disable", id);
        Assert.Contains($"'{name}' (id {id}) is disabled", disabled.Out, StringComparison.Ordinal);
        var enabled = JsonNode.Parse((await RunAsync(app, admin, ExitCodes.Success, "integration", "enable", id, "--json")).Out)!;
        Assert.Equal((true, 3L), (enabled["enabled"]!.GetValue<bool>(), enabled["version"]!.GetValue<long>()));

        var rotated = await RunAsync(app, admin, ExitCodes.Success, "integration", "rotate-secret", id);
        var secret = SecretLine(rotated.Out);
        Assert.NotEqual(first["secret"]!.GetValue<string>(), secret);
        Assert.Contains("refused from now on", rotated.Out, StringComparison.Ordinal);
        var rotatedJson = JsonNode.Parse((await RunWithInputAsync(app, admin, "a-secret-of-my-own-choosing\n", ExitCodes.Success, "integration", "rotate-secret", id, "--secret-stdin", "--json")).Out)!;
        Assert.Equal("a-secret-of-my-own-choosing", rotatedJson["secret"]!.GetValue<string>());
        Assert.Equal(5, rotatedJson["integration"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Delete_removes_an_integration_and_an_unknown_id_is_refused()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var name = UniqueKey("am");
        await RunAsync(app, admin, ExitCodes.Success, "integration", "create", "--kind", "alertmanager", "--name", name);
        var id = (await IdOfAsync(admin, name)).ToString();

        var deleted = await RunAsync(app, admin, ExitCodes.Success, "integration", "delete", id);

        Assert.Contains($"Deleted integration {id}.", deleted.Out, StringComparison.Ordinal);
        var gone = await RunAsync(app, admin, ExitCodes.Refused, "integration", "show", id);
        Assert.Contains("[integration.not_found]", gone.Error, StringComparison.Ordinal);
        Assert.Contains("[integration.not_found]", (await RunAsync(app, admin, ExitCodes.Refused, "integration", "disable", id)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_id_that_is_not_a_number_is_a_usage_error()
    {
        var result = await RunAsync(app, "integration", "show", "github");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("github", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_may_not_manage_integrations_nor_read_deliveries()
    {
        var reader = await app.IssueTokenAsync(Role.Reader);

        Assert.Contains("[auth.forbidden]", (await RunAsync(app, reader, ExitCodes.Refused, "integration", "create", "--kind", "github", "--name", UniqueKey("gh"))).Error, StringComparison.Ordinal);
        Assert.Contains("[auth.forbidden]", (await RunAsync(app, reader, ExitCodes.Refused, "delivery", "list")).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dead_delivery_is_listed_shown_with_its_body_and_replayed()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var (id, secret) = await CreateGithubAsync(admin);
        var deliveryId = await SendGithubAsync(id.Name, secret, "deployment_status", """{"action": "created", "deployment_status": """u8.ToArray());
        await ProcessedAsync(admin, deliveryId);

        var listed = JsonNode.Parse((await RunAsync(app, admin, ExitCodes.Success, "delivery", "list", "--integration", id.Id.ToString(), "--status", "dead", "--json")).Out)!;
        var table = await RunAsync(app, admin, ExitCodes.Success, "delivery", "list", "--integration", id.Id.ToString());
        var shown = await RunAsync(app, admin, ExitCodes.Success, "delivery", "show", deliveryId.ToString());
        var replayed = await RunAsync(app, admin, ExitCodes.Success, "delivery", "replay", deliveryId.ToString());

        var dead = Assert.Single(listed.AsArray())!;
        Assert.Equal((deliveryId, "dead", 1), (dead["id"]!.GetValue<long>(), dead["status"]!.GetValue<string>(), dead["attempts"]!.GetValue<int>()));
        Assert.Contains("deployment_status", table.Out, StringComparison.Ordinal);
        Assert.Contains("1 row", table.Out, StringComparison.Ordinal);
        Assert.Contains("x-github-event", shown.Out, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"deployment_status\": ", shown.Out, StringComparison.Ordinal);
        Assert.Contains(dead["lastError"]!.GetValue<string>()[..20], shown.Out, StringComparison.Ordinal);
        Assert.Contains($"Delivery {deliveryId} is queued to be processed again.", replayed.Out, StringComparison.Ordinal);
        Assert.Equal(2, (await ProcessedAsync(admin, deliveryId))["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_processed_delivery_cannot_be_replayed()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var (integration, secret) = await CreateGithubAsync(admin);
        var deliveryId = await SendGithubAsync(integration.Name, secret, "deployment_status", Corpus.Bytes("github-webhooks/octokit-webhooks/deployment_status/payload.json"));
        Assert.Equal("processed", (await ProcessedAsync(admin, deliveryId))["status"]!.GetValue<string>());

        var refused = await RunAsync(app, admin, ExitCodes.Refused, "delivery", "replay", deliveryId.ToString());

        Assert.Contains("[delivery.not_replayable]", refused.Error, StringComparison.Ordinal);
        Assert.Contains("HTTP 409", refused.Error, StringComparison.Ordinal);
    }

    /// <summary>The secret from the human output of create or rotate-secret.</summary>
    private static string SecretLine(string output)
    {
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith("Secret:", StringComparison.Ordinal));
        return line["Secret:".Length..].Trim();
    }

    private async Task<long> IdOfAsync(string token, string name)
    {
        var integrations = JsonNode.Parse((await RunAsync(app, token, ExitCodes.Success, "integration", "list", "--json")).Out)!.AsArray();
        return integrations.Single(i => i!["name"]!.GetValue<string>() == name)!["id"]!.GetValue<long>();
    }

    private async Task<((long Id, string Name) Integration, string Secret)> CreateGithubAsync(string token)
    {
        var name = UniqueKey("gh");
        var created = JsonNode.Parse((await RunAsync(app, token, ExitCodes.Success, "integration", "create", "--kind", "github", "--name", name, "--json")).Out)!;
        return ((created["integration"]!["id"]!.GetValue<long>(), name), created["secret"]!.GetValue<string>());
    }

    /// <summary>Sends a delivery signed as GitHub signs it and returns the stored delivery's id.</summary>
    private async Task<long> SendGithubAsync(string name, string secret, string eventType, byte[] body)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/github/{name}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-GitHub-Event", eventType);
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<long>();
    }

    /// <summary>Waits, through the CLI, until the processor has dealt with a delivery; fails after a minute rather than hang.</summary>
    private async Task<JsonNode> ProcessedAsync(string token, long deliveryId)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var delivery = JsonNode.Parse((await RunAsync(app, token, ExitCodes.Success, "delivery", "show", deliveryId.ToString(), "--json")).Out)!["delivery"]!;
            if (delivery["status"]!.GetValue<string>() != "pending")
                return delivery;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Delivery {deliveryId} was not processed.");
    }
}
