using Guardrail.Core.Common;
using Guardrail.Core.Persistence;

namespace Guardrail.Core.Incidents.Satisfaction;

/// <summary>Invites the reporter to the satisfaction survey when an incident resolves, by a person or by its alerts.</summary>
public sealed class SurveyOnResolution(SatisfactionSurveys surveys, TimeProvider clock) : IIncidentObserver
{
    private static readonly Actor s_guardrail = new("system:guardrail");

    public async Task MovedAsync(GuardrailDb db, Incident incident, IncidentState from, IncidentAction action, CancellationToken cancellationToken)
    {
        if (action == IncidentAction.Resolve && await surveys.InviteAsync(incident, cancellationToken) is { Id: 0 } invited)
            incident.Record(clock.UtcNow(), s_guardrail, "survey-ready", $"A satisfaction survey link for {invited.Recipient} is ready on the incident page.");
    }
}
