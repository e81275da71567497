using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using static Guardrail.Cli.Tests.CliRunner;

namespace Guardrail.Cli.Tests;

/// <summary>The automation and target verbs against a real server; every test makes its own webhook target.</summary>
public class AutomationCommandTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    /// <summary>A port nothing listens on: the request stays in the outbox, which is all these tests need.</summary>
    private const string Nowhere = "http://127.0.0.1:9/hook";

    [Fact]
    public async Task A_run_is_requested_with_its_inputs_and_listed_and_shown_to_a_reader()
    {
        var responder = await app.IssueTokenAsync(Role.Responder);
        var reader = await app.IssueTokenAsync(Role.Reader);
        var (_, target) = await CreateWebhookTargetAsync();

        var requested = JsonNode.Parse((await RunAsync(app, responder, ExitCodes.Success,
            "automation", "run", "--target", target, "--reason", "CHG-1: roll out 1.2.3", "--input", "version=1.2.3", "--input", "note=a=b", "--json")).Out)!;

        var id = requested["id"]!.GetValue<long>().ToString();
        var correlationId = requested["correlationId"]!.GetValue<string>();
        Assert.Matches("^grd-", correlationId);
        Assert.Equal((target, "webhook", "CHG-1: roll out 1.2.3"), (requested["target"]!.GetValue<string>(), requested["targetKind"]!.GetValue<string>(), requested["reason"]!.GetValue<string>()));
        Assert.Equal("1.2.3", requested["inputs"]!["version"]!.GetValue<string>());
        Assert.Equal("a=b", requested["inputs"]!["note"]!.GetValue<string>());

        var listed = JsonNode.Parse((await RunAsync(app, reader, ExitCodes.Success, "automation", "list", "--json")).Out)!.AsArray();
        Assert.Equal(correlationId, listed.Single(r => r!["id"]!.GetValue<long>().ToString() == id)!["correlationId"]!.GetValue<string>());
        var table = await RunAsync(app, reader, ExitCodes.Success, "automation", "list");
        Assert.Contains(correlationId, table.Out, StringComparison.Ordinal);

        var shown = await RunAsync(app, reader, ExitCodes.Success, "automation", "show", id);
        Assert.Contains($"Automation run {id}: ", shown.Out, StringComparison.Ordinal);
        Assert.Contains($"{target} (webhook)", shown.Out, StringComparison.Ordinal);
        Assert.Contains(correlationId, shown.Out, StringComparison.Ordinal);
        Assert.Contains("version=1.2.3, note=a=b", shown.Out, StringComparison.Ordinal);
        Assert.Contains("Pipeline runs: none came back yet", shown.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deployment_reported_with_the_correlation_id_comes_back_on_the_run()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var (targetId, _) = await CreateWebhookTargetAsync();

        var requested = await RunAsync(app, admin, ExitCodes.Success, "automation", "run", "--target", targetId.ToString(), "--reason", "Deploy from the CLI");
        var correlationId = Assert.Single(requested.Out.Split('\n'), l => l.StartsWith("Correlation id: ", StringComparison.Ordinal))["Correlation id: ".Length..].Split(' ')[0];
        var runId = JsonNode.Parse((await RunAsync(app, admin, ExitCodes.Success, "automation", "list", "--target", targetId.ToString(), "--json")).Out)!.AsArray()
            .Single()!["id"]!.GetValue<long>().ToString();
        var deployment = UniqueKey("dep");
        await RunAsync(app, admin, ExitCodes.Success, "deployment", "report", "--repository", "github.com/acme/shop", "--environment", "production",
            "--deployment-id", deployment, "--status", "succeeded", "--correlation-id", correlationId);

        var shown = JsonNode.Parse((await RunAsync(app, admin, ExitCodes.Success, "automation", "show", runId, "--json")).Out)!;

        Assert.Contains($"Requested run {runId} of the webhook target", requested.Out, StringComparison.Ordinal);
        Assert.Contains($"guardrail automation show {runId}", requested.Out, StringComparison.Ordinal);
        Assert.Equal(deployment, Assert.Single(shown["deployments"]!.AsArray())!["providerDeploymentId"]!.GetValue<string>());
        Assert.Contains(deployment, (await RunAsync(app, admin, ExitCodes.Success, "automation", "show", runId)).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_runs_are_refused_with_problem_codes_or_as_usage_errors()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var (targetId, target) = await CreateWebhookTargetAsync();

        var unknown = await RunAsync(app, admin, ExitCodes.Refused, "automation", "run", "--target", UniqueKey("nowhere"), "--reason", "why");
        var badName = await RunAsync(app, admin, ExitCodes.Refused, "automation", "run", "--target", target, "--reason", "why", "--input", "1st=x");
        var notKeyValue = await RunAsync(app, admin, ExitCodes.Usage, "automation", "run", "--target", target, "--reason", "why", "--input", "version");
        var twice = await RunAsync(app, admin, ExitCodes.Usage, "automation", "run", "--target", target, "--reason", "why", "--input", "a=1", "--input", "a=2");
        var noReason = await RunAsync(app, admin, ExitCodes.Usage, "automation", "run", "--target", target);

        Assert.Contains("[automation-run.unknown_target]", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("target:", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("[validation.failed]", badName.Error, StringComparison.Ordinal);
        Assert.Contains("inputs.1st:", badName.Error, StringComparison.Ordinal);
        Assert.Contains("'version' is not key=value", notKeyValue.Error, StringComparison.Ordinal);
        Assert.Contains("'a' is given twice", twice.Error, StringComparison.Ordinal);
        Assert.Contains("--reason", noReason.Error, StringComparison.Ordinal);
        Assert.Equal("[]", (await RunAsync(app, admin, ExitCodes.Success, "automation", "list", "--target", targetId.ToString(), "--json")).Out.Trim());
        Assert.Contains("[automation-run.not_found]", (await RunAsync(app, admin, ExitCodes.Refused, "automation", "show", "999999999")).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Target_list_shows_targets_with_their_circuit_and_never_a_secret()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var (targetId, target) = await CreateWebhookTargetAsync();

        var table = await RunAsync(app, admin, ExitCodes.Success, "target", "list");
        var listed = JsonNode.Parse((await RunAsync(app, admin, ExitCodes.Success, "target", "list", "--json")).Out)!.AsArray();

        var row = Assert.Single(table.Out.Split('\n'), l => l.Contains(target, StringComparison.Ordinal));
        Assert.Contains(Nowhere, row, StringComparison.Ordinal);
        Assert.Contains("enabled", row, StringComparison.Ordinal);
        Assert.Contains("closed", row, StringComparison.Ordinal);
        var json = listed.Single(t => t!["id"]!.GetValue<long>() == targetId)!;
        Assert.Equal((target, true), (json["name"]!.GetValue<string>(), json["hasSecret"]!.GetValue<bool>()));
        Assert.Null(json["secret"]);
    }

    [Fact]
    public async Task A_reader_may_not_request_runs_nor_list_targets()
    {
        var reader = await app.IssueTokenAsync(Role.Reader);
        var (_, target) = await CreateWebhookTargetAsync();

        Assert.Contains("[auth.forbidden]", (await RunAsync(app, reader, ExitCodes.Refused, "automation", "run", "--target", target, "--reason", "why")).Error, StringComparison.Ordinal);
        Assert.Contains("[auth.forbidden]", (await RunAsync(app, reader, ExitCodes.Refused, "target", "list")).Error, StringComparison.Ordinal);
    }

    /// <summary>Targets are configured through the API: the CLI only lists them.</summary>
    private async Task<(long Id, string Name)> CreateWebhookTargetAsync()
    {
        using var admin = await app.ClientAsAsync(Role.Admin);
        var name = UniqueKey("hook");
        using var created = await admin.PostAsJsonAsync("/api/v1/outbound-targets", new { kind = "webhook", name, url = Nowhere });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (JsonNode.Parse(await created.Content.ReadAsStringAsync())!["target"]!["id"]!.GetValue<long>(), name);
    }
}
