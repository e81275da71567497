using Guardrail.Core.Audit;

namespace Guardrail.Core.Changes;

public enum Vote
{
    Approve,
    Reject,
}

/// <summary>Where a vote was cast.</summary>
public enum ApprovalChannel
{
    Web,
    Api,
    Slack,
}

/// <summary>One approver's vote on a change, kept in the audit trail.</summary>
[AuditedAs("change-approval")]
public sealed class ChangeApproval
{
    public long Id { get; set; }

    public long ChangeId { get; set; }

    /// <summary>The user who voted.</summary>
    public required string Approver { get; set; }

    /// <summary>The user whose approval right was delegated to <see cref="Approver"/>, when the vote was cast for someone else.</summary>
    public string? OnBehalfOf { get; set; }

    public Vote Vote { get; set; }

    public string? Comment { get; set; }

    public ApprovalChannel Channel { get; set; }

    public DateTime At { get; set; }
}
