using System.ComponentModel.DataAnnotations;

namespace Guardrail.Core.Changes;

/// <summary>How often the follow-up work runs: expiring approval requests, deployment outcomes, GitHub protection rules.</summary>
public sealed class ChangeFollowUpOptions
{
    public const string SectionName = "ChangeFollowUp";

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
