using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;

namespace Guardrail.Core.Incidents;

/// <summary>
/// An alert from monitoring (Alertmanager, PagerDuty, a CDEvents incident), one per (source, fingerprint, start): the same
/// alert firing again after it resolved is a new occurrence. The incident practice opens and resolves incidents from these.
/// </summary>
public sealed class Alert
{
    public long Id { get; set; }

    public IntegrationKind Source { get; set; }

    public required string Fingerprint { get; set; }

    public AlertState State { get; set; }

    public required string Title { get; set; }

    public string? Severity { get; set; }

    /// <summary>The alert's labels as a JSON object.</summary>
    public required string Labels { get; set; }

    public long? ServiceId { get; set; }

    public string? ServiceHint { get; set; }

    public string? EnvironmentName { get; set; }

    public DateTime StartsAt { get; set; }

    public DateTime? EndsAt { get; set; }

    public string? Url { get; set; }

    /// <summary>The incident this alert opened or joined; null while it only resolved, or before the practice handled it.</summary>
    public long? IncidentId { get; set; }

    public Incident? Incident { get; set; }

    public DateTime UpdatedAt { get; set; }
}
