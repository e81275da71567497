using System.CommandLine;
using Guardrail.Contracts;

namespace Guardrail.Cli;

/// <summary>
/// <c>guardrail integration …</c> and <c>guardrail delivery …</c>: the webhook inbox. Secrets are read from standard
/// input, never from an argument, so they stay out of shell history and process lists.
/// </summary>
internal static class IntegrationCommands
{
    private const string Integrations = "api/v1/integrations";
    private const string Deliveries = "api/v1/deliveries";

    public static Command Integration(CliContext context) =>
        new("integration", "Where GitHub, GitLab, CDEvents, Alertmanager and PagerDuty send their webhooks, and the secrets that prove them.")
        {
            ListIntegrations(context),
            ShowIntegration(context),
            CreateIntegration(context),
            SetEnabled(context, enabled: false),
            SetEnabled(context, enabled: true),
            RotateSecret(context),
            DeleteIntegration(context),
        };

    public static Command Delivery(CliContext context) =>
        new("delivery", "Webhook deliveries as received: their status, attempts and errors; dead ones can be replayed.")
        {
            ListDeliveries(context),
            ShowDelivery(context),
            Replay(context),
        };

    private static Argument<long> Id(string noun) => new("id") { Description = $"The {noun}'s id." };

    private static Option<bool> SecretStdin(string description) => new("--secret-stdin") { Description = description };

    private static Command ListIntegrations(CliContext context)
    {
        var command = new Command("list", "List the integrations with their endpoint and last delivery.");
        command.SetAction(async (parse, cancellationToken) =>
            Output.Answer<List<IntegrationResponse>>(context, parse, await context.Api(parse).GetAsync(Integrations, cancellationToken), integrations =>
                Output.Table(context, integrations,
                    new Column<IntegrationResponse>("ID", i => i.Id.ToString()),
                    new("KIND", i => i.Kind),
                    new("NAME", i => i.Name),
                    new("ENDPOINT", i => i.EndpointPath),
                    new("SECRET", i => i.SecretHint),
                    new("STATE", i => State(i)),
                    new("LAST DELIVERY", i => Output.Time(i.LastDeliveryAt) ?? "never"))));
        return command;
    }

    private static Command ShowIntegration(CliContext context)
    {
        var id = Id("integration");
        var command = new Command("show", "Show an integration; its secret is never shown again, only how it ends.") { id };
        command.SetAction(async (parse, cancellationToken) =>
            Output.Answer<IntegrationResponse>(context, parse, await context.Api(parse).GetAsync($"{Integrations}/{parse.GetValue(id)}", cancellationToken), integration =>
                Output.Facts(context,
                    ("id", integration.Id.ToString()),
                    ("kind", integration.Kind),
                    ("name", integration.Name),
                    ("description", integration.Description),
                    ("endpoint URL", EndpointUrl(parse, integration)),
                    ("secret", integration.SecretHint),
                    ("signed deliveries", integration.SignedDeliveries ? "yes" : "no"),
                    ("state", State(integration)),
                    ("version", integration.Version.ToString()),
                    ("created", Output.Time(integration.CreatedAt)),
                    ("updated", Output.Time(integration.UpdatedAt)),
                    ("last delivery", Output.Time(integration.LastDeliveryAt) ?? "never"))));
        return command;
    }

