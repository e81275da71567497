using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Audit;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Changes;

/// <summary>
/// The asynchronous CAB: votes from the web, the API and chat all come here, so the rules hold whatever the channel.
/// Segregation of duties: the requester or implementer of a change never approves it, neither in their own name nor
/// for someone who delegated to them. A reject vetoes; approvals count once per person until the quorum is reached.
/// </summary>
public sealed class ChangeApprovals(
    GuardrailDb db, AuditTrail audit, TimeProvider clock, ChangeRecords records, ChangeAssessment assessment, ChangeDecisionSignal signal)
{
    public static readonly TimeSpan MaxDelegation = TimeSpan.FromDays(90);

    public async Task<Result<ChangeRecord>> VoteAsync(string reference, string? person, Vote vote, string? comment, ApprovalChannel channel, CancellationToken cancellationToken)
    {
        if (comment is { Length: > 2000 })
            return Error.Invalid("comment", "'comment' must be at most 2,000 characters long.");
        // Two votes at once bump the same version: the loser counts again with the winner's vote in view.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryVoteAsync(reference, person, vote, comment, channel, cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 2)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<Result<ChangeRecord>> TryVoteAsync(string reference, string? person, Vote vote, string? comment, ApprovalChannel channel, CancellationToken cancellationToken)
    {
        var voter = person is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == person && !u.Disabled, cancellationToken);
        if (voter is null)
            return new Error("approval.not_a_person",
                "Votes are cast by people: sign in, use a token that belongs to a user (token create --user), or link your chat account to your user.", ErrorKind.Forbidden);
        if (!voter.Role.Grants(Permission.ChangesApprove))
            return new Error("approval.not_an_approver", $"{voter.UserName} is a {WireNames.Of(voter.Role)} and may not vote on changes.", ErrorKind.Forbidden);
        var change = await records.TrackedAsync(reference, cancellationToken);
        if (change is null)
            return Error.NotFound("change", reference);
        if (IsParty(voter, change))
            return SegregationOfDuties(change, voter.UserName);
        var now = clock.UtcNow();
        if (change.State != ChangeState.Authorisation)
            return new Error("change.not_awaiting_approval", $"{change.Number} is {WireNames.Of(change.State)}; it is not waiting for approvals.", ErrorKind.Conflict);
        if (change.ApprovalExpiresAt <= now)
        {
            await ExpireAsync(change, cancellationToken);
            return new Error("change.approval_expired", $"The approval request of {change.Number} expired at {change.ApprovalExpiresAt:u}; the change is rejected. Request it again.", ErrorKind.Conflict);
        }

        var (service, environment) = records.Resolve(change);
        var voted = change.Approvals.Select(a => a.OnBehalfOf ?? a.Approver).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var candidates = new List<(UserAccount Person, bool Delegated)> { (voter, false) };
        var delegators = await db.ApprovalDelegations.AsNoTracking()
            .Where(d => d.ToUser == voter.UserName && d.RevokedAt == null && d.StartsAt <= now && d.EndsAt > now)
            .Select(d => d.FromUser).ToListAsync(cancellationToken);
        if (delegators.Count > 0)
        {
            var users = await db.Users.AsNoTracking().Where(u => delegators.Contains(u.UserName) && !u.Disabled).ToListAsync(cancellationToken);
            candidates.AddRange(users.Select(u => (u, true)));
        }
        var eligible = candidates.Where(c => IsEligible(c.Person, change.Route, service.OwnerTeamId)).ToList();
        if (eligible.Count == 0)
            return new Error("approval.not_eligible", change.Route == ApprovalRoute.ServiceOwner
                ? $"{change.Number} needs approval from the team that owns {service.Key} (or a change manager); {voter.UserName} is not in it and holds no delegation from anyone who is."
                : $"{voter.UserName} may not vote on {change.Number}.", ErrorKind.Forbidden);
        var counted = eligible.FirstOrDefault(c => !IsParty(c.Person, change) && !voted.Contains(c.Person.UserName));
        if (counted.Person is null && eligible.FirstOrDefault(c => IsParty(c.Person, change)).Person is { } party)
            return SegregationOfDuties(change, party.UserName);
        if (counted.Person is null)
            return new Error("approval.already_voted", $"{voter.UserName} has already voted on {change.Number}" + (delegators.Count > 0 ? ", for themselves and for everyone who delegated to them." : "."), ErrorKind.Conflict);

        var onBehalfOf = counted.Delegated ? counted.Person.UserName : null;
        var actor = Actor.User(voter.UserName);
        change.Approvals.Add(new ChangeApproval
        {
            ChangeId = change.Id,
            Approver = voter.UserName,
            OnBehalfOf = onBehalfOf,
            Vote = vote,
            Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
            Channel = channel,
            At = now,
        });
        var who = onBehalfOf is null ? voter.UserName : $"{voter.UserName} (for {onBehalfOf})";
        var remark = string.IsNullOrWhiteSpace(comment) ? "" : $": {comment.Trim()}";
        if (vote == Vote.Reject)
        {
            change.MoveTo(ChangeState.Rejected, now);
            change.DecidedAt = now;
            change.Record(now, actor, "rejected", $"Rejected by {who} via {WireNames.Of(channel)}{remark}");
        }
        else
        {
            var approvals = change.Approvals.Count(a => a.Vote == Vote.Approve);
            change.Record(now, actor, "vote", $"Approved by {who} via {WireNames.Of(channel)} ({approvals} of {change.Quorum}){remark}");
            if (approvals >= change.Quorum)
            {
                change.MoveTo(ChangeState.Scheduled, now);
                change.DecidedAt = now;
                change.Record(now, Actor.System, "approved", $"Quorum reached ({approvals} of {change.Quorum}): approved.");
            }
        }
        change.Version++;
        change.UpdatedAt = now;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await audit.SaveAsync(db, actor, cancellationToken);
        if (change.DecidedAt is not null)
            await assessment.AnnounceAsync(change, service, environment, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Notify(change.Id);
        return await records.GetAsync(change.Number, cancellationToken);
    }

    /// <summary>Rejects every change whose approval request has expired; returns how many.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        var due = await db.Changes.Where(c => c.State == ChangeState.Authorisation && c.ApprovalExpiresAt <= now)
            .OrderBy(c => c.ApprovalExpiresAt).Select(c => c.Id).Take(100).ToListAsync(cancellationToken);
        foreach (var id in due)
        {
            var change = await records.TrackedAsync(RecordNumber.Change.Format(id), cancellationToken);
            if (change is { State: ChangeState.Authorisation })
                await ExpireAsync(change, cancellationToken);
        }
        return due.Count;
    }

    private async Task ExpireAsync(ChangeRecord change, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        change.MoveTo(ChangeState.Rejected, now);
        change.DecidedAt = now;
        change.Version++;
        var approvals = change.Approvals.Count(a => a.Vote == Vote.Approve);
        change.Record(now, Actor.System, "expired", $"The approval request expired with {approvals} of {change.Quorum} approvals: rejected.");
        var (service, environment) = records.Resolve(change);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await audit.SaveAsync(db, Actor.System, cancellationToken);
        await assessment.AnnounceAsync(change, service, environment, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Notify(change.Id);
    }

    /// <summary>Whether the person is the change's requester or implementer under any of their identities.</summary>
    public static bool IsParty(UserAccount person, ChangeRecord change)
    {
        string?[] identities = [person.UserName, Actor.User(person.UserName).Name, person.Email, person.ScmLogin];
        return identities.Any(id => !string.IsNullOrEmpty(id)
            && (string.Equals(id, change.Requester, StringComparison.OrdinalIgnoreCase) || string.Equals(id, change.Implementer, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Whether the person may vote on a change of this route in their own name (before segregation of duties).</summary>
    public static bool IsEligible(UserAccount person, ApprovalRoute? route, long ownerTeamId) =>
        person.Role.Grants(Permission.ChangesApprove)
        && (route != ApprovalRoute.ServiceOwner || person.TeamId == ownerTeamId || person.Role is Role.ChangeManager or Role.Admin);

    private static Error SegregationOfDuties(ChangeRecord change, string userName) =>
        new("change.segregation_of_duties",
            $"{userName} requested or implements {change.Number} and so may not approve or reject it (segregation of duties).", ErrorKind.Forbidden);

    public async Task<Result<ApprovalDelegation>> DelegateAsync(string? person, DelegationRequest request, CancellationToken cancellationToken)
    {
        var from = person is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == person, cancellationToken);
        if (from is null || !from.Role.Grants(Permission.ChangesApprove))
            return new Error("approval.not_an_approver", "Only an approver who is a person can delegate their approvals.", ErrorKind.Forbidden);
        var validation = new Validation().Required("to", request.To, 100).Optional("reason", request.Reason, 1000);
        var now = clock.UtcNow();
        var starts = request.Starts?.ToUniversalTime() ?? now;
        var ends = request.Ends?.ToUniversalTime();
        if (ends is null)
            validation.Add("ends", "'ends' is required: when the delegation stops.");
        else if (ends <= starts)
            validation.Add("ends", "'ends' must be after 'starts'.");
        else if (ends - starts > MaxDelegation)
            validation.Add("ends", $"A delegation lasts at most {MaxDelegation.TotalDays:0} days.");
        else if (ends <= now)
            validation.Add("ends", "'ends' must be in the future.");
        if (request.To is not null && string.Equals(request.To, from.UserName, StringComparison.OrdinalIgnoreCase))
            validation.Add("to", "Delegate to someone else.");
        else if (request.To is not null)
        {
            var to = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == request.To && !u.Disabled, cancellationToken);
            if (to is null)
                validation.Add("to", $"No user is named '{request.To}'.");
            else if (!to.Role.Grants(Permission.ChangesApprove))
                validation.Add("to", $"{to.UserName} is a {WireNames.Of(to.Role)} and cannot vote on changes.");
        }
        if (!validation.IsValid)
            return validation.ToError();
        var delegation = new ApprovalDelegation { FromUser = from.UserName, ToUser = request.To!, StartsAt = starts, EndsAt = ends!.Value, Reason = request.Reason?.Trim(), CreatedAt = now };
        db.ApprovalDelegations.Add(delegation);
        await audit.SaveAsync(db, Actor.User(from.UserName), cancellationToken);
        return delegation;
    }

    public async Task<IReadOnlyList<ApprovalDelegation>> DelegationsAsync(CancellationToken cancellationToken) =>
        await db.ApprovalDelegations.AsNoTracking().Where(d => d.RevokedAt == null && d.EndsAt > clock.UtcNow())
            .OrderBy(d => d.StartsAt).ToListAsync(cancellationToken);

    public async Task<Result<ApprovalDelegation>> RevokeDelegationAsync(long id, string? person, Actor actor, bool mayRevokeAny, CancellationToken cancellationToken)
    {
        var delegation = await db.ApprovalDelegations.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (delegation is null)
            return Error.NotFound("delegation", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!mayRevokeAny && delegation.FromUser != person && delegation.ToUser != person)
            return new Error("delegation.not_yours", "Only the people a delegation names, or a change manager, can revoke it.", ErrorKind.Forbidden);
        if (delegation.RevokedAt is null)
        {
            delegation.RevokedAt = clock.UtcNow();
            delegation.Version++;
            await audit.SaveAsync(db, actor, cancellationToken);
        }
        return delegation;
    }
}
