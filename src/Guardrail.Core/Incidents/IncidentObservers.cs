using Guardrail.Core.Persistence;

namespace Guardrail.Core.Incidents;

/// <summary>
/// Told about every move of an incident, by a person or an alert, inside the write that makes it: what an observer adds to the
/// database context in <see cref="MovedAsync"/> (a satisfaction survey when the incident resolves, a post-incident
/// review when a major one does) is saved with the move or not at all. It must not save itself.
/// </summary>
public interface IIncidentObserver
{
    /// <param name="from">The state the incident left; its <see cref="Incident.State"/> is the one it entered.</param>
    Task MovedAsync(GuardrailDb db, Incident incident, IncidentState from, IncidentAction action, CancellationToken cancellationToken);
}
