using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Demo;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Persistence;

/// <summary>
/// Persistence-sensitive behaviour of the service catalogue, written once and run against every provider
/// (<see cref="SqliteCatalogStoreTests"/>, <see cref="PostgresCatalogStoreTests"/>).
/// </summary>
internal static class CatalogStoreScenarios
{
    private static readonly Actor s_alice = Actor.User("alice");

    public static async Task Updates_bump_the_version_and_a_stale_version_changes_nothing(TestStore store)
    {
        var key = UniqueKey("svc");
        var team = UniqueKey("team");
        await using (var scope = store.Scope())
        {
            Assert.True((await Teams(scope).CreateAsync(new TeamRequest(team, "Team"), s_alice, default)).Succeeded);
            var created = await Services(scope).CreateAsync(new ServiceRequest(key, "Before", "technical", "tier2", team), s_alice, default);
            Assert.True(created.Succeeded, created.Error?.Message);
            Assert.Equal(1, created.Value.Version);
        }

        store.Clock.Advance(TimeSpan.FromMinutes(5));
        await using (var scope = store.Scope())
        {
            var updated = await Services(scope).UpdateAsync(
                RecordReference.Parse(key), new ServiceRequest(key, "After", "technical", "tier1", team, Version: 1), s_alice, default);
            Assert.True(updated.Succeeded, updated.Error?.Message);
            Assert.Equal(2, updated.Value.Version);
            Assert.Equal("After", updated.Value.Name);
            Assert.Equal(Criticality.Tier1, updated.Value.Criticality);
            Assert.Equal(store.Clock.GetUtcNow().UtcDateTime, updated.Value.UpdatedAt);
            Assert.True(updated.Value.CreatedAt < updated.Value.UpdatedAt);
        }

        await using (var scope = store.Scope())
        {
            var stale = await Services(scope).UpdateAsync(
                RecordReference.Parse(key), new ServiceRequest(key, "Lost update", "technical", "tier4", team, Version: 1), s_alice, default);
            Assert.False(stale.Succeeded);
            Assert.Equal("concurrency.stale_version", stale.Error.Code);
            Assert.Equal(ErrorKind.Conflict, stale.Error.Kind);
        }

        await using (var scope = store.Scope())
        {
            var current = await Services(scope).GetAsync(RecordReference.Parse(key), default);
            Assert.True(current.Succeeded);
            Assert.Equal(2, current.Value.Version);
            Assert.Equal("After", current.Value.Name);
            Assert.Equal(Criticality.Tier1, current.Value.Criticality);
            Assert.Equal(["service.created", "service.updated"], await ActionsOnAsync(scope, "service", current.Value.Id));
        }
    }

    public static async Task A_governed_write_that_bypasses_the_audit_trail_is_refused(TestStore store)
    {
        var key = UniqueKey("sneaky");
        await using (var scope = store.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            db.Teams.Add(new Team { Key = key, Name = "Unaudited" });

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains("AuditTrail.SaveAsync", refused.Message, StringComparison.Ordinal);
        }

        await using (var scope = store.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            Assert.False(await db.Teams.AnyAsync(t => t.Key == key));
        }
    }

    public static async Task Every_write_appends_one_entry_to_an_intact_chain(TestStore store)
    {
        var team = UniqueKey("team");
        var key = UniqueKey("svc");
        long teamId, serviceId;
        await using (var scope = store.Scope())
        {
            var createdTeam = await Teams(scope).CreateAsync(new TeamRequest(team, "Audited team"), s_alice, default);
            teamId = createdTeam.Value!.Id;
            var created = await Services(scope).CreateAsync(new ServiceRequest(key, "Audited", "business", "tier3", team), s_alice, default);
            serviceId = created.Value!.Id;
        }
        store.Clock.Advance(TimeSpan.FromSeconds(1));
        await using (var scope = store.Scope())
        {
            var updated = await Services(scope).UpdateAsync(
                RecordReference.Parse(key), new ServiceRequest(key, "Audited, renamed", "business", "tier3", team, Version: 1), Actor.Token("deploy-bot"), default);
            Assert.True(updated.Succeeded, updated.Error?.Message);
        }

        await using (var scope = store.Scope())
        {
            var verification = await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync(default);
            Assert.True(verification.Intact, verification.Problem);
            Assert.Null(verification.FirstBrokenEntryId);

            var teamEntry = Assert.Single(await EntriesOnAsync(scope, "team", teamId));
            Assert.Equal("team.created", teamEntry.Action);
            Assert.Equal("user:alice", teamEntry.Actor);
            Assert.Null(teamEntry.Before);
            Assert.Contains(team, teamEntry.After, StringComparison.Ordinal);

            var serviceEntries = await EntriesOnAsync(scope, "service", serviceId);
            Assert.Equal(["service.created", "service.updated"], serviceEntries.Select(e => e.Action));
            Assert.Equal(["user:alice", "token:deploy-bot"], serviceEntries.Select(e => e.Actor));
            Assert.Contains("\"Audited\"", serviceEntries[1].Before, StringComparison.Ordinal);
            Assert.Contains("\"Audited, renamed\"", serviceEntries[1].After, StringComparison.Ordinal);
            Assert.Equal(serviceEntries[0].Hash, serviceEntries[1].PreviousHash);
        }
    }

