using System.ComponentModel.DataAnnotations;

namespace Guardrail.Core.Incidents.Reviews;

/// <summary>How post-incident reviews are drafted.</summary>
public sealed class IncidentReviewOptions
{
    public const string SectionName = "IncidentReviews";

    /// <summary>How far before an incident's impact started a new review's timeline looks for deployments and changes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan LookBack { get; set; } = TimeSpan.FromHours(24);
}
