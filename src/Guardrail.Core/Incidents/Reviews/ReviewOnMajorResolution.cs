using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Incidents.Reviews;

/// <summary>Drafts the post-incident review of a major incident when it resolves; a reopened and resolved one keeps its review.</summary>
public sealed class ReviewOnMajorResolution(IncidentReviews reviews, TimeProvider clock) : IIncidentObserver
{
    private static readonly Actor s_guardrail = new("system:guardrail");

    public async Task MovedAsync(GuardrailDb db, Incident incident, IncidentState from, IncidentAction action, CancellationToken cancellationToken)
    {
        if (action != IncidentAction.Resolve || !incident.IsMajor || await db.IncidentReviews.AnyAsync(r => r.IncidentId == incident.Id, cancellationToken))
            return;
        var review = reviews.NewDraft(incident, s_guardrail);
        review.Incident = incident;
        db.IncidentReviews.Add(review);
        incident.Record(clock.UtcNow(), s_guardrail, "review-drafted", "A major incident resolved: its post-incident review is drafted.");
    }
}