    /// <summary>Runs on a store nothing else writes to, so it may count what the seed created.</summary>
    public static async Task The_demo_organisation_seeds_a_fresh_store_once(TestStore store)
    {
        await using (var scope = store.Scope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().SeedAsync(default));

        int teams, services, environments, auditEntries, importRuns;
        await using (var scope = store.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            teams = await db.Teams.CountAsync();
            var all = await db.Services.AsNoTracking().ToListAsync();
            services = all.Count;
            var tiers = await db.Environments.Select(e => e.Tier).Distinct().ToListAsync();
            environments = await db.Environments.CountAsync();
            auditEntries = await db.AuditEntries.CountAsync();
            importRuns = await db.ImportRuns.CountAsync();

            Assert.True(teams >= 4, $"{teams} teams");
            Assert.True(services >= 15, $"{services} services");
            Assert.Equal(Enum.GetValues<Criticality>(), all.Select(s => s.Criticality).Distinct().Order());

            var business = all.Where(s => s.Kind == ServiceKind.Business).ToList();
            Assert.NotEmpty(business);
            foreach (var parent in business)
                Assert.Contains(all, s => s.Kind == ServiceKind.Technical && s.BusinessServiceId == parent.Id);
            foreach (var part in all.Where(s => s.BusinessServiceId is not null))
                Assert.Equal(ServiceKind.Business, all.Single(s => s.Id == part.BusinessServiceId).Kind);

            Assert.Contains(EnvironmentTier.Development, tiers);
            Assert.Contains(EnvironmentTier.Staging, tiers);
            Assert.Contains(EnvironmentTier.Production, tiers);

            // One audited entry per catalogue record, one per CMDB import (Terraform, Git, the production cluster), the GitHub and
            // CDEvents integrations, and the change enablement records: policy versions, the approvers, changes, votes and the proposal.
            Assert.Equal(3, importRuns);
            var changeRecords = await db.Changes.CountAsync() + await db.ChangeApprovals.CountAsync() + await db.ChangePolicyVersions.CountAsync()
                + await db.ModelProposals.CountAsync() + await db.Users.CountAsync();
            // Incidents, their confirmed causes (each also fails its change: one more entry per cause), reviews and follow-ups.
            var causes = await db.IncidentCauses.CountAsync();
            var incidentRecords = await db.Incidents.CountAsync() + causes + causes + await db.IncidentReviews.CountAsync() + await db.FollowUps.CountAsync();
            // The problem of the service whose releases failed most, and its links to the incidents it explains.
            var problemRecords = await db.Problems.CountAsync() + await db.ProblemIncidents.CountAsync();
            Assert.Equal(1, await db.Problems.CountAsync(p => p.FixChangeId != null && p.Incidents.Count > 1));
            Assert.Equal(teams + services + environments + importRuns + 2 + changeRecords + incidentRecords + problemRecords, auditEntries);
            Assert.True(causes > 5, $"{causes} incidents caused by releases");
            Assert.Equal(causes, await db.IncidentCauses.CountAsync(c => c.Change!.Outcome == Core.Changes.ChangeOutcome.Failed));
            Assert.True(await db.Incidents.CountAsync(i => i.State != Core.Incidents.IncidentState.Resolved && i.State != Core.Incidents.IncidentState.Closed) >= 3);
            Assert.True(await db.Incidents.CountAsync() > causes, "some incidents have causes outside the releases");
            Assert.True(await db.IncidentReviews.CountAsync(r => r.State == Core.Incidents.Reviews.ReviewState.Published) > 0);
            Assert.True(await db.SurveyInvitations.CountAsync(i => i.Rating != null) > 0);
            Assert.Equal(Enum.GetValues<Core.Changes.ChangeType>(), (await db.Changes.Select(c => c.Type).Distinct().ToListAsync()).Order());
            Assert.True(await db.Changes.CountAsync(c => c.State == Core.Changes.ChangeState.Authorisation) >= 3);
            Assert.True(await db.Changes.CountAsync(c => c.Outcome == Core.Changes.ChangeOutcome.Failed) > 0);
            var workloads = await db.ConfigurationItems.Where(c => c.Class == Core.Cmdb.CiClass.Workload).ToListAsync();
            Assert.Equal(all.Count(s => s.Kind == ServiceKind.Technical), workloads.Count);
            Assert.All(workloads, w => Assert.Equal(all.Single(s => s.Key == w.Name).Id, w.ServiceId));
            var impact = await scope.ServiceProvider.GetRequiredService<Core.Cmdb.ConfigurationItems>().ImpactAsync(
                "tf:demo/aws_db_instance.ledger", Core.Cmdb.ImpactDirection.Downstream, null, null, null, default);
            Assert.Contains(impact.Value!.Items, i => i.Ci.Class == "workload" && i.Ci.Name == "payments-api");
            Assert.Contains(impact.Value.BusinessServices, b => b.Key == "card-payments");
            Assert.Contains(impact.Value.BusinessServices, b => b.Key == "online-banking");
            Assert.True((await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync(default)).Intact);
        }

        await using (var scope = store.Scope())
        {
            var processor = scope.ServiceProvider.GetRequiredService<Core.Integrations.Inbox.DeliveryProcessor>();
            while (await processor.ProcessBatchAsync(500, default) > 0)
            {
            }
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            Assert.False(await db.InboundDeliveries.AnyAsync(d => d.Status != Core.Integrations.Inbox.DeliveryStatus.Processed));
            var production = await db.Deployments.AsNoTracking().Include(d => d.Service)
                .Where(d => d.EnvironmentTier == EnvironmentTier.Production && d.DeployedAt != null).ToListAsync();
            var perService = production.GroupBy(d => d.Service!.Key).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(await db.Services.CountAsync(s => s.Kind == ServiceKind.Technical), perService.Count);
            Assert.True(perService["payments-api"] > 5 * perService["auth-service"], $"payments-api {perService["payments-api"]}, auth-service {perService["auth-service"]}");
            // A rollback goes back to an older commit, so no push history leads to it; every other deployment's leads back to the last.
            Assert.Contains(production, d => d.Status == Core.Integrations.Normalisation.DeploymentState.RolledBack);
            Assert.All(production.Where(d => d.PreviousDeploymentId is not null && d.Status != Core.Integrations.Normalisation.DeploymentState.RolledBack),
                d => Assert.True(d.ShippedSetBasis == Core.Deployments.ShippedSetBasis.PushHistory, $"{d.ProviderDeploymentId}: {d.ShippedSetNote}"));
            Assert.True(await db.PullRequests.CountAsync(p => p.State == Core.Integrations.Normalisation.PullRequestState.Merged && p.FirstCommitAuthoredAt != null) > 100);
        }

        await using (var scope = store.Scope())
            Assert.False(await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().SeedAsync(default));

        await using (var scope = store.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            Assert.Equal(teams, await db.Teams.CountAsync());
            Assert.Equal(services, await db.Services.CountAsync());
            Assert.Equal(environments, await db.Environments.CountAsync());
            Assert.Equal(auditEntries, await db.AuditEntries.CountAsync());
        }
    }

    private static string UniqueKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..30];

    private static TeamDirectory Teams(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<TeamDirectory>();

    private static ServiceRegistry Services(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<ServiceRegistry>();

    private static async Task<List<AuditEntry>> EntriesOnAsync(AsyncServiceScope scope, string recordType, long id)
    {
        var recordId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await scope.ServiceProvider.GetRequiredService<GuardrailDb>().AuditEntries.AsNoTracking()
            .Where(e => e.RecordType == recordType && e.RecordId == recordId).OrderBy(e => e.Id).ToListAsync();
    }

    private static async Task<List<string>> ActionsOnAsync(AsyncServiceScope scope, string recordType, long id) =>
        [.. (await EntriesOnAsync(scope, recordType, id)).Select(e => e.Action)];
}
