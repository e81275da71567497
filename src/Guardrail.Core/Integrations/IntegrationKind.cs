namespace Guardrail.Core.Integrations;

/// <summary>
/// The tools Guardrail receives deliveries from; each has its own endpoint under <c>/hooks</c>. Members are spelled
/// so that their wire names are the tools' own (<c>github</c>, <c>cdevents</c>).
/// </summary>
public enum IntegrationKind
{
    Github,
    Gitlab,
    Cdevents,
    Alertmanager,
    Pagerduty,

    /// <summary>A Slack app: slash commands and buttons for change approvals, signed with the app's signing secret.</summary>
    Slack,

    /// <summary>Deployments posted to <c>/api/v1/events/deployments</c> by any other tool, with an API token.</summary>
    Api,
}
