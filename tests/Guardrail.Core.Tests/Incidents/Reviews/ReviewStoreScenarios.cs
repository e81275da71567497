using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Changes;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.Incidents;
using Guardrail.Core.Incidents.Reviews;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Core.Tests.Support;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Incidents.Reviews;

/// <summary>
/// Reviews over a real store and a fake clock, written once and run on every provider (<see cref="SqliteReviewStoreTests"/>,
/// <see cref="PostgresReviewStoreTests"/>). Incidents are made through the store and the audit trail (<see cref="IncidentSeed"/>).
/// </summary>
internal static class ReviewStoreScenarios
{
    private static readonly Actor s_ana = Actor.User("ana");

    /// <summary>A business service, a technical service of it, another service, and a production and a staging environment.</summary>
    private sealed record Catalogue(string Business, string Payments, string Other, string Production, string Staging, string Team);

    public static async Task The_timeline_has_every_record_of_the_window_once_in_time_order(TestStore store)
    {
        var t0 = store.Clock.GetUtcNow().UtcDateTime;
        var catalogue = await CatalogueAsync(store);
        var (approvers, _) = await PeopleAsync(store, catalogue.Team, 2);

        // Before the window: a change, and a deployment three days earlier; neither belongs in the timeline.
        var early = await Use<ChangeRecords, ChangeRecord>(store, c => c.CreateAsync(new ChangeRequest("Early change", catalogue.Payments, catalogue.Production), s_ana, "requester", default));
        var oldDeployment = await DeployAsync(store, catalogue.Payments, catalogue.Production, "succeeded", t0.AddDays(-3));

        store.Clock.Advance(TimeSpan.FromHours(1));
        var change = await Use<ChangeRecords, ChangeRecord>(store, c => c.CreateAsync(new ChangeRequest("Raise the pool size", catalogue.Payments, catalogue.Production), s_ana, "requester", default));
        store.Clock.Advance(TimeSpan.FromMinutes(10));
        var assessed = await Use<ChangeRecords, ChangeRecord>(store, c => c.TransitionAsync(change.Number, new ChangeTransitionRequest("assessment", change.Version), s_ana, "requester", default));
        Assert.True(assessed.Quorum >= 1 && assessed.Quorum <= approvers.Count, $"The default policy should route this change to {approvers.Count} approvers or fewer; it asked for {assessed.Quorum}.");
        foreach (var approver in approvers.Take(assessed.Quorum))
        {
            store.Clock.Advance(TimeSpan.FromMinutes(10));
            await Use<ChangeApprovals, ChangeRecord>(store, a => a.VoteAsync(change.Number, approver, Vote.Approve, "ok", ApprovalChannel.Web, default));
        }
        var approvedAt = store.Clock.GetUtcNow().UtcDateTime;
        var inProgress = await DeployAsync(store, catalogue.Payments, catalogue.Production, "in-progress", approvedAt.AddMinutes(5), id: "deploy-pool");
        await DeployAsync(store, catalogue.Payments, catalogue.Production, "succeeded", approvedAt.AddMinutes(8), id: "deploy-pool");
        var otherService = await DeployAsync(store, catalogue.Other, catalogue.Production, "succeeded", approvedAt.AddMinutes(7));
        var staging = await DeployAsync(store, catalogue.Payments, catalogue.Staging, "succeeded", approvedAt.AddMinutes(6));

        // The incident starts just after the deployment; its alert fires at the very moment the change's outcome is reported.
        var started = approvedAt.AddMinutes(9);
        var outcomeAt = approvedAt.AddMinutes(10);
        var resolved = approvedAt.AddMinutes(30);
        var incident = await SeedAsync(store, new IncidentSpec(
            "Payments time out", [catalogue.Payments], started, OpenedAt: approvedAt.AddMinutes(12), AcknowledgedAt: approvedAt.AddMinutes(15), ResolvedAt: resolved,
            Events:
            [
                new(approvedAt.AddMinutes(12), "opened", "Opened from the alert."),
                new(approvedAt.AddMinutes(15), "acknowledged", "Acknowledged."),
                new(approvedAt.AddMinutes(20), "comment", "Rolling back the pool change."),
                new(resolved, "resolved", "Payments answer again."),
            ],
            Alerts: [new("pool-exhausted", "Connection pool exhausted", outcomeAt, EndsAt: approvedAt.AddMinutes(29))]));
        store.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(outcomeAt, store.Clock.GetUtcNow().UtcDateTime);
        await Use<ChangeRecords, ChangeRecord>(store, c => c.ReportOutcomeAsync(change.Number, new ChangeOutcomeRequest("failed"), s_ana, default));
        store.Clock.Advance(TimeSpan.FromMinutes(30));
        var reviewedChange = await Use<ChangeRecords, ChangeRecord>(store, c => c.GetAsync(change.Number, default));
        await Use<ChangeRecords, ChangeRecord>(store, c => c.ReviewAsync(change.Number, new ChangeReviewRequest("Pool sizing reviewed.", reviewedChange.Version, Close: true), s_ana, default));

        var draft = await Use<IncidentReviews, ReviewDraft>(store, r => r.DraftAsync(incident.Id, s_ana, default));
        var review = await Use<IncidentReviews, ReviewDetail>(store, r => r.UpdateAsync(draft.Review.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new ReviewRequest("Payments timed out after a pool change.", LookBackMinutes: 30, Version: draft.Review.Version), s_ana, default));

        var changeEvents = (await Use<ChangeRecords, ChangeRecord>(store, c => c.GetAsync(change.Number, default))).Events.Where(e => e.At <= resolved).ToList();
        Assert.Equal(["requested", "assessed", "awaiting-approval", .. Enumerable.Repeat("vote", assessed.Quorum - 1), "vote", "approved", "state-changed", "outcome"],
            changeEvents.Select(e => e.Kind));
        var changeEntries = changeEvents.Select(e => ("change", e.Kind, change.Number, e.At)).ToList();
        var expected = new List<(string Source, string Kind, string Reference, DateTime At)>();
        expected.AddRange(changeEntries.Where(e => e.At < outcomeAt));
        expected.Add(("deployment", "in-progress", $"deployment:{inProgress}", approvedAt.AddMinutes(5)));
        expected.Add(("deployment", "succeeded", $"deployment:{inProgress}", approvedAt.AddMinutes(8)));
        expected.Add(("alert", "fired", "alertmanager:pool-exhausted", outcomeAt));
        expected.AddRange(changeEntries.Where(e => e.At == outcomeAt));
        expected.Add(("incident", "opened", incident.Number, approvedAt.AddMinutes(12)));
        expected.Add(("incident", "acknowledged", incident.Number, approvedAt.AddMinutes(15)));
        expected.Add(("incident", "comment", incident.Number, approvedAt.AddMinutes(20)));
        expected.Add(("alert", "resolved", "alertmanager:pool-exhausted", approvedAt.AddMinutes(29)));
        expected.Add(("incident", "resolved", incident.Number, resolved));

        Assert.Equal(expected, review.Timeline.Select(e => (e.Source, e.Kind, e.Reference, e.At)));
        Assert.All(review.Timeline.Zip(review.Timeline.Skip(1)), pair => Assert.True(pair.First.At <= pair.Second.At));
        Assert.DoesNotContain(review.Timeline, e => e.Reference == early.Number
            || e.Reference == $"deployment:{oldDeployment}" || e.Reference == $"deployment:{otherService}" || e.Reference == $"deployment:{staging}");
        Assert.DoesNotContain(review.Timeline, e => e.Kind == "reviewed");
        Assert.Equal(started.AddMinutes(-30), started - review.Review.LookBack);
    }

