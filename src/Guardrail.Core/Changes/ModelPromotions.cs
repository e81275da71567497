using Guardrail.Core.Audit;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Changes;

/// <summary>
/// Proposes standard models from experience: a run of successful normal changes of one pattern (service, environment,
/// model) is proposed for promotion, and a failed standard change for demotion. A change manager decides.
/// </summary>
public sealed class ModelPromotions(GuardrailDb db, AuditTrail audit, TimeProvider clock, ActivePolicy policies)
{
    /// <summary>Adds a proposal to the unit of work when the outcome just given to <paramref name="change"/> calls for one.</summary>
    public async Task ConsiderAsync(ChangeRecord change, CancellationToken cancellationToken)
    {
        var pattern = db.ModelProposals.Where(p => p.ServiceId == change.ServiceId && p.EnvironmentId == change.EnvironmentId && p.Model == change.Model);
        if (change.Type == ChangeType.Standard && change.Outcome != ChangeOutcome.Implemented)
        {
            if (!await pattern.AnyAsync(p => p.Kind == ProposalKind.Demote && p.Status == ProposalStatus.Open, cancellationToken))
                Propose(change, ProposalKind.Demote,
                    $"Standard change {change.Number} ({change.StandardModel}) {WireNames.Of(change.Outcome!.Value)}.");
            return;
        }
        if (change.Type != ChangeType.Normal || change.Outcome != ChangeOutcome.Implemented)
            return;
        var policy = (await policies.GetAsync(cancellationToken)).Policy;
        var (successes, withinDays) = (policy.Promotion.Successes, policy.Promotion.WithinDays);
        var since = clock.UtcNow() - TimeSpan.FromDays(withinDays);
        var earlier = await db.Changes.AsNoTracking()
            .Where(c => c.ServiceId == change.ServiceId && c.EnvironmentId == change.EnvironmentId && c.Model == change.Model
                && c.Id != change.Id && c.Outcome != null && c.CreatedAt >= since)
            .OrderByDescending(c => c.Id).Take(successes - 1)
            .Select(c => new { c.Id, c.Type, c.Outcome }).ToListAsync(cancellationToken);
        if (earlier.Count < successes - 1 || earlier.Any(c => c.Type != ChangeType.Normal || c.Outcome != ChangeOutcome.Implemented))
            return;
        var latest = await pattern.OrderByDescending(p => p.Id).Select(p => new { p.Kind, p.Status, p.CreatedAt }).FirstOrDefaultAsync(cancellationToken);
        // One open proposal at a time; an accepted promotion stands; a declined one is proposed again only after a fresh run.
        if (latest is { Status: ProposalStatus.Open } or { Kind: ProposalKind.Promote, Status: ProposalStatus.Accepted })
            return;
        var runStart = earlier.Count > 0 ? earlier[^1].Id : change.Id;
        if (latest is { Kind: ProposalKind.Promote, Status: ProposalStatus.Declined } declined
            && await db.Changes.AnyAsync(c => c.Id == runStart && c.CreatedAt < declined.CreatedAt, cancellationToken))
            return;
        Propose(change, ProposalKind.Promote,
            $"{successes} successful normal changes in a row within {withinDays} days ({RecordNumber.Change.Format(runStart)} … {change.Number}).");
    }

    private void Propose(ChangeRecord change, ProposalKind kind, string evidence)
    {
        var now = clock.UtcNow();
        db.ModelProposals.Add(new ModelProposal
        {
            Kind = kind,
            Status = ProposalStatus.Open,
            ServiceId = change.ServiceId,
            EnvironmentId = change.EnvironmentId,
            Model = change.Model,
            Evidence = evidence,
            TriggeringChangeId = change.Id,
            CreatedAt = now,
        });
        change.Record(now, Actor.System, "proposal", kind == ProposalKind.Promote
            ? $"Proposed for promotion to a standard model: {evidence}"
            : $"Proposed for demotion from standard: {evidence}");
    }

    public async Task<Result<Page<ModelProposal>>> ListAsync(string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        var proposals = db.ModelProposals.AsNoTracking().Include(p => p.Service).Include(p => p.Environment).Where(p => p.Id > paging.Value.AfterId);
        if (status is not null)
        {
            if (!WireNames.TryParse<ProposalStatus>(status, out var wanted))
                return Error.Invalid("status", $"Unknown status '{status}'; one of: {string.Join(", ", WireNames.All<ProposalStatus>())}.");
            proposals = proposals.Where(p => p.Status == wanted);
        }
        var rows = await proposals.OrderBy(p => p.Id).Take(paging.Value.Limit + 1).ToListAsync(cancellationToken);
        return paging.Value.ToPage(rows, p => p.Id);
    }

    public async Task<Result<ModelProposal>> DecideAsync(long id, bool accept, long? version, string? comment, Actor actor, CancellationToken cancellationToken)
    {
        var proposal = await db.ModelProposals.Include(p => p.Service).Include(p => p.Environment).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (proposal is null)
            return Error.NotFound("proposal", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (version is null)
            return Error.Invalid("version", "'version' is required: send the version you read.");
        if (comment is { Length: > 2000 })
            return Error.Invalid("comment", "'comment' must be at most 2,000 characters long.");
        if (proposal.Status != ProposalStatus.Open)
            return new Error("proposal.decided", $"Proposal #{id} was already {WireNames.Of(proposal.Status)}.", ErrorKind.Conflict);
        return await Persistence.Concurrency.SaveVersionedAsync(db, audit, actor, proposal, "proposal", version.Value, () =>
        {
            proposal.Status = accept ? ProposalStatus.Accepted : ProposalStatus.Declined;
            proposal.DecidedBy = actor.Name;
            proposal.DecidedAt = clock.UtcNow();
            proposal.DecisionComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        }, cancellationToken);
    }
}
