using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Incidents.Reviews;

/// <summary>
/// Filters for follow-ups across reviews: a state, only the overdue ones (open and past their due day), an owner (a user
/// name or a team key) or the follow-ups of one incident (INC-n).
/// </summary>
public sealed record FollowUpQuery(string? State = null, bool OverdueOnly = false, string? Owner = null, string? Incident = null);

/// <summary>Use cases of follow-up actions: add them to a review, track them to done or cancelled, list them across reviews.</summary>
public sealed class FollowUps(GuardrailDb db, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Today in UTC, the day a follow-up's due date is compared with.</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.UtcNow());

    public async Task<Result<Page<FollowUp>>> ListAsync(FollowUpQuery query, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        var followUps = Read();
        if (paging.Value.AfterId > 0)
            followUps = followUps.Where(f => f.Id < paging.Value.AfterId);
        if (query.State is not null)
        {
            if (!WireNames.TryParse<FollowUpState>(query.State, out var state))
                return Error.Invalid("state", $"Unknown state '{query.State}'; one of: {string.Join(", ", WireNames.All<FollowUpState>())}.");
            followUps = followUps.Where(f => f.State == state);
        }
        if (query.OverdueOnly)
        {
            var today = Today;
            followUps = followUps.Where(f => f.State == FollowUpState.Open && f.DueOn < today);
        }
        if (query.Owner is not null)
            followUps = followUps.Where(f => f.OwnerUser!.UserName == query.Owner || f.OwnerTeam!.Key == query.Owner);
        if (query.Incident is not null)
        {
            if (!RecordNumber.Incident.TryParse(query.Incident, out var incidentId))
                return Error.Invalid("incident", $"'{query.Incident}' is not an incident number (INC-n).");
            followUps = followUps.Where(f => f.IncidentId == incidentId);
        }
        var rows = await followUps.OrderByDescending(f => f.Id).Take(paging.Value.Limit + 1).ToListAsync(cancellationToken);
        return paging.Value.ToPage(rows, f => f.Id);
    }

    public async Task<Result<FollowUp>> GetAsync(long id, CancellationToken cancellationToken) =>
        await Read().FirstOrDefaultAsync(f => f.Id == id, cancellationToken) is { } followUp
            ? followUp
            : Error.NotFound("follow_up", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Adds an open follow-up to a review, published or not: an action found after publication still needs an owner.</summary>
    public async Task<Result<FollowUp>> AddAsync(string reviewReference, FollowUpRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var reviewId = await IncidentReviews.IdOfAsync(db, reviewReference, cancellationToken);
        var review = reviewId is null ? null : await db.IncidentReviews.AsNoTracking().FirstOrDefaultAsync(r => r.Id == reviewId, cancellationToken);
        if (review is null)
            return Error.NotFound("review", reviewReference);
        var validation = new Validation();
        if (request.State is not null && !string.Equals(request.State, WireNames.Of(FollowUpState.Open), StringComparison.OrdinalIgnoreCase))
            validation.Add("state", "A follow-up starts open; mark it done or cancelled once it is.");
        var now = clock.UtcNow();
        var followUp = new FollowUp
        {
            ReviewId = review.Id,
            IncidentId = review.IncidentId,
            Description = "",
            State = FollowUpState.Open,
            CreatedBy = actor.Name,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var applied = await ApplyAsync(followUp, request, validation, cancellationToken);
        if (!applied.Succeeded)
            return applied.Error;
        db.FollowUps.Add(followUp);
        await audit.SaveAsync(db, actor, cancellationToken);
        return await GetAsync(followUp.Id, cancellationToken);
    }

    /// <summary>
    /// Edits a follow-up and moves it (done, cancelled, open again). Incident writers edit any; its owner, or a member of
    /// its owning team, edits their own.
    /// </summary>
    public async Task<Result<FollowUp>> UpdateAsync(long id, FollowUpRequest request, Actor actor, string? person, bool mayEditAny, CancellationToken cancellationToken)
    {
        var followUp = await db.FollowUps.FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (followUp is null)
            return Error.NotFound("follow_up", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!mayEditAny && !await OwnsAsync(followUp, person, cancellationToken))
            return new Error("follow_up.not_owner",
                $"Follow-up {id} belongs to someone else; its owner, a member of its owning team, or an incident writer updates it.", ErrorKind.Forbidden);
        if (request.Version is null)
            return Error.Invalid("version", "'version' is required when changing a follow-up: send the version you read.");
        if (request.Version != followUp.Version)
            return Error.StaleVersion("follow-up", request.Version.Value, followUp.Version);
        var validation = new Validation();
        var to = followUp.State;
        if (request.State is not null && !WireNames.TryParse(request.State, out to))
            validation.Add("state", $"'state' must be one of: {string.Join(", ", WireNames.All<FollowUpState>())}.");
        var applied = await ApplyAsync(followUp, request, validation, cancellationToken);
        if (!applied.Succeeded)
            return applied.Error;
        var now = clock.UtcNow();
        if (to != followUp.State)
        {
            var moved = followUp.MoveTo(to, now);
            if (!moved.Succeeded)
                return moved.Error;
        }
        followUp.Version = request.Version.Value + 1;
        followUp.UpdatedAt = now;
        try
        {
            await audit.SaveAsync(db, actor, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Error.StaleVersion("follow-up", request.Version.Value, request.Version.Value + 1);
        }
        return await GetAsync(id, cancellationToken);
    }

    private IQueryable<FollowUp> Read() =>
        db.FollowUps.AsNoTracking().Include(f => f.OwnerUser).Include(f => f.OwnerTeam);

    private async Task<bool> OwnsAsync(FollowUp followUp, string? person, CancellationToken cancellationToken)
    {
        if (person is null)
            return false;
        if (followUp.OwnerUserId is { } ownerId)
            return await db.Users.AnyAsync(u => u.Id == ownerId && u.UserName == person, cancellationToken);
        return followUp.OwnerTeamId is { } teamId && await db.Users.AnyAsync(u => u.UserName == person && u.TeamId == teamId, cancellationToken);
    }

    /// <summary>Validates the request and applies its description, owner, due day and outcome; nothing is saved.</summary>
    private async Task<Result<FollowUp>> ApplyAsync(FollowUp followUp, FollowUpRequest request, Validation validation, CancellationToken cancellationToken)
    {
        validation.Required("description", request.Description, 2000).Optional("outcome", request.Outcome, 4000);
        UserAccount? user = null;
        Team? team = null;
        if ((request.OwnerUser is null) == (request.OwnerTeam is null))
            validation.Add("owner", "Name the owner: 'ownerUser' (a user name) or 'ownerTeam' (a team key), not both.");
        else if (request.OwnerUser is { } userName)
        {
            // A disabled owner may stay the owner (so the follow-up can still be closed); only a new owner must be active.
            user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName && (!u.Disabled || u.Id == followUp.OwnerUserId), cancellationToken);
            if (user is null)
                validation.Add("ownerUser", $"No active user is named '{userName}'.");
        }
        else
        {
            team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Key == request.OwnerTeam, cancellationToken);
            if (team is null)
                validation.Add("ownerTeam", $"No team has the key '{request.OwnerTeam}'.");
        }
        if (request.Due is not { } due)
            validation.Add("due", "'due' is required: the day (UTC) it is due, as 2026-12-31.");
        else if (due < Today && (followUp.Id == 0 || due != followUp.DueOn))
            validation.Add("due", $"'due' must be today ({Today:yyyy-MM-dd}, UTC) or later.");
        if (!validation.IsValid)
            return validation.ToError();

        followUp.Description = request.Description!.Trim();
        followUp.OwnerUserId = user?.Id;
        followUp.OwnerTeamId = team?.Id;
        followUp.DueOn = request.Due!.Value;
        followUp.Outcome = string.IsNullOrWhiteSpace(request.Outcome) ? null : request.Outcome.Trim();
        return followUp;
    }
}