    public static async Task Drafting_is_idempotent_even_at_once_and_needs_a_resolved_incident(TestStore store)
    {
        var catalogue = await CatalogueAsync(store);
        var now = store.Clock.GetUtcNow().UtcDateTime;
        var open = await SeedAsync(store, new IncidentSpec("Still burning", [catalogue.Payments], now.AddMinutes(-20), now.AddMinutes(-15)));
        var resolved = await SeedAsync(store, new IncidentSpec(
            "Login fails", [catalogue.Payments], now.AddMinutes(-90), now.AddMinutes(-80), now.AddMinutes(-75), now.AddMinutes(-10),
            Description: "Users could not sign in."));

        await using (var scope = store.Scope())
        {
            var refused = await scope.ServiceProvider.GetRequiredService<IncidentReviews>().DraftAsync(open.Id, s_ana, default);
            Assert.Equal(("review.incident_not_resolved", ErrorKind.Conflict), (refused.Error!.Code, refused.Error.Kind));
            var unknown = await scope.ServiceProvider.GetRequiredService<IncidentReviews>().DraftAsync(open.Id + 1_000_000, s_ana, default);
            Assert.Equal(("incident.not_found", ErrorKind.NotFound), (unknown.Error!.Code, unknown.Error.Kind));
        }

        var drafts = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var scope = store.Scope();
            var drafted = await scope.ServiceProvider.GetRequiredService<IncidentReviews>().DraftAsync(resolved.Id, s_ana, default);
            Assert.True(drafted.Succeeded, drafted.Error?.Message);
            return drafted.Value;
        }));
        var again = await Use<IncidentReviews, ReviewDraft>(store, r => r.DraftAsync(resolved.Id, Actor.System, default));

        Assert.Single(drafts, d => d.Created);
        Assert.Single(drafts.Select(d => d.Review.Id).Append(again.Review.Id).Distinct());
        Assert.False(again.Created);
        Assert.Equal((ReviewState.Draft, "user:ana", TimeSpan.FromHours(24)), (again.Review.State, again.Review.DraftedBy, again.Review.LookBack));
        Assert.Equal("Login fails.\n\nUsers could not sign in.", again.Review.Summary);
        var listed = await Use<IncidentReviews, Page<IncidentReview>>(store, r => r.ListAsync(new ReviewQuery(Incident: resolved.Number), null, null, default));
        Assert.Single(listed.Items);
    }

    public static async Task Overdue_follow_ups_are_tracked_across_reviews_on_the_clock(TestStore store)
    {
        var catalogue = await CatalogueAsync(store);
        var (people, _) = await PeopleAsync(store, catalogue.Team, 1);
        var now = store.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var incident = await SeedAsync(store, new IncidentSpec(
            "Queue backlog", [catalogue.Payments], now.AddHours(-3), now.AddHours(-3), now.AddHours(-2), now.AddHours(-1)));
        var review = (await Use<IncidentReviews, ReviewDraft>(store, r => r.DraftAsync(incident.Id, s_ana, default))).Review;
        var reference = incident.Number;

        var soon = await Use<FollowUps, FollowUp>(store, f => f.AddAsync(reference, new FollowUpRequest("Alert on queue age", OwnerUser: people[0], Due: today.AddDays(1)), s_ana, default));
        var later = await Use<FollowUps, FollowUp>(store, f => f.AddAsync(reference, new FollowUpRequest("Load-test the consumer", OwnerTeam: catalogue.Team, Due: today.AddDays(10)), s_ana, default));
        await using (var scope = store.Scope())
        {
            var past = await scope.ServiceProvider.GetRequiredService<FollowUps>().AddAsync(reference, new FollowUpRequest("Too late", OwnerTeam: catalogue.Team, Due: today.AddDays(-1)), s_ana, default);
            Assert.Equal("validation.failed", past.Error!.Code);
            Assert.Contains("due", past.Error.Fields!.Keys);
        }
        Assert.Equal((review.Id, incident.Id, FollowUpState.Open), (soon.ReviewId, soon.IncidentId, soon.State));
        Assert.Empty(await OverdueAsync(store, reference));

        store.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await OverdueAsync(store, reference));

        store.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal([soon.Id], await OverdueAsync(store, reference));

        var done = await Use<FollowUps, FollowUp>(store, f => f.UpdateAsync(soon.Id,
            new FollowUpRequest(soon.Description, OwnerUser: people[0], Due: soon.DueOn, State: "done", Outcome: "Alert added.", Version: soon.Version),
            Actor.User(people[0]), people[0], mayEditAny: false, default));
        Assert.Equal((FollowUpState.Done, store.Clock.GetUtcNow().UtcDateTime, "Alert added."), (done.State, done.DoneAt, done.Outcome));
        Assert.Empty(await OverdueAsync(store, reference));

        await using (var scope = store.Scope())
        {
            var stranger = await scope.ServiceProvider.GetRequiredService<FollowUps>().UpdateAsync(later.Id,
                new FollowUpRequest(later.Description, OwnerTeam: catalogue.Team, Due: later.DueOn, State: "done", Version: later.Version),
                Actor.User("mallory"), "mallory", mayEditAny: false, default);
            Assert.Equal(("follow_up.not_owner", ErrorKind.Forbidden), (stranger.Error!.Code, stranger.Error.Kind));
        }
        store.Clock.Advance(TimeSpan.FromDays(9));
        Assert.Equal([later.Id], await OverdueAsync(store, reference));
    }

    private static async Task<IReadOnlyList<long>> OverdueAsync(TestStore store, string incident) =>
        [.. (await Use<FollowUps, Page<FollowUp>>(store, f => f.ListAsync(new FollowUpQuery(OverdueOnly: true, Incident: incident), null, null, default))).Items.Select(f => f.Id)];

    private static async Task<Catalogue> CatalogueAsync(TestStore store)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var catalogue = new Catalogue($"bank-{suffix}", $"pay-{suffix}", $"other-{suffix}", $"prod-{suffix}", $"stg-{suffix}", $"team-{suffix}");
        await using var scope = store.Scope();
        await scope.ServiceProvider.GetRequiredService<ChangePolicies>().EnsureInForceAsync(default);
        Assert.True((await scope.ServiceProvider.GetRequiredService<TeamDirectory>().CreateAsync(new TeamRequest(catalogue.Team, "Payments team"), s_ana, default)).Succeeded);
        var services = scope.ServiceProvider.GetRequiredService<ServiceRegistry>();
        Assert.True((await services.CreateAsync(new ServiceRequest(catalogue.Business, "Online banking", "business", "tier1", catalogue.Team), s_ana, default)).Succeeded);
        Assert.True((await services.CreateAsync(new ServiceRequest(catalogue.Payments, "Payments API", "technical", "tier1", catalogue.Team, catalogue.Business), s_ana, default)).Succeeded);
        Assert.True((await services.CreateAsync(new ServiceRequest(catalogue.Other, "Other API", "technical", "tier3", catalogue.Team), s_ana, default)).Succeeded);
        var environments = scope.ServiceProvider.GetRequiredService<EnvironmentRegistry>();
        Assert.True((await environments.CreateAsync(new EnvironmentRequest(catalogue.Production, "Production", "production"), s_ana, default)).Succeeded);
        Assert.True((await environments.CreateAsync(new EnvironmentRequest(catalogue.Staging, "Staging", "staging"), s_ana, default)).Succeeded);
        return catalogue;
    }

    /// <summary>People who may approve any change (change managers) in the team; returns their user names.</summary>
    private static async Task<(List<string> UserNames, string Team)> PeopleAsync(TestStore store, string team, int count)
    {
        var names = new List<string>();
        await using var scope = store.Scope();
        for (var i = 0; i < count; i++)
        {
            var name = $"person-{Guid.NewGuid():N}"[..20];
            var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
                new CreateUserRequest(name, "Person " + name, "change-manager", $"pw-{Guid.NewGuid():N}", team), s_ana, default);
            Assert.True(created.Succeeded, created.Error?.Message);
            names.Add(name);
        }
        return (names, team);
    }

    private static async Task<long> DeployAsync(TestStore store, string service, string environment, string status, DateTime at, string? id = null)
    {
        var recorded = await Use<DeploymentLog, Deployment>(store, log => log.RecordEventAsync(
            new DeploymentEventRequest(id ?? $"deploy-{Guid.NewGuid():N}", service, environment, status, At: new DateTimeOffset(at)), default));
        return recorded.Id;
    }

    private static async Task<T> Use<TService, T>(TestStore store, Func<TService, Task<Result<T>>> use)
        where TService : notnull
    {
        await using var scope = store.Scope();
        var result = await use(scope.ServiceProvider.GetRequiredService<TService>());
        Assert.True(result.Succeeded, result.Error?.Message + (result.Error?.Fields is { } fields ? " " + string.Join("; ", fields.SelectMany(f => f.Value)) : ""));
        return result.Value;
    }

    private static async Task<Incident> SeedAsync(TestStore store, IncidentSpec spec)
    {
        await using var scope = store.Scope();
        return await IncidentSeed.CreateAsync(scope.ServiceProvider, spec);
    }
}
