using System.Globalization;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Incidents.Satisfaction;

/// <summary>What the survey page shows to the person answering: the incident, and whether the link can still be used.</summary>
public sealed record SurveyForm(string Token, string IncidentNumber, string IncidentTitle, IReadOnlyList<string> Services, DateTime? ResolvedAt, bool Answered, int? Rating);

/// <summary>Satisfaction with the incidents of one service in a period: the survey's response rate and ratings.</summary>
public sealed record ServiceSatisfaction(long ServiceId, string ServiceKey, string ServiceName, int Sent, int Answered, double? MeanRating, IReadOnlyList<int> RatingCounts)
{
    public double? ResponseRate => Sent == 0 ? null : (double)Answered / Sent;
}

/// <summary>
/// The customer-satisfaction survey of resolved incidents. The reporter gets a link signed for the survey's purpose
/// alone; it opens a page without a login and can be answered once. Results are counted per affected service.
/// </summary>
public sealed class SatisfactionSurveys(GuardrailDb db, ITokenSigner signer, TimeProvider clock)
{
    public const string Purpose = "Guardrail.Incidents.SatisfactionSurvey";

    public const int MaxCommentLength = 4000;

    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(30);

    /// <summary>
    /// Invites the reporter of a just-resolved incident, once per incident: an incident resolved again after a reopen keeps
    /// its first invitation. An incident with no reporter address (one opened by an alert) gets none. The caller saves.
    /// </summary>
    public async Task<SurveyInvitation?> InviteAsync(Incident incident, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(incident.ReporterEmail))
            return null;
        var existing = db.SurveyInvitations.Local.FirstOrDefault(i => i.IncidentId == incident.Id)
            ?? await db.SurveyInvitations.FirstOrDefaultAsync(i => i.IncidentId == incident.Id, cancellationToken);
        if (existing is not null)
            return existing;
        var now = clock.UtcNow();
        var invitation = new SurveyInvitation { Incident = incident, Recipient = incident.ReporterEmail, SentAt = now, ExpiresAt = now + LinkLifetime };
        db.SurveyInvitations.Add(invitation);
        return invitation;
    }

    /// <summary>The token of the survey link; only a saved invitation has one.</summary>
    public string TokenFor(SurveyInvitation invitation) =>
        invitation.Id > 0
            ? signer.Sign(Purpose, invitation.Id.ToString(CultureInfo.InvariantCulture))
            : throw new InvalidOperationException("An invitation has a link once it is saved.");

    public async Task<Result<SurveyForm>> OpenAsync(string token, CancellationToken cancellationToken)
    {
        var found = await FindAsync(token, cancellationToken);
        if (!found.Succeeded)
            return found.Error;
        var invitation = found.Value;
        var services = await db.Set<IncidentService>().Where(s => s.IncidentId == invitation.IncidentId)
            .Select(s => s.Service!.Name).OrderBy(n => n).ToListAsync(cancellationToken);
        return new SurveyForm(token, invitation.Incident!.Number, invitation.Incident.Title, services, invitation.Incident.ResolvedAt,
            invitation.AnsweredAt is not null, invitation.Rating);
    }

    /// <summary>Records the answer if the link was never used: the check and the write are one conditional update.</summary>
    public async Task<Result<SurveyInvitation>> AnswerAsync(string token, int? rating, string? comment, CancellationToken cancellationToken)
    {
        if (rating is not (>= 1 and <= 5))
            return Error.Invalid("rating", "'rating' must be a whole number from 1 (very dissatisfied) to 5 (very satisfied).");
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is { Length: > MaxCommentLength })
            return Error.Invalid("comment", $"'comment' must be at most {MaxCommentLength:N0} characters long.");
        var found = await FindAsync(token, cancellationToken);
        if (!found.Succeeded)
            return found.Error;
        var invitation = found.Value;
        var now = clock.UtcNow();
        var answered = await db.SurveyInvitations.Where(i => i.Id == invitation.Id && i.AnsweredAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.AnsweredAt, now).SetProperty(i => i.Rating, rating).SetProperty(i => i.Comment, comment), cancellationToken);
        if (answered == 0)
            return AlreadyAnswered();
        invitation.AnsweredAt = now;
        invitation.Rating = rating;
        invitation.Comment = comment;
        return invitation;
    }

    /// <summary>The survey of an incident; not found when the incident does not exist or no survey was sent for it.</summary>
    public async Task<Result<SurveyInvitation>> ForIncidentAsync(string incidentReference, CancellationToken cancellationToken)
    {
        if (!RecordNumber.Incident.TryParse(incidentReference, out var incidentId) || !await db.Incidents.AnyAsync(i => i.Id == incidentId, cancellationToken))
            return Error.NotFound("incident", incidentReference);
        var invitation = await db.SurveyInvitations.AsNoTracking().FirstOrDefaultAsync(i => i.IncidentId == incidentId, cancellationToken);
        return invitation is null
            ? new Error("survey.not_found", $"No satisfaction survey was sent for {RecordNumber.Incident.Format(incidentId)}: it is not resolved, or it has no reporter address.", ErrorKind.NotFound)
            : invitation;
    }

    /// <summary>
    /// Per affected service, the invitations sent in [<paramref name="start"/>, <paramref name="end"/>) and their answers.
    /// An incident that affected two services counts for each of them.
    /// </summary>
    public async Task<Result<ServiceSatisfaction[]>> ByServiceAsync(DateTime start, DateTime end, string? serviceKey, CancellationToken cancellationToken)
    {
        if (start >= end)
            return Error.Invalid("from", "'from' must be before 'to'.");
        long? serviceId = null;
        if (serviceKey is not null)
        {
            var key = serviceKey.Trim().ToLowerInvariant();
            serviceId = await db.Services.Where(s => s.Key == key).Select(s => (long?)s.Id).FirstOrDefaultAsync(cancellationToken);
            if (serviceId is null)
                return Error.NotFound("service", serviceKey);
        }
        var rows = await (
                from invitation in db.SurveyInvitations.AsNoTracking()
                join affected in db.Set<IncidentService>() on invitation.IncidentId equals affected.IncidentId
                where invitation.SentAt >= start && invitation.SentAt < end && (serviceId == null || affected.ServiceId == serviceId)
                select new { affected.ServiceId, affected.Service!.Key, affected.Service.Name, invitation.Rating, Answered = invitation.AnsweredAt != null })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => (r.ServiceId, r.Key, r.Name))
            .Select(g =>
            {
                var ratings = g.Where(r => r.Answered && r.Rating is not null).Select(r => r.Rating!.Value).ToList();
                return new ServiceSatisfaction(g.Key.ServiceId, g.Key.Key, g.Key.Name, g.Count(), ratings.Count,
                    ratings.Count == 0 ? null : ratings.Average(), [.. Enumerable.Range(1, 5).Select(score => ratings.Count(r => r == score))]);
            })
            .OrderBy(s => s.ServiceKey, StringComparer.Ordinal)
            .ToArray();
    }

    private async Task<Result<SurveyInvitation>> FindAsync(string token, CancellationToken cancellationToken)
    {
        var payload = string.IsNullOrWhiteSpace(token) || token.Length > 2000 ? null : signer.Verify(Purpose, token);
        if (!long.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return InvalidLink();
        var invitation = await db.SurveyInvitations.AsNoTracking().Include(i => i.Incident).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (invitation is null)
            return InvalidLink();
        if (invitation.AnsweredAt is null && invitation.ExpiresAt <= clock.UtcNow())
            return new Error("survey.expired", $"This survey link expired on {invitation.ExpiresAt:d MMMM yyyy}.", ErrorKind.Conflict);
        return invitation;
    }

    private static Error InvalidLink() =>
        new("survey.invalid_link", "This survey link is not valid: it may have been copied incompletely.", ErrorKind.NotFound);

    private static Error AlreadyAnswered() =>
        new("survey.already_answered", "This survey has already been answered; thank you.", ErrorKind.Conflict);
}
