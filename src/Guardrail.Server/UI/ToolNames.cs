using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Outbox;

namespace Guardrail.Server.UI;

/// <summary>The tools as their makers spell them, for people; the wire names (<c>github</c>) stay in URLs and the API.</summary>
public static class ToolNames
{
    public static string Of(IntegrationKind kind) => kind switch
    {
        IntegrationKind.Github => "GitHub",
        IntegrationKind.Gitlab => "GitLab",
        IntegrationKind.Cdevents => "CDEvents",
        IntegrationKind.Alertmanager => "Alertmanager",
        IntegrationKind.Pagerduty => "PagerDuty",
        IntegrationKind.Slack => "Slack",
        IntegrationKind.Api => "API",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Of(OutboundTargetKind kind) => kind switch
    {
        OutboundTargetKind.GithubWorkflowDispatch => "GitHub workflow dispatch",
        OutboundTargetKind.GithubRepositoryDispatch => "GitHub repository dispatch",
        OutboundTargetKind.GitlabPipelineTrigger => "GitLab pipeline trigger",
        OutboundTargetKind.JenkinsBuild => "Jenkins build",
        OutboundTargetKind.Webhook => "Webhook",
        OutboundTargetKind.SlackIncomingWebhook => "Slack incoming webhook",
        OutboundTargetKind.Cdevents => "CDEvents",
        OutboundTargetKind.GateCallback => "Gate callback",
        OutboundTargetKind.GithubDeploymentReview => "GitHub deployment protection rule",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
