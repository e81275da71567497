using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Guardrail.Core.Incidents.Reviews;

/// <summary>A review with what it is read with: its incident, the measured impact, the assembled timeline and its follow-ups.</summary>
public sealed record ReviewDetail(IncidentReview Review, Incident Incident, ReviewImpact Impact, IReadOnlyList<ReviewTimelineEntry> Timeline, IReadOnlyList<FollowUp> FollowUps);

/// <summary>The review of an incident, and whether asking for it drafted it just now.</summary>
public sealed record ReviewDraft(IncidentReview Review, bool Created);

/// <summary>Filters for the review list: a state, or the review of one incident (INC-n).</summary>
public sealed record ReviewQuery(string? State = null, string? Incident = null);

/// <summary>
/// Use cases of post-incident reviews: draft one from a resolved incident (idempotent: an incident has one review), write
/// it, move it through review to publication, and read it with its timeline and measured impact.
/// </summary>
public sealed class IncidentReviews(
    GuardrailDb db, AuditTrail audit, TimeProvider clock, ServiceCatalogIndex catalog, ReviewTimeline timeline, IOptions<IncidentReviewOptions> options)
{
    public const int MaxListItems = 50;

    public async Task<Result<Page<IncidentReview>>> ListAsync(ReviewQuery query, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        var reviews = db.IncidentReviews.AsNoTracking().Include(r => r.Incident).Include(r => r.FollowUps).AsQueryable();
        if (paging.Value.AfterId > 0)
            reviews = reviews.Where(r => r.Id < paging.Value.AfterId);
        if (query.State is not null)
        {
            if (!WireNames.TryParse<ReviewState>(query.State, out var state))
                return Error.Invalid("state", $"Unknown state '{query.State}'; one of: {string.Join(", ", WireNames.All<ReviewState>())}.");
            reviews = reviews.Where(r => r.State == state);
        }
        if (query.Incident is not null)
        {
            if (!RecordNumber.Incident.TryParse(query.Incident, out var incidentId))
                return Error.Invalid("incident", $"'{query.Incident}' is not an incident number (INC-n).");
            reviews = reviews.Where(r => r.IncidentId == incidentId);
        }
        var rows = await reviews.OrderByDescending(r => r.Id).Take(paging.Value.Limit + 1).AsSplitQuery().ToListAsync(cancellationToken);
        return paging.Value.ToPage(rows, r => r.Id);
    }

    /// <summary>A review by its id, or by its incident's number (INC-n).</summary>
    public async Task<Result<ReviewDetail>> GetAsync(string reference, CancellationToken cancellationToken)
    {
        var id = await IdOfAsync(db, reference, cancellationToken);
        var review = id is null ? null : await db.IncidentReviews.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (review is null)
            return Error.NotFound("review", reference);
        var incident = await db.Incidents.AsNoTracking().Include(i => i.Services).AsSplitQuery().FirstAsync(i => i.Id == review.IncidentId, cancellationToken);
        review.Incident = incident;
        var window = new ReviewWindow(incident, [.. incident.Services.Select(l => l.ServiceId)],
            incident.StartedAt - review.LookBack, incident.ResolvedAt ?? clock.UtcNow());
        var followUps = await db.FollowUps.AsNoTracking().Include(f => f.OwnerUser).Include(f => f.OwnerTeam)
            .Where(f => f.ReviewId == review.Id).OrderBy(f => f.Id).ToListAsync(cancellationToken);
        return new ReviewDetail(review, incident, ReviewImpact.Of(incident, catalog), await timeline.AssembleAsync(window, cancellationToken), followUps);
    }

    /// <summary>
    /// The review of a resolved incident, drafted from it the first time it is asked for: a summary from the incident's
    /// own words and the look-back in force. Asking again, or twice at once, answers with the same review.
    /// </summary>
    public async Task<Result<ReviewDraft>> DraftAsync(long incidentId, Actor actor, CancellationToken cancellationToken)
    {
        if (await db.IncidentReviews.AsNoTracking().FirstOrDefaultAsync(r => r.IncidentId == incidentId, cancellationToken) is { } existing)
            return new ReviewDraft(existing, Created: false);
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, cancellationToken);
        if (incident is null)
            return Error.NotFound("incident", RecordNumber.Incident.Format(incidentId));
        if (incident.ResolvedAt is null)
            return new Error("review.incident_not_resolved",
                $"{incident.Number} is {WireNames.Of(incident.State)}; a review is drafted once the service is restored (the incident resolved).", ErrorKind.Conflict);
        var review = NewDraft(incident, actor);
        db.IncidentReviews.Add(review);
        try
        {
            await audit.SaveAsync(db, actor, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Drafted by someone else at the same moment: the unique incident refused this one, and theirs is the review.
            db.ChangeTracker.Clear();
            var theirs = await db.IncidentReviews.AsNoTracking().FirstOrDefaultAsync(r => r.IncidentId == incidentId, cancellationToken);
            if (theirs is null)
                throw;
            return new ReviewDraft(theirs, Created: false);
        }
        return new ReviewDraft(review, Created: true);
    }

    /// <summary>A draft review of a resolved incident, not yet added to the store.</summary>
    public IncidentReview NewDraft(Incident incident, Actor actor)
    {
        var now = clock.UtcNow();
        return new IncidentReview
        {
            IncidentId = incident.Id,
            State = ReviewState.Draft,
            Summary = string.Join("\n\n", new[] { incident.Title + ".", incident.Description, incident.ResolutionNotes is { } notes ? $"Resolution: {notes}" : null }
                .Where(part => !string.IsNullOrWhiteSpace(part))),
            LookBack = options.Value.LookBack,
            DraftedBy = actor.Name,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Writes the review's template; the lists given replace what it says. A published review is not edited.</summary>
    public async Task<Result<ReviewDetail>> UpdateAsync(string reference, ReviewRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var review = await TrackedAsync(reference, cancellationToken);
        if (review is null)
            return Error.NotFound("review", reference);
        if (request.Version is null)
            return Error.Invalid("version", "'version' is required when changing a review: send the version you read.");
        if (request.Version != review.Version)
            return Error.StaleVersion("review", request.Version.Value, review.Version);
        if (review.State == ReviewState.Published)
            return new Error("review.published", $"The review of {RecordNumber.Incident.Format(review.IncidentId)} is published and stays as it was published; its follow-ups are still tracked.", ErrorKind.Conflict);
        var validation = new Validation()
            .Optional("summary", request.Summary, 20_000)
            .Optional("impactNotes", request.ImpactNotes, 10_000);
        var factors = new List<ContributingFactor>();
        foreach (var (factor, index) in (request.ContributingFactors ?? []).Select((f, i) => (f, i)))
        {
            if (!WireNames.TryParse<FactorKind>(factor.Kind, out var kind))
                validation.Add("contributingFactors", $"Factor {index + 1}: 'kind' must be one of: {string.Join(", ", WireNames.All<FactorKind>())} (a review names conditions, not people).");
            else if (string.IsNullOrWhiteSpace(factor.Description) || factor.Description.Length > 2000)
                validation.Add("contributingFactors", $"Factor {index + 1}: 'description' is required, at most 2,000 characters long.");
            else
                factors.Add(new ContributingFactor(kind, factor.Description.Trim()));
        }
        if (factors.Count > MaxListItems)
            validation.Add("contributingFactors", $"At most {MaxListItems} contributing factors.");
        var wentWell = Items(validation, "wentWell", request.WentWell);
        var wasHard = Items(validation, "wasHard", request.WasHard);
        var lessons = Items(validation, "lessons", request.Lessons);
        if (request.LookBackMinutes is < 0 or > 43_200)
            validation.Add("lookBackMinutes", "'lookBackMinutes' must be between 0 and 43,200 (30 days).");
        if (!validation.IsValid)
            return validation.ToError();

        review.Summary = Trimmed(request.Summary);
        review.ImpactNotes = Trimmed(request.ImpactNotes);
        if (request.ContributingFactors is not null)
            review.ContributingFactors = ReviewContent.Write(factors);
        if (wentWell is not null)
            review.WentWell = ReviewContent.Write(wentWell);
        if (wasHard is not null)
            review.WasHard = ReviewContent.Write(wasHard);
        if (lessons is not null)
            review.Lessons = ReviewContent.Write(lessons);
        if (request.LookBackMinutes is { } minutes)
            review.LookBack = TimeSpan.FromMinutes(minutes);
        return await SaveAsync(review, actor, request.Version.Value, cancellationToken);
    }

    public async Task<Result<ReviewDetail>> TransitionAsync(string reference, ReviewTransitionRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (!WireNames.TryParse<ReviewState>(request.To, out var to))
            return Error.Invalid("to", $"'to' must be one of: {string.Join(", ", WireNames.All<ReviewState>())}.");
        if (request.Version is null)
            return Error.Invalid("version", "'version' is required: send the version you read.");
        var review = await TrackedAsync(reference, cancellationToken);
        if (review is null)
            return Error.NotFound("review", reference);
        if (request.Version != review.Version)
            return Error.StaleVersion("review", request.Version.Value, review.Version);
        var moved = review.MoveTo(to, clock.UtcNow());
        if (!moved.Succeeded)
            return moved.Error;
        return await SaveAsync(review, actor, request.Version.Value, cancellationToken);
    }

    /// <summary>The latest resolved incidents that have no review yet, for people to draft one.</summary>
    public async Task<IReadOnlyList<Incident>> ResolvedWithoutReviewAsync(int limit, CancellationToken cancellationToken) =>
        await db.Incidents.AsNoTracking()
            .Where(i => i.ResolvedAt != null && !db.IncidentReviews.Any(r => r.IncidentId == i.Id))
            .OrderByDescending(i => i.ResolvedAt).Take(limit).ToListAsync(cancellationToken);

    /// <summary>The id of the review a reference names: a review id, or INC-n for the review of that incident.</summary>
    internal static async Task<long?> IdOfAsync(GuardrailDb db, string reference, CancellationToken cancellationToken)
    {
        var text = reference.Trim();
        if (text.StartsWith(RecordNumber.Incident.Prefix, StringComparison.OrdinalIgnoreCase))
            return RecordNumber.Incident.TryParse(text, out var incidentId)
                ? await db.IncidentReviews.Where(r => r.IncidentId == incidentId).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken)
                : null;
        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
    }

    private async Task<IncidentReview?> TrackedAsync(string reference, CancellationToken cancellationToken) =>
        await IdOfAsync(db, reference, cancellationToken) is { } id ? await db.IncidentReviews.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) : null;

    private async Task<Result<ReviewDetail>> SaveAsync(IncidentReview review, Actor actor, long expectedVersion, CancellationToken cancellationToken)
    {
        review.Version = expectedVersion + 1;
        review.UpdatedAt = clock.UtcNow();
        try
        {
            await audit.SaveAsync(db, actor, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Error.StaleVersion("review", expectedVersion, expectedVersion + 1);
        }
        return await GetAsync(review.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
    }

    private static List<string>? Items(Validation validation, string field, IReadOnlyList<string>? items)
    {
        if (items is null)
            return null;
        var kept = items.Where(item => !string.IsNullOrWhiteSpace(item)).Select(item => item.Trim()).ToList();
        if (kept.Count > MaxListItems)
            validation.Add(field, $"At most {MaxListItems} items.");
        if (kept.FirstOrDefault(item => item.Length > 2000) is { } tooLong)
            validation.Add(field, $"Each item is at most 2,000 characters long (one has {tooLong.Length}).");
        return kept;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
