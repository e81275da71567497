using Guardrail.Core.Access;
using Guardrail.Core.Audit;
using Guardrail.Core.Changes;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents;
using Guardrail.Core.Incidents.Causes;
using Guardrail.Core.Incidents.Reviews;
using Guardrail.Core.Incidents.Satisfaction;
using Guardrail.Core.Persistence;
using Guardrail.Core.Problems;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Demo;

/// <summary>
/// The demo bank's incidents over the 90 days: one for every release the toolchain made fail, its cause confirmed as that
/// release's deployment and change, resolved when the rollback or the hotfix went out (the hotfix recorded as remediating
/// it on every other cause) or when the responders fixed it by hand; others from outside (a provider outage, a full disk,
/// a certificate); a few major ones with their post-incident reviews and follow-ups, and the reporters' survey answers,
/// kinder to the payments team than to identity. A handful are open today.
/// </summary>
public sealed class DemoIncidents(GuardrailDb db, AuditTrail audit, IncidentReviews reviews, IncidentSettingsStore settings, ServiceCatalogIndex catalog, TimeProvider clock)
{
    private static readonly Actor s_demo = new("system:demo");

    /// <summary>The mean rating each team's reporters give.</summary>
    private static readonly Dictionary<string, double> s_meanRatings = new()
    {
        ["payments"] = 4.5, ["platform"] = 3.8, ["storefront"] = 3.6, ["identity"] = 2.6, ["data"] = 3.9,
    };

    private static readonly (string Responder, string Team)[] s_responders =
        [("amara", "payments"), ("jonas", "platform"), ("priya", "identity"), ("sam", "storefront"), ("lena", "data")];

    private static readonly string[] s_releaseSymptoms =
        ["Error rate above 5% after the release", "Requests time out", "Latency p99 above 2 s", "Logins fail for some customers", "Jobs stuck in the queue"];

    private static readonly (string Title, string Service, FactorKind Kind)[] s_outsideCauses =
    [
        ("Card network provider degraded", "payments-api", FactorKind.Dependency),
        ("Disk full on the warehouse nodes", "data-warehouse", FactorKind.Capacity),
        ("TLS certificate expired on the gateway", "api-gateway", FactorKind.Process),
        ("SMS provider drops one-time codes", "notification-service", FactorKind.Dependency),
        ("Nightly ETL ran past the reporting deadline", "reporting-etl", FactorKind.Capacity),
        ("Document scans upload slowly", "document-store", FactorKind.Infrastructure),
        ("KYC vendor API returns errors", "kyc-service", FactorKind.Dependency),
        ("Mobile app cannot refresh sessions", "mobile-bff", FactorKind.Software),
    ];

