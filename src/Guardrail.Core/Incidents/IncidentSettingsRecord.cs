using Guardrail.Core.Audit;
using Guardrail.Core.Persistence;

namespace Guardrail.Core.Incidents;

/// <summary>
/// The one stored record of the incident practice's settings (priority matrix, SLA targets, business hours, holidays,
/// alert severities, reopen window) as a JSON document read by <see cref="IncidentSettings.Parse"/>. Until someone saves
/// settings there is no row and the defaults apply.
/// </summary>
[AuditedAs("incident-settings")]
public sealed class IncidentSettingsRecord : IVersioned
{
    public const long SingletonId = 1;

    public long Id { get; set; } = SingletonId;

    public required string Document { get; set; }

    public long Version { get; set; } = 1;

    public DateTime UpdatedAt { get; set; }
}
