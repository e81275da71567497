using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Incidents.Reviews;

public static class ReviewMappings
{
    public static ReviewResponse ToResponse(this IncidentReview review, int openFollowUps) =>
        new(review.Id, RecordNumber.Incident.Format(review.IncidentId), review.Incident?.Title ?? "",
            review.Incident is { } incident ? WireNames.Of(incident.Priority) : "", review.Incident?.IsMajor ?? false,
            WireNames.Of(review.State), openFollowUps, review.DraftedBy, review.PublishedAt, review.Version, review.CreatedAt, review.UpdatedAt);

    public static ReviewResponse ToResponse(this IncidentReview review) =>
        review.ToResponse(review.FollowUps.Count(f => f.State == FollowUpState.Open));

    public static ReviewDetailResponse ToResponse(this ReviewDetail detail, DateOnly today)
    {
        var review = detail.Review;
        return new(review.ToResponse(detail.FollowUps.Count(f => f.State == FollowUpState.Open)), review.Summary, review.ImpactNotes,
            detail.ToImpactResponse(),
            [.. ReviewContent.FactorsOf(review).Select(f => new ContributingFactorItem(WireNames.Of(f.Kind), f.Description))],
            ReviewContent.ItemsOf(review.WentWell), ReviewContent.ItemsOf(review.WasHard), ReviewContent.ItemsOf(review.Lessons),
            (int)review.LookBack.TotalMinutes,
            [.. detail.Timeline.Select(e => new ReviewTimelineEntryResponse(e.At, e.Source, e.Kind, e.Text, e.Actor, e.Reference, e.Link))],
            [.. detail.FollowUps.Select(f => f.ToResponse(today))],
            [.. ReviewTransitions.From(review.State).Select(WireNames.Of)]);
    }

    public static FollowUpResponse ToResponse(this FollowUp followUp, DateOnly today) =>
        new(followUp.Id, followUp.ReviewId, RecordNumber.Incident.Format(followUp.IncidentId), followUp.Description, followUp.OwnerOf(),
            followUp.DueOn, WireNames.Of(followUp.State), followUp.IsOverdueOn(today), followUp.DoneAt, followUp.CancelledAt, followUp.Outcome,
            followUp.CreatedBy, followUp.CreatedAt, followUp.UpdatedAt, followUp.Version);

    public static FollowUpOwnerResponse OwnerOf(this FollowUp followUp) =>
        followUp.OwnerUser is { } user ? new FollowUpOwnerResponse("user", user.UserName, user.DisplayName)
            : followUp.OwnerTeam is { } team ? new FollowUpOwnerResponse("team", team.Key, team.Name)
            : throw new InvalidOperationException($"Follow-up {followUp.Id} was read without its owner.");

    private static ReviewImpactResponse ToImpactResponse(this ReviewDetail detail)
    {
        var incident = detail.Incident;
        var impact = detail.Impact;
        return new(incident.StartedAt, incident.OpenedAt, incident.AcknowledgedAt, incident.ResolvedAt,
            Seconds(impact.TimeToDetect), Seconds(impact.TimeToAcknowledge), Seconds(impact.TimeToRestoreFromStart), Seconds(impact.TimeToRestoreFromOpened),
            [.. impact.Services.Select(ToResponse)], [.. impact.BusinessServices.Select(ToResponse)]);
    }

    private static ReviewServiceResponse ToResponse(Service service) => new(service.Key, service.Name);

    private static long? Seconds(TimeSpan? duration) => duration is { } value ? (long)value.TotalSeconds : null;
}
