using Guardrail.Contracts;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Common;

namespace Guardrail.Core.Changes;

public static class ChangeMappings
{
    public static ChangeResponse ToResponse(this ChangeRecord change) =>
        new(change.Id, change.Number, change.Title, WireNames.Of(change.Type), WireNames.Of(change.State),
            change.Outcome is { } outcome ? WireNames.Of(outcome) : null, change.Model,
            change.Service?.Key ?? "", change.Environment?.Key ?? "", change.Environment is { } environment ? WireNames.Of(environment.Tier) : null,
            change.Requester, change.Implementer, change.PlannedStart, change.PlannedEnd, change.Repository, change.CommitSha, change.PipelineRunUrl,
            change.RiskScore, change.Route is { } route ? WireNames.Of(route) : null, change.Quorum,
            change.Approvals.Count(a => a.Vote == Vote.Approve), change.StandardModel, change.PolicyVersionId, change.ApprovalExpiresAt,
            change.IsReceipt, change.Version, change.CreatedAt, change.UpdatedAt);

    public static ChangeDetailResponse ToResponse(this ChangeRecord change, IReadOnlyList<ChangeConflict> conflicts) =>
        new(change.ToResponse(), change.Description,
            [.. ChangeAssessment.FactorsOf(change).Select(ToResponse)],
            ChangeAssessment.ReasonsOf(change),
            ChangeAssessment.EvidenceOf(change),
            change.Justification,
            [.. change.Cis.Select(l => new ChangeCiResponse(l.CiId, l.Ci is { } ci ? WireNames.Of(ci.Class) : "", l.Ci?.Name ?? ""))],
            [.. change.Commits.Select(c => c.Sha)],
            [.. change.PullRequests.Select(p => $"{p.Repository}#{p.Number}")],
            [.. change.Approvals.Select(a => new ApprovalResponse(a.Approver, a.OnBehalfOf, WireNames.Of(a.Vote), a.Comment, WireNames.Of(a.Channel), a.At))],
            [.. change.Events.Select(e => new ChangeEventResponse(e.At, e.Actor, e.Kind, e.Message))],
            [.. conflicts.Select(ToResponse)],
            change.DeploymentId, change.ReviewNotes,
            [.. ChangeTransitions.From(change.State).Select(WireNames.Of)]);

    public static RiskFactorResponse ToResponse(this RiskFactorResult factor) =>
        new(factor.Name, factor.Weight, Math.Round(factor.Value, 3), Math.Round(factor.Points, 2), factor.Reason);

    public static ChangeConflictResponse ToResponse(this ChangeConflict conflict) =>
        new(conflict.Change.Number, conflict.Other.Number, conflict.Other.Title, conflict.Reason, conflict.OverlapStart, conflict.OverlapEnd);

    public static GateDecisionResponse ToGateResponse(this ChangeRecord change) =>
        new(change.Number, change.Id, WireNames.Of(PipelineGate.DecisionOf(change)), WireNames.Of(change.State), WireNames.Of(change.Type),
            change.RiskScore, change.Route is { } route ? WireNames.Of(route) : null, change.Quorum,
            change.Approvals.Count(a => a.Vote == Vote.Approve), ChangeAssessment.ReasonsOf(change),
            [.. ChangeAssessment.FactorsOf(change).Select(ToResponse)], change.PolicyVersionId, change.ApprovalExpiresAt,
            $"/api/v1/gate/{change.Number}");

    public static PolicyVersionResponse ToResponse(this ChangePolicyVersion version, bool withDocument) =>
        new(version.Id, version.Name, version.Digest, version.AppliedBy, version.AppliedAt, withDocument ? version.Document : null);

    public static PolicyValidationResponse ToValidationResponse(this PolicyParseResult parsed, string document) =>
        new(parsed.IsValid, parsed.Policy?.Name, ChangePolicyDocument.Digest(document),
            [.. parsed.Problems.Select(p => new PolicyProblemResponse(p.Line, p.Column, p.Path, p.Message))]);

    public static SimulatedDecisionResponse ToResponse(this SimulatedDecision simulated) =>
        new(simulated.Change.Number, simulated.Change.CreatedAt, simulated.Change.Service?.Key ?? "", simulated.Change.Environment?.Key ?? "",
            simulated.Change.PolicyOutcome is { } recorded ? WireNames.Of(recorded) : "",
            WireNames.Of(simulated.Candidate.Outcome), simulated.Change.RiskScore, simulated.Candidate.Score,
            simulated.Change.Route is { } route ? WireNames.Of(route) : null, WireNames.Of(simulated.Candidate.Route),
            simulated.Candidate.Reasons);

    public static CalendarEntryResponse ToResponse(this CalendarEntry entry) =>
        new(WireNames.Of(entry.Kind), entry.Title, entry.Start, entry.End, entry.Change?.Number, entry.Change?.Service?.Key,
            entry.Change?.Environment?.Key, entry.Change is { } change ? WireNames.Of(change.State) : null);

    public static DelegationResponse ToResponse(this ApprovalDelegation delegation) =>
        new(delegation.Id, delegation.FromUser, delegation.ToUser, delegation.StartsAt, delegation.EndsAt, delegation.Reason, delegation.RevokedAt);

    public static ModelProposalResponse ToResponse(this ModelProposal proposal) =>
        new(proposal.Id, WireNames.Of(proposal.Kind), WireNames.Of(proposal.Status), proposal.Service?.Key ?? "", proposal.Environment?.Key ?? "",
            proposal.Model, proposal.Evidence, RecordNumber.Change.Format(proposal.TriggeringChangeId), proposal.CreatedAt, proposal.DecidedBy,
            proposal.DecidedAt, proposal.Version);
}
