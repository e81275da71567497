using System.ComponentModel.DataAnnotations;

namespace Guardrail.Core.Incidents.Suspects;

/// <summary>How far "what changed?" looks, in the graph and in time, and how it weighs what it finds (see <see cref="SuspectScore"/>).</summary>
public sealed class WhatChangedOptions : IValidatableObject
{
    public const string SectionName = "WhatChanged";

    /// <summary>How far before the incident's start to look when the caller does not say.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan LookBack { get; set; } = TimeSpan.FromHours(72);

    /// <summary>The longest look-back a caller may ask for: it bounds the rows one question reads.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan MaxLookBack { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// How long after the first symptom a deployment still counts: the tool reports success when the last instance is
    /// updated, but the first ones serve traffic (and fail) minutes earlier.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "02:00:00")]
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long after the start a rollback still marks the deployment it replaced as suspect: responders often roll
    /// back before they write down why.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RollbackHorizon { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many hops upstream of the affected CIs to walk.</summary>
    [Range(1, 50)]
    public int MaxHops { get; set; } = 10;

    /// <summary>How long before the start a suspect's closeness in time has fallen to a half.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan RecencyHalvedAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A change scored at least this is high risk; the default policy sends changes above 60 to the CAB.</summary>
    [Range(0, 100)]
    public int HighRiskScore { get; set; } = 61;

    /// <summary>How many suspects a question returns when the caller does not say.</summary>
    [Range(1, WhatChanged.MaxLimit)]
    public int DefaultLimit { get; set; } = 50;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LookBack > MaxLookBack)
            yield return new ValidationResult($"LookBack ({LookBack}) must not exceed MaxLookBack ({MaxLookBack}).", [nameof(LookBack), nameof(MaxLookBack)]);
    }
}