    private static Command CreateIntegration(CliContext context)
    {
        var kind = new Option<string>("--kind") { Description = "github, gitlab, cdevents, alertmanager, pagerduty or slack (give Slack's signing secret with --secret-stdin).", Required = true };
        var name = new Option<string?>("--name") { Description = "Tells several integrations of one tool apart: its endpoint becomes /hooks/KIND/NAME (default: /hooks/KIND)." };
        var description = new Option<string?>("--description") { Description = "What the integration is for." };
        var secretStdin = SecretStdin("Read the secret from standard input (one line) instead of letting Guardrail make one; PagerDuty makes its own, so pass PagerDuty's this way.");
        var signed = new Option<bool>("--signed") { Description = "GitLab only: GitLab signs each delivery with the secret as its signing token, instead of sending it as is." };
        var command = new Command("create", "Add an integration; its secret is printed this once only.") { kind, name, description, secretStdin, signed };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? secret = null;
            if (parse.GetValue(secretStdin) && (secret = await ReadSecretAsync(context)) is null)
                return ExitCodes.Usage;
            var request = new CreateIntegrationRequest(parse.GetValue(kind), parse.GetValue(name), parse.GetValue(description), secret, parse.GetValue(signed));
            var created = await context.Api(parse).PostAsync(Integrations, request, cancellationToken);
            return Output.Answer<IntegrationSecretResponse>(context, parse, created, answer => PrintSecret(context, parse, answer, rotated: false, secretWasGiven: secret is not null));
        });
        return command;
    }

    private static Command SetEnabled(CliContext context, bool enabled)
    {
        var id = Id("integration");
        var command = new Command(enabled ? "enable" : "disable", enabled ? "Accept the integration's deliveries again." : "Refuse the integration's deliveries until it is enabled.") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var api = context.Api(parse);
            var path = $"{Integrations}/{parse.GetValue(id)}";
            var current = await api.GetAsync(path, cancellationToken);
            if (!current.Succeeded)
                return current.ExitCode;
            var updated = await api.PatchAsync(path, new UpdateIntegrationRequest(null, enabled, null, current.Read<IntegrationResponse>().Version), cancellationToken);
            return Output.Answer<IntegrationResponse>(context, parse, updated, integration =>
                context.Out.WriteLine($"The {integration.Kind} integration '{integration.Name}' (id {integration.Id}) is {State(integration)}."));
        });
        return command;
    }

    private static Command RotateSecret(CliContext context)
    {
        var id = Id("integration");
        var secretStdin = SecretStdin("Read the new secret from standard input (one line) instead of letting Guardrail make one.");
        var command = new Command("rotate-secret", "Replace an integration's secret; the new one is printed this once only, and the old one is refused from now on.") { id, secretStdin };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? secret = null;
            if (parse.GetValue(secretStdin) && (secret = await ReadSecretAsync(context)) is null)
                return ExitCodes.Usage;
            var api = context.Api(parse);
            var path = $"{Integrations}/{parse.GetValue(id)}";
            var current = await api.GetAsync(path, cancellationToken);
            if (!current.Succeeded)
                return current.ExitCode;
            var rotated = await api.PostAsync($"{path}/secret", new RotateSecretRequest(secret, current.Read<IntegrationResponse>().Version), cancellationToken);
            return Output.Answer<IntegrationSecretResponse>(context, parse, rotated, answer => PrintSecret(context, parse, answer, rotated: true, secretWasGiven: secret is not null));
        });
        return command;
    }

    private static Command DeleteIntegration(CliContext context)
    {
        var id = Id("integration");
        var command = new Command("delete", "Delete an integration that never received a delivery (one that did keeps them as evidence: disable it).") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var deleted = await context.Api(parse).DeleteAsync($"{Integrations}/{parse.GetValue(id)}", cancellationToken);
            if (deleted.Succeeded && !parse.GetValue(GlobalOptions.Json))
                await context.Out.WriteLineAsync($"Deleted integration {parse.GetValue(id)}.");
            return deleted.ExitCode;
        });
        return command;
    }

    private static Command ListDeliveries(CliContext context)
    {
        var status = new Option<string?>("--status") { Description = "pending, processed, ignored or dead (the dead-letter list)." };
        var integration = new Option<long?>("--integration") { Description = "Only the deliveries of this integration (its id)." };
        var limit = new Option<int?>("--limit") { Description = "At most this many, newest first (default: all)." };
        var command = new Command("list", "List deliveries, newest first.") { status, integration, limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = ApiClient.WithQuery(Deliveries, ("status", parse.GetValue(status)), ("integration", parse.GetValue(integration)?.ToString()));
            return await Output.ListAsync<DeliveryResponse>(context, parse, path, parse.GetValue(limit), deliveries =>
                Output.Table(context, deliveries,
                    new Column<DeliveryResponse>("ID", d => d.Id.ToString()),
                    new("STATUS", d => d.Status),
                    new("INTEGRATION", d => $"{d.Source}/{d.Integration}"),
                    new("EVENT", d => d.EventType),
                    new("RECEIVED", d => Output.Time(d.ReceivedAt)),
                    new("ATTEMPTS", d => d.Attempts.ToString()),
                    new("LAST ERROR", d => d.LastError)), cancellationToken);
        });
        return command;
    }

    private static Command ShowDelivery(CliContext context)
    {
        var id = Id("delivery");
        var command = new Command("show", "Show a delivery with its headers and its body as received.") { id };
        command.SetAction(async (parse, cancellationToken) =>
            Output.Answer<DeliveryDetailResponse>(context, parse, await context.Api(parse).GetAsync($"{Deliveries}/{parse.GetValue(id)}", cancellationToken), detail =>
            {
                var delivery = detail.Delivery;
                Output.Facts(context,
                    ("id", delivery.Id.ToString()),
                    ("integration", $"{delivery.Source}/{delivery.Integration}"),
                    ("delivery id", delivery.DeliveryId),
                    ("event", delivery.EventType),
                    ("received", Output.Time(delivery.ReceivedAt)),
                    ("status", delivery.Status),
                    ("attempts", delivery.Attempts.ToString()),
                    ("next attempt", Output.Time(delivery.NextAttemptAt)),
                    ("last error", delivery.LastError),
                    ("outcome", delivery.Outcome),
                    ("processed", Output.Time(delivery.ProcessedAt)));
                context.Out.WriteLine();
                context.Out.WriteLine("Headers");
                Output.Facts(context, [.. detail.Headers.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => (h.Key, (string?)h.Value))]);
                context.Out.WriteLine();
                context.Out.WriteLine("Body");
                context.Out.WriteLine(detail.Body);
            }));
        return command;
    }

    private static Command Replay(CliContext context)
    {
        var id = Id("delivery");
        var command = new Command("replay", "Queue a dead or ignored delivery to be processed again.") { id };
        command.SetAction(async (parse, cancellationToken) =>
            Output.Answer<DeliveryResponse>(context, parse, await context.Api(parse).PostAsync($"{Deliveries}/{parse.GetValue(id)}/replay", cancellationToken), delivery =>
                context.Out.WriteLine($"Delivery {delivery.Id} is queued to be processed again.")));
        return command;
    }

    private static string State(IntegrationResponse integration) => integration.Enabled ? "enabled" : "disabled";

    private static string EndpointUrl(ParseResult parse, IntegrationResponse integration) =>
        parse.GetValue(GlobalOptions.Server)!.TrimEnd('/') + integration.EndpointPath;

    /// <summary>One line of standard input; null (with the error printed) when there was none.</summary>
    private static async Task<string?> ReadSecretAsync(CliContext context)
    {
        if (context.InputIsTerminal)
            await context.Error.WriteAsync("Secret (one line, then Enter): ");
        var secret = await context.In.ReadLineAsync();
        if (!string.IsNullOrEmpty(secret))
            return secret;
        await context.Error.WriteLineAsync("error: --secret-stdin was given, but standard input held no secret.");
        return null;
    }

    /// <summary>The secret Guardrail made, with where it goes; a secret the user gave is not echoed back.</summary>
    private static void PrintSecret(CliContext context, ParseResult parse, IntegrationSecretResponse answer, bool rotated, bool secretWasGiven)
    {
        var integration = answer.Integration;
        var endpoint = EndpointUrl(parse, integration);
        context.Out.WriteLine(rotated
            ? $"Rotated the secret of the {integration.Kind} integration '{integration.Name}' (id {integration.Id}): deliveries proved with the old one are refused from now on."
            : $"Created the {integration.Kind} integration '{integration.Name}' (id {integration.Id}).");
        context.Out.WriteLine($"Endpoint URL: {endpoint}");
        if (secretWasGiven)
            context.Out.WriteLine($"Secret:       the one read from standard input (ending {integration.SecretHint})");
        else
        {
            context.Out.WriteLine($"Secret:       {answer.Secret}");
            context.Out.WriteLine($"Store it now: Guardrail keeps it encrypted and never shows it again (if it is lost: guardrail integration rotate-secret {integration.Id}).");
        }
        context.Out.WriteLine();
        context.Out.WriteLine(SetUp(integration, secretWasGiven));
    }

    private static string SetUp(IntegrationResponse integration, bool secretWasGiven) => integration.Kind switch
    {
        "github" => """
            In GitHub, Settings › Webhooks › Add webhook in the repository or organisation:
              Payload URL: the endpoint URL; Content type: application/json; Secret: the secret.
              Events: pushes, pull requests, deployments, deployment statuses, workflow runs and workflow jobs.
            """,
        "gitlab" when integration.SignedDeliveries => """
            In GitLab, Settings › Webhooks › Add new webhook in the project or group:
              URL: the endpoint URL; give the secret as the webhook's signing token (GitLab then signs each delivery).
              Triggers: push, merge request, pipeline and deployment events.
            """,
        "gitlab" => """
            In GitLab, Settings › Webhooks › Add new webhook in the project or group:
              URL: the endpoint URL; Secret token: the secret (GitLab sends it as X-Gitlab-Token).
              Triggers: push, merge request, pipeline and deployment events.
            """,
        "alertmanager" => """
            In alertmanager.yml, add a receiver and route alerts to it:
              webhook_configs: url: the endpoint URL, send_resolved: true,
              http_config.authorization.credentials: the secret (sent as a bearer token).
            """,
        "pagerduty" when secretWasGiven => """
            In PagerDuty, Integrations › Generic Webhooks (v3): the subscription's Webhook URL is the endpoint URL,
              and the secret given here must be the signing secret PagerDuty showed for it.
            """,
        "pagerduty" => $"""
            In PagerDuty, Integrations › Generic Webhooks (v3) › New Webhook: Webhook URL: the endpoint URL.
              PagerDuty shows its own signing secret once: give it to Guardrail with
              guardrail integration rotate-secret {integration.Id} --secret-stdin
            """,
        "cdevents" => """
            POST CloudEvents (binary or structured mode, CDEvents 0.4 or 0.5) to the endpoint URL, proving each with
              X-Guardrail-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the secret>, or Authorization: Bearer <secret>.
            """,
        _ => "Send the tool's webhooks to the endpoint URL, with the secret.",
    };
}
