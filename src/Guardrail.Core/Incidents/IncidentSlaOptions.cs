using System.ComponentModel.DataAnnotations;

namespace Guardrail.Core.Incidents;

public sealed class IncidentSlaOptions
{
    public const string SectionName = "IncidentSla";

    /// <summary>How often the SLA clocks of open incidents are checked: a warning or breach is flagged at most this late.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);
}
