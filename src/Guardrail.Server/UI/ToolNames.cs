using Guardrail.Core.Integrations;

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
        IntegrationKind.Api => "API",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