    public async Task SeedAsync(IReadOnlyList<DemoRelease> releases, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        var current = await settings.CurrentAsync(cancellationToken);
        var people = await db.Users.ToDictionaryAsync(u => u.UserName, cancellationToken);
        var teams = await db.Teams.ToDictionaryAsync(t => t.Key, cancellationToken);
        var random = new Random(11);
        var caused = new List<(Incident Incident, DemoRelease Release)>();
        var incidents = new List<Incident>();

        foreach (var release in releases.Where(r => r.Failed).OrderBy(r => r.DeployedAt))
        {
            var service = catalog.Find(new RecordReference(null, release.Service))!;
            var (plan, resolution) = release.Outcome switch
            {
                DemoOutcome.RolledBack => ("rolling it back", "Rolled back and watched the error rate return to normal."),
                DemoOutcome.FixedForward => ("fixing it forward with a hotfix", "The hotfix went out and the error rate returned to normal."),
                _ => ("reverting the setting it changed by hand", "Reverted the setting by hand; the service recovered."),
            };
            var incident = New(service, s_releaseSymptoms[random.Next(s_releaseSymptoms.Length)], release.IncidentAt!.Value, release.RestoredAt, resolution,
                current, people, teams, random);
            incident.Record(incident.AcknowledgedAt!.Value.AddMinutes(1), Actor.User(Responder(service)), "comment", $"The errors began after the {release.Sha[..7]} release; {plan}.");
            caused.Add((incident, release));
            incidents.Add(incident);
        }
        foreach (var day in Enumerable.Range(0, 12).Select(_ => random.Next(2, DemoToolchain.Days)).Order())
        {
            var (title, serviceKey, _) = s_outsideCauses[random.Next(s_outsideCauses.Length)];
            var service = catalog.Find(new RecordReference(null, serviceKey))!;
            var startedAt = now.Date.AddDays(-day).AddHours(7 + random.NextDouble() * 12);
            incidents.Add(New(service, title, startedAt, startedAt.AddMinutes(40 + random.Next(300)), "Found the fault and fixed it; the service is back to normal.",
                current, people, teams, random));
        }
        incidents.AddRange(Today(now, current, people, teams));
        foreach (var incident in incidents)
        {
            IncidentSla.Refresh(incident, current, incident.ResolvedAt ?? now);
            db.Incidents.Add(incident);
        }
        await audit.SaveAsync(db, s_demo, cancellationToken);

        await ConfirmCausesAsync(caused, cancellationToken);
        await RecurringReleaseProblemAsync(caused, releases, cancellationToken);
        foreach (var incident in incidents.Where(i => i.IsMajor && i.ResolvedAt is not null))
            Review(incident, caused.Any(c => c.Incident == incident), people, teams, now);
        foreach (var incident in incidents.Where(i => i.ResolvedAt is not null && i.ReporterEmail is not null))
            Survey(incident, s_meanRatings[catalog.Find(new RecordReference(incident.Services[0].ServiceId, null))!.OwnerTeam!.Key], now, random);
        await audit.SaveAsync(db, s_demo, cancellationToken);
    }

