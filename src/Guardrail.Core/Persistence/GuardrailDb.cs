using Guardrail.Core.Access;
using Guardrail.Core.Audit;
using Guardrail.Core.Changes;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Deployments;
using Guardrail.Core.Incidents;
using Guardrail.Core.Incidents.Reviews;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Inbox;
using Guardrail.Core.Integrations.Outbox;
using Guardrail.Core.Problems;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Guardrail.Core.Persistence;

/// <summary>The one model of Guardrail; each database provider keeps its own migrations for it.</summary>
public sealed class GuardrailDb(DbContextOptions<GuardrailDb> options) : DbContext(options)
{
    private bool _auditedSaveInProgress;

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<Service> Services => Set<Service>();

    public DbSet<DeploymentEnvironment> Environments => Set<DeploymentEnvironment>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<UserAccount> Users => Set<UserAccount>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    public DbSet<ConfigurationItem> ConfigurationItems => Set<ConfigurationItem>();

    public DbSet<CiSourceFact> CiSourceFacts => Set<CiSourceFact>();

    public DbSet<CiVersion> CiVersions => Set<CiVersion>();

    public DbSet<Relationship> Relationships => Set<Relationship>();

    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();

    public DbSet<UnresolvedRecord> UnresolvedReferences => Set<UnresolvedRecord>();

    public DbSet<Integration> Integrations => Set<Integration>();

    public DbSet<InboundDelivery> InboundDeliveries => Set<InboundDelivery>();

    public DbSet<ExternalWorkItem> ExternalWorkItems => Set<ExternalWorkItem>();

    public DbSet<OutboundTarget> OutboundTargets => Set<OutboundTarget>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<AutomationRun> AutomationRuns => Set<AutomationRun>();

    public DbSet<Deployment> Deployments => Set<Deployment>();

    public DbSet<DeploymentStatusChange> DeploymentStatusChanges => Set<DeploymentStatusChange>();

    public DbSet<ShippedCommit> ShippedCommits => Set<ShippedCommit>();

    public DbSet<Commit> Commits => Set<Commit>();

    public DbSet<Push> Pushes => Set<Push>();

    public DbSet<PushCommit> PushCommits => Set<PushCommit>();

    public DbSet<PullRequest> PullRequests => Set<PullRequest>();

    public DbSet<PipelineRun> PipelineRuns => Set<PipelineRun>();

    public DbSet<ServiceMappingRule> ServiceMappingRules => Set<ServiceMappingRule>();

    public DbSet<Alert> Alerts => Set<Alert>();

    public DbSet<Incident> Incidents => Set<Incident>();

    public DbSet<IncidentService> IncidentServices => Set<IncidentService>();

    public DbSet<IncidentCi> IncidentCis => Set<IncidentCi>();

    public DbSet<IncidentPause> IncidentPauses => Set<IncidentPause>();

    public DbSet<IncidentEvent> IncidentEvents => Set<IncidentEvent>();

    public DbSet<IncidentSettingsRecord> IncidentSettings => Set<IncidentSettingsRecord>();

    public DbSet<Problem> Problems => Set<Problem>();

    public DbSet<ProblemService> ProblemServices => Set<ProblemService>();

    public DbSet<ProblemIncident> ProblemIncidents => Set<ProblemIncident>();

    public DbSet<ProblemEvent> ProblemEvents => Set<ProblemEvent>();

    public DbSet<IncidentReview> IncidentReviews => Set<IncidentReview>();

    public DbSet<FollowUp> FollowUps => Set<FollowUp>();
    public DbSet<Incidents.Satisfaction.SurveyInvitation> SurveyInvitations => Set<Incidents.Satisfaction.SurveyInvitation>();

    public DbSet<Incidents.Causes.IncidentCause> IncidentCauses => Set<Incidents.Causes.IncidentCause>();

    public DbSet<Integrations.ProtectionRules.ProtectionRuleRequest> ProtectionRuleRequests => Set<Integrations.ProtectionRules.ProtectionRuleRequest>();

    public DbSet<Measurement.DeliveredChange> DeliveredChanges => Set<Measurement.DeliveredChange>();

    public DbSet<ChangeRecord> Changes => Set<ChangeRecord>();

    public DbSet<ChangeCi> ChangeCis => Set<ChangeCi>();

    public DbSet<ChangeCommit> ChangeCommits => Set<ChangeCommit>();

    public DbSet<ChangeApproval> ChangeApprovals => Set<ChangeApproval>();

    public DbSet<ChangeEvent> ChangeEvents => Set<ChangeEvent>();

    public DbSet<ApprovalDelegation> ApprovalDelegations => Set<ApprovalDelegation>();

    public DbSet<ChangePolicyVersion> ChangePolicyVersions => Set<ChangePolicyVersion>();

    public DbSet<ModelProposal> ModelProposals => Set<ModelProposal>();

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GuardrailDb).Assembly);

    /// <summary>
    /// Every time is stored in UTC. SQLite keeps times as text and forgets their kind; they are read back as UTC with a parser
    /// for the one format written, as the general parser took a large share of reading a year of records.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            configurationBuilder.Properties<DateTime>().HaveConversion<SqliteUtcTimeText>();
            configurationBuilder.Properties<DateTime?>().HaveConversion<SqliteUtcTimeText>();
            return;
        }
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        EnsureGovernedWritesAreAudited();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        EnsureGovernedWritesAreAudited();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    internal async Task<T> RunAuditedSaveAsync<T>(Func<Task<T>> save)
    {
        _auditedSaveInProgress = true;
        try
        {
            return await save();
        }
        finally
        {
            _auditedSaveInProgress = false;
        }
    }

    private void EnsureGovernedWritesAreAudited()
    {
        if (_auditedSaveInProgress)
            return;
        var unaudited = ChangeTracker.Entries()
            .FirstOrDefault(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && GovernedRecords.RecordTypeOf(e.Entity.GetType()) is not null);
        if (unaudited is not null)
            throw new InvalidOperationException(
                $"{unaudited.Entity.GetType().Name} is a governed record; save it through AuditTrail.SaveAsync so the write is audited.");
    }
}

internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    toStore => toStore.Kind == DateTimeKind.Utc ? toStore : toStore.ToUniversalTime(),
    fromStore => DateTime.SpecifyKind(fromStore, DateTimeKind.Utc));
