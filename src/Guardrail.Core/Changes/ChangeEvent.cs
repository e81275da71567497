namespace Guardrail.Core.Changes;

/// <summary>One line of a change's timeline: requested, assessed, a vote, scheduled, the outcome…</summary>
public sealed class ChangeEvent
{
    public long Id { get; set; }

    public long ChangeId { get; set; }

    public DateTime At { get; set; }

    public required string Actor { get; set; }

    /// <summary>A short stable name ("requested", "assessed", "approved", "state-changed"…).</summary>
    public required string Kind { get; set; }

    public required string Message { get; set; }
}