    /// <summary>
    /// The responders confirm each release-caused incident's deployment and change as its cause, which fails the change, and
    /// on every other hotfix record it as remediating the failed deployment.
    /// </summary>
    private async Task ConfirmCausesAsync(List<(Incident Incident, DemoRelease Release)> caused, CancellationToken cancellationToken)
    {
        var deploymentIds = caused.Select(c => c.Release.DeploymentId).ToList();
        var changes = await db.Changes.Where(c => c.DeploymentId != null && deploymentIds.Contains(c.DeploymentId) && c.Type != ChangeType.Emergency)
            .Include(c => c.Service).ToDictionaryAsync(c => c.DeploymentId!.Value, cancellationToken);
        foreach (var (incident, release) in caused)
        {
            var change = changes[release.DeploymentId!.Value];
            var responder = Actor.User(Responder(change.Service!));
            var acknowledgedAt = incident.AcknowledgedAt!.Value;
            var at = acknowledgedAt + TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(20).Ticks, ((incident.ResolvedAt ?? acknowledgedAt.AddHours(2)) - acknowledgedAt).Ticks / 2));
            var remedy = release.RemediationRecorded ? release.FixedBy : null;
            db.IncidentCauses.Add(new IncidentCause
            {
                IncidentId = incident.Id,
                DeploymentId = release.DeploymentId,
                ChangeId = change.Id,
                ConfirmedBy = responder.Name,
                ConfirmedAt = at,
                Note = release.Outcome == DemoOutcome.RolledBack ? "Rolling the release back restored the service." : "The errors started with this release.",
                RemediatedByDeploymentId = remedy?.DeploymentId,
            });
            incident.Record(at, responder, "cause-confirmed", $"Confirmed as the cause: {change.Number} ({change.Title}), deployed as deployment {release.DeploymentId}.");
            if (remedy is not null)
                incident.Record(remedy.DeployedAt.AddMinutes(5), responder, "cause-remediated", $"Deployment {remedy.DeploymentId} ({remedy.Sha[..12]}) rolled back or remediated deployment {release.DeploymentId}.");
            change.Outcome = ChangeOutcome.Failed;
            change.Record(at, responder, "outcome", $"Outcome: failed. Confirmed as the cause of {incident.Number}.");
            change.Version++;
        }
    }

    /// <summary>
    /// The service whose releases caused the most incidents gets a problem: after its second such incident the responders
    /// log it, a day later they record its root cause and a workaround (a known error), and its last successful release
    /// carries the fix, whose change the problem names, so the rework rate counts that release as a problem fix. The
    /// problem is resolved an hour after that release, or now if that is sooner.
    /// </summary>
    private async Task RecurringReleaseProblemAsync(List<(Incident Incident, DemoRelease Release)> caused, IReadOnlyList<DemoRelease> releases, CancellationToken cancellationToken)
    {
        var worst = caused.GroupBy(c => c.Release.Service).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First();
        var fix = releases.Where(r => r.Service == worst.Key && !r.Failed && !r.Hotfix && r.DeploymentId is not null).MaxBy(r => r.DeployedAt)!;
        var explained = worst.Select(c => c.Incident).Where(i => i.ResolvedAt < fix.DeployedAt).OrderBy(i => i.OpenedAt).ToList();
        var fixChange = await db.Changes.SingleAsync(c => c.DeploymentId == fix.DeploymentId && c.Type != ChangeType.Emergency, cancellationToken);
        var service = catalog.Find(new RecordReference(null, worst.Key))!;
        var responder = Actor.User(Responder(service));
        var loggedAt = explained[Math.Min(1, explained.Count - 1)].ResolvedAt!.Value.AddHours(2);

        var problem = new Problem
        {
            Title = $"Releases of {service.Name} fail in their first minutes",
            Symptoms = "Error rate and time-outs right after a release; rolling back or a hotfix restores the service.",
            CreatedBy = responder.Name,
            CreatedAt = loggedAt,
            UpdatedAt = loggedAt,
            Services = [new ProblemService { ServiceId = service.Id }],
        };
        problem.Record(loggedAt, responder, "logged", $"Logged after {explained.Count} release incidents on {service.Name}.");
        foreach (var incident in explained)
            problem.LinkIncident(incident, responder, loggedAt);
        Move(problem, ProblemState.UnderInvestigation, loggedAt, responder);
        var analysedAt = loggedAt.AddDays(1);
        problem.RootCause = "New pods take traffic before their session cache is warm, so the first minutes after a release overload the session store.";
        problem.Workaround = "Release outside peak hours and roll back at the first error-rate alert.";
        Move(problem, ProblemState.KnownError, analysedAt, responder);
        problem.Fix = "Pods report ready only once their session cache is warm.";
        problem.FixChangeId = fixChange.Id;
        var (resolvedAt, now) = (fix.DeployedAt.AddHours(1), clock.UtcNow());
        Move(problem, ProblemState.Resolved, resolvedAt < now ? resolvedAt : now, responder);
        db.Problems.Add(problem);
    }

    private static void Move(Problem problem, ProblemState to, DateTime at, Actor actor)
    {
        var moved = problem.Transition(to, at, actor);
        if (!moved.Succeeded)
            throw new InvalidOperationException($"The demo problem cannot move to {to}: {moved.Error.Message}");
    }

    /// <summary>
    /// An incident that began at <paramref name="startedAt"/>, opened and acknowledged soon after (sooner the sooner it was
    /// over) and resolved at <paramref name="restoredAt"/>, or still being worked when that is null.
    /// </summary>
    private Incident New(Service service, string title, DateTime startedAt, DateTime? restoredAt, string resolution, IncidentSettings current,
        Dictionary<string, UserAccount> people, Dictionary<string, Team> teams, Random random)
    {
        var (impact, urgency) = service.Criticality switch
        {
            Criticality.Tier1 => (IncidentImpact.High, random.NextDouble() < 0.5 ? IncidentUrgency.High : IncidentUrgency.Medium),
            Criticality.Tier2 => (IncidentImpact.Medium, IncidentUrgency.High),
            _ => (IncidentImpact.Low, IncidentUrgency.Medium),
        };
        var fromServiceDesk = random.NextDouble() < 0.6;
        var lasted = (restoredAt ?? clock.UtcNow()) - startedAt;
        var openedAt = startedAt + Shortest(TimeSpan.FromMinutes(2 + random.Next(15)), lasted * 0.2);
        var responder = Responder(service);
        var incident = new Incident
        {
            Title = $"{service.Name}: {title}",
            Impact = impact,
            Urgency = urgency,
            Priority = current.PriorityOf(impact, urgency),
            PrioritySource = PrioritySource.Matrix,
            State = IncidentState.New,
            ReporterName = fromServiceDesk ? "Service desk" : "system:alertmanager",
            ReporterEmail = fromServiceDesk ? "servicedesk@demo-bank.example" : null,
            StartedAt = startedAt,
            OpenedAt = openedAt,
            Assignee = people[responder],
            Team = teams[service.OwnerTeam!.Key],
            Services = [new IncidentService { ServiceId = service.Id }],
            UpdatedAt = openedAt,
        };
        incident.IsMajor = incident.Priority == IncidentPriority.P1 && random.NextDouble() < 0.5;
        incident.Record(openedAt, s_demo, "opened", $"Opened by {incident.ReporterName}: {incident.Title}.");
        var who = Actor.User(responder);
        var acknowledgedAt = openedAt + Shortest(TimeSpan.FromMinutes(3 + random.Next(25)), lasted * 0.3);
        incident.Apply(IncidentAction.Acknowledge, acknowledgedAt);
        incident.Record(acknowledgedAt, who, "acknowledged", $"Acknowledged by {responder}.");
        var startedWorkAt = acknowledgedAt + Shortest(TimeSpan.FromMinutes(5), lasted * 0.1);
        incident.Apply(IncidentAction.Start, startedWorkAt);
        incident.Record(startedWorkAt, who, "started", $"Work started by {responder}.");
        if (restoredAt is not { } resolvedAt)
            return incident;
        incident.ResolutionNotes = resolution;
        incident.Apply(IncidentAction.Resolve, resolvedAt);
        incident.Record(resolvedAt, who, "resolved", $"Resolved, the service is restored: {incident.ResolutionNotes}");
        if (resolvedAt < clock.UtcNow().AddDays(-3))
        {
            incident.Apply(IncidentAction.Close, resolvedAt.AddDays(1));
            incident.Record(resolvedAt.AddDays(1), who, "closed", "Closed.");
        }
        return incident;
    }

    private static TimeSpan Shortest(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Today's queue: one being worked, one just in, one waiting on a supplier.</summary>
    private IEnumerable<Incident> Today(DateTime now, IncidentSettings current, Dictionary<string, UserAccount> people, Dictionary<string, Team> teams)
    {
        var open = new[] { ("fraud-scoring", "Scores arrive late for card authorisations"), ("web-frontend", "Statements page shows a blank table"), ("kyc-service", "Identity checks pending for new customers") };
        foreach (var (index, (serviceKey, title)) in open.Index())
        {
            var service = catalog.Find(new RecordReference(null, serviceKey))!;
            var startedAt = now.AddMinutes(-40 - 90 * index);
            var incident = new Incident
            {
                Title = $"{service.Name}: {title}",
                Impact = IncidentImpact.Medium,
                Urgency = index == 0 ? IncidentUrgency.High : IncidentUrgency.Medium,
                State = IncidentState.New,
                ReporterName = "Service desk",
                ReporterEmail = "servicedesk@demo-bank.example",
                StartedAt = startedAt,
                OpenedAt = startedAt.AddMinutes(5),
                Team = teams[service.OwnerTeam!.Key],
                Services = [new IncidentService { ServiceId = service.Id }],
                UpdatedAt = startedAt.AddMinutes(5),
            };
            incident.Priority = current.PriorityOf(incident.Impact, incident.Urgency);
            incident.Record(incident.OpenedAt, s_demo, "opened", $"Opened by the service desk: {incident.Title}.");
            var responder = Responder(service);
            if (index != 1)
            {
                incident.Assignee = people[responder];
                incident.Apply(IncidentAction.Acknowledge, incident.OpenedAt.AddMinutes(6));
                incident.Record(incident.OpenedAt.AddMinutes(6), Actor.User(responder), "acknowledged", $"Acknowledged by {responder}.");
            }
            if (index == 2)
            {
                incident.Apply(IncidentAction.Hold, incident.OpenedAt.AddMinutes(30));
                incident.Record(incident.OpenedAt.AddMinutes(30), Actor.User(responder), "on-hold", "On hold: waiting for the KYC vendor's fix. The SLA clocks stand still until it resumes.");
            }
            yield return incident;
        }
    }

    private void Review(Incident incident, bool causedByRelease, Dictionary<string, UserAccount> people, Dictionary<string, Team> teams, DateTime now)
    {
        var review = reviews.NewDraft(incident, s_demo);
        var published = incident.ResolvedAt < now.AddDays(-10);
        review.ImpactNotes = "Customers could not complete payments or sign in while it lasted; the service desk took the calls.";
        review.ContributingFactors = ReviewContent.Write(causedByRelease
            ? [new ContributingFactor(FactorKind.Change, "The release changed a connection setting that the staging load did not exercise."),
               new ContributingFactor(FactorKind.Detection, "The error-rate alert waited ten minutes before firing.")]
            : [new ContributingFactor(FactorKind.Dependency, "A supplier degraded without telling us."),
               new ContributingFactor(FactorKind.Tooling, "The runbook pointed at a dashboard that no longer exists.")]);
        review.WentWell = ReviewContent.Write(["The on-call responder acknowledged within minutes.", "Rollback took one command."]);
        review.WasHard = ReviewContent.Write(["Finding which release was live on which region."]);
        review.Lessons = ReviewContent.Write(["Staging needs production-like connection counts."]);
        if (published)
        {
            review.State = ReviewState.Published;
            review.PublishedAt = incident.ResolvedAt!.Value.AddDays(4);
        }
        var team = incident.Team!;
        var owner = people.Values.FirstOrDefault(p => p.TeamId == team.Id);
        foreach (var (index, description) in new[] { "Add a load test with production connection counts to the pipeline", "Alert on error rate after one minute, not ten" }.Index())
        {
            var due = DateOnly.FromDateTime(incident.ResolvedAt!.Value.AddDays(14 + 7 * index));
            var done = published && index == 0;
            review.FollowUps.Add(new FollowUp
            {
                IncidentId = incident.Id,
                Description = description,
                OwnerUser = index == 0 ? owner : null,
                OwnerTeam = index == 0 ? null : teams[team.Key],
                DueOn = due,
                State = done ? FollowUpState.Done : FollowUpState.Open,
                DoneAt = done ? incident.ResolvedAt.Value.AddDays(10) : null,
                Outcome = done ? "Added; it caught a similar setting the week after." : null,
                CreatedBy = s_demo.Name,
                CreatedAt = review.CreatedAt,
                UpdatedAt = review.CreatedAt,
            });
        }
        review.Incident = incident;
        db.IncidentReviews.Add(review);
    }

    private void Survey(Incident incident, double meanRating, DateTime now, Random random)
    {
        var sentAt = incident.ResolvedAt!.Value;
        var answered = random.NextDouble() < 0.6;
        var rating = Math.Clamp((int)Math.Round(meanRating + (random.NextDouble() - 0.5) * 2.5), 1, 5);
        db.SurveyInvitations.Add(new SurveyInvitation
        {
            Incident = incident,
            Recipient = incident.ReporterEmail!,
            SentAt = sentAt,
            ExpiresAt = sentAt + SatisfactionSurveys.LinkLifetime,
            AnsweredAt = answered && sentAt.AddHours(6) < now ? sentAt.AddHours(6) : null,
            Rating = answered && sentAt.AddHours(6) < now ? rating : null,
            Comment = answered && rating <= 2 ? "It took a long time before anyone told us what was going on." : null,
        });
    }

    private static string Responder(Service service) => s_responders.First(r => r.Team == service.OwnerTeam!.Key).Responder;
}
