using Guardrail.Core.Audit;
using Guardrail.Core.Persistence;

namespace Guardrail.Core.Changes;

/// <summary>
/// An approver hands their approval right to someone else for a period (leave, on call). The delegate votes in the
/// delegator's name; segregation of duties still applies to both.
/// </summary>
[AuditedAs("approval-delegation")]
public sealed class ApprovalDelegation : IVersioned
{
    public long Id { get; set; }

    public required string FromUser { get; set; }

    public required string ToUser { get; set; }

    public DateTime StartsAt { get; set; }

    public DateTime EndsAt { get; set; }

    public string? Reason { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public long Version { get; set; } = 1;

    public bool IsActiveAt(DateTime now) => RevokedAt is null && StartsAt <= now && now < EndsAt;
}
