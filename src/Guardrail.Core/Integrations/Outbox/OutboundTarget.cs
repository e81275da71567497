using Guardrail.Core.Audit;
using Guardrail.Core.Persistence;

namespace Guardrail.Core.Integrations.Outbox;

public enum OutboundTargetKind
{
    /// <summary>GitHub Actions <c>workflow_dispatch</c> of one workflow file.</summary>
    GithubWorkflowDispatch,

    /// <summary>GitHub <c>repository_dispatch</c> with an event type.</summary>
    GithubRepositoryDispatch,

    /// <summary>GitLab pipeline trigger (<c>POST /projects/:id/trigger/pipeline</c>).</summary>
    GitlabPipelineTrigger,

    /// <summary>Jenkins <c>buildWithParameters</c>.</summary>
    JenkinsBuild,

    /// <summary>Any HTTP endpoint; the body is signed with HMAC-SHA256 in <c>X-Guardrail-Signature</c>.</summary>
    Webhook,

    /// <summary>A Slack incoming webhook.</summary>
    SlackIncomingWebhook,

    /// <summary>A CDEvents receiver (CloudEvents binary mode).</summary>
    Cdevents,

    /// <summary>
    /// Where pipelines may ask the gate to call back with its decision: the URL is a prefix that callback URLs must fall
    /// under; the decision is signed with HMAC-SHA256 in <c>X-Guardrail-Signature</c>.
    /// </summary>
    GateCallback,

    /// <summary>
    /// Answers GitHub deployment protection rules: the URL is the API base (https://api.github.com) that the
    /// <c>deployment_callback_url</c>s fall under, the secret a token of the GitHub App that owns the rule.
    /// </summary>
    GithubDeploymentReview,
}

/// <summary>Somewhere Guardrail sends requests: a pipeline to trigger, a chat channel, an event sink.</summary>
[AuditedAs("outbound-target")]
public sealed class OutboundTarget : IVersioned
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public OutboundTargetKind Kind { get; set; }

    public required string Url { get; set; }

    /// <summary>The token or signing key, encrypted by <see cref="ISecretProtector"/>; null when the target needs none.</summary>
    [NotAudited]
    public string? ProtectedSecret { get; set; }

    /// <summary>Kind-specific settings as JSON (the ref to run, a Jenkins user, a GitHub event type…).</summary>
    public required string Settings { get; set; }

    public bool Enabled { get; set; } = true;

    public long Version { get; set; } = 1;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
