using System.Globalization;
using System.Text.Json.Nodes;
using Guardrail.Core.Changes;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Integrations.Outbox;

/// <summary>
/// Tells the toolchain about change decisions, through the outbox and in the same save: asks approvers in Slack (a
/// message with Approve and Reject buttons), answers the gate's callback URL and GitHub's deployment protection rule.
/// </summary>
public sealed class ChangeAnnouncer(GuardrailDb db, Outbox outbox) : IChangeObserver, ICallbackUrlPolicy
{
    public const string ApproveAction = "guardrail-approve";
    public const string RejectAction = "guardrail-reject";

    private readonly Dictionary<OutboundTargetKind, List<OutboundTarget>> _enabled = [];

    public async Task AwaitingApprovalAsync(GuardrailDb unitOfWork, ObservedChange observed, CancellationToken cancellationToken)
    {
        var (change, service, environment) = observed;
        var summary = $"{change.Number} needs {change.Quorum} approval{(change.Quorum == 1 ? "" : "s")}: {change.Title} (risk {change.RiskScore}, {service.Key} → {environment.Key}, requested by {change.Requester}).";
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{change.Number}* {Escape(change.Title)}\nRisk *{change.RiskScore}* · {service.Key} → {environment.Key} · requested by {Escape(change.Requester)}\nNeeds {change.Quorum} approval{(change.Quorum == 1 ? "" : "s")} before {change.ApprovalExpiresAt?.ToString("u", CultureInfo.InvariantCulture)}." },
            },
            new JsonObject
            {
                ["type"] = "actions",
                ["block_id"] = $"guardrail-vote-{change.Id}",
                ["elements"] = new JsonArray
                {
                    Button("Approve", ApproveAction, change.Number, "primary"),
                    Button("Reject", RejectAction, change.Number, "danger"),
                },
            },
        };
        foreach (var target in await EnabledAsync(OutboundTargetKind.SlackIncomingWebhook, cancellationToken))
            outbox.Enqueue(unitOfWork, target, OutboxTopics.ChangeApprovalRequested, new OutboundContent(summary, Blocks: blocks), change.Number);
    }

    public async Task DecidedAsync(GuardrailDb unitOfWork, ObservedChange observed, CancellationToken cancellationToken)
    {
        var change = observed.Change;
        var decision = PipelineGate.DecisionOf(change);
        var summary = $"{change.Number} {WireNames.Of(decision)}: {change.Title}.";
        if (change.CallbackUrl is { } callbackUrl && await TargetForAsync(OutboundTargetKind.GateCallback, callbackUrl, cancellationToken) is { } callbackTarget)
        {
            var body = new JsonObject
            {
                ["change"] = change.Number,
                ["decision"] = WireNames.Of(decision),
                ["state"] = WireNames.Of(change.State),
                ["risk"] = change.RiskScore,
                ["reasons"] = new JsonArray([.. ChangeAssessment.ReasonsOf(change).Select(r => JsonValue.Create(r))]),
            };
            outbox.Enqueue(unitOfWork, callbackTarget, OutboxTopics.ChangeDecided, new OutboundContent(summary, Body: body), change.Number, callbackUrl);
        }
        if (change.GithubCallbackUrl is { } githubUrl && change.GithubEnvironment is { } environment
            && await TargetForAsync(OutboundTargetKind.GithubDeploymentReview, githubUrl, cancellationToken) is { } githubTarget)
        {
            // GitHub's "review a custom deployment protection rule": state approved or rejected, with a comment for the run's page.
            var body = new JsonObject
            {
                ["environment_name"] = environment,
                ["state"] = decision == GateDecision.Approved ? "approved" : "rejected",
                ["comment"] = $"Guardrail {change.Number}: {WireNames.Of(decision)} (risk {change.RiskScore}). " + string.Join(" ", ChangeAssessment.ReasonsOf(change)),
            };
            outbox.Enqueue(unitOfWork, githubTarget, OutboxTopics.ChangeDecided, new OutboundContent(summary, Body: body), change.Number, githubUrl);
        }
    }

    public async Task<string?> RefusalAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || url.Length > 2000)
            return "'callbackUrl' must be an absolute http(s) URL of at most 2000 characters.";
        return await TargetForAsync(OutboundTargetKind.GateCallback, url, cancellationToken) is null
            ? "'callbackUrl' is not under the URL of any enabled gate-callback target; an administrator adds one (guardrail target create --kind gate-callback) for the CI host."
            : null;
    }

    private async Task<OutboundTarget?> TargetForAsync(OutboundTargetKind kind, string url, CancellationToken cancellationToken) =>
        (await EnabledAsync(kind, cancellationToken)).FirstOrDefault(t => OutboundRequests.IsUnder(url, t.Url));

    /// <summary>Read once per scope: a group commit announces many changes with one announcer.</summary>
    private async Task<List<OutboundTarget>> EnabledAsync(OutboundTargetKind kind, CancellationToken cancellationToken)
    {
        if (!_enabled.TryGetValue(kind, out var targets))
            _enabled[kind] = targets = await db.OutboundTargets.AsNoTracking().Where(t => t.Kind == kind && t.Enabled).ToListAsync(cancellationToken);
        return targets;
    }

    private static JsonObject Button(string text, string actionId, string value, string style) => new()
    {
        ["type"] = "button",
        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text },
        ["action_id"] = actionId,
        ["value"] = value,
        ["style"] = style,
    };

    /// <summary>Slack's mrkdwn needs &amp;, &lt; and &gt; escaped.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
