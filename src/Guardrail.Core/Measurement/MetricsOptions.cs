using System.ComponentModel.DataAnnotations;

namespace Guardrail.Core.Measurement;

public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>The organisation's time zone (IANA id): days, ISO weeks and months are bucketed in it (METRICS.md, conventions).</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The band set figures are shown against when a request names none.</summary>
    [Required]
    public string BandSet { get; set; } = BandSets.Default;

    /// <summary>How long after a deployment an incident on its service is shown as a suspected failure (METRICS.md §4).</summary>
    public TimeSpan SuspectWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the background projection looks for deployments whose delivered changes are not yet counted.</summary>
    public TimeSpan ProjectionInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the figures exported to Prometheus are reused between scrapes.</summary>
    public TimeSpan ExportCacheDuration { get; set; } = TimeSpan.FromSeconds(60);
}
