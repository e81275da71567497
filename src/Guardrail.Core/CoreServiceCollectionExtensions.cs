using Guardrail.Core.Access;
using Guardrail.Core.Audit;
using Guardrail.Core.Changes;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Core.Demo;
using Guardrail.Core.Deployments;
using Guardrail.Core.Incidents;
using Guardrail.Core.Incidents.Reviews;
using Guardrail.Core.Incidents.Suspects;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Inbox;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Integrations.Normalisation.Alertmanager;
using Guardrail.Core.Integrations.Normalisation.Cdevents;
using Guardrail.Core.Integrations.Normalisation.Github;
using Guardrail.Core.Integrations.Normalisation.Gitlab;
using Guardrail.Core.Integrations.Normalisation.Pagerduty;
using Guardrail.Core.Integrations.Outbox;
using Guardrail.Core.Integrations.ProtectionRules;
using Guardrail.Core.Persistence;
using Guardrail.Core.Problems;
using Guardrail.Core.ServiceCatalog;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the database and every practice's use cases. The caller picks the provider in <paramref name="configureDatabase"/>.</summary>
    public static IServiceCollection AddGuardrailCore(this IServiceCollection services, Action<DbContextOptionsBuilder> configureDatabase)
    {
        services.AddDbContextPool<GuardrailDb>(configureDatabase);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StoreInitializer>();

        // Audit
        services.AddSingleton<AuditTrail>();
        services.AddScoped<AuditLog>();

        // Access
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddScoped<ApiTokens>();
        services.AddScoped<UserAccounts>();
        services.AddScoped<Bootstrap>();

        // Service catalogue
        services.AddSingleton<ServiceCatalogIndex>();
        services.AddScoped<TeamDirectory>();
        services.AddScoped<ServiceRegistry>();
        services.AddScoped<EnvironmentRegistry>();

        // CMDB
        services.AddSingleton<CmdbGraph>();
        services.AddSingleton<DiscoveryCache>();
        services.AddScoped<Reconciliation>();
        services.AddScoped<ConfigurationItems>();
        services.AddScoped<ImportRuns>();

        // Integrations: the inbox and what reads it
        services.AddSingleton<IntegrationDirectory>();
        services.AddScoped<IntegrationRegistry>();
        services.AddSingleton<InboxSignal>();
        services.AddSingleton<Inbox>();
        services.AddScoped<Deliveries>();
        services.AddScoped<DeliveryProcessor>();
        services.AddSingleton<IDeliveryNormaliser, GithubNormaliser>();
        services.AddSingleton<IDeliveryNormaliser, GitlabNormaliser>();
        services.AddSingleton<IDeliveryNormaliser, CdeventsNormaliser>();
        services.AddSingleton<IDeliveryNormaliser, AlertmanagerNormaliser>();
        services.AddSingleton<IDeliveryNormaliser, PagerdutyNormaliser>();

        // Integrations: the outbox and what goes out through it
        services.AddScoped<OutboundTargets>();
        services.AddSingleton<Outbox>();
        services.AddScoped<OutboxMessages>();
        services.AddSingleton<OutboxCircuits>();
        services.AddScoped<OutboxDispatcher>();
        // Redirects are not followed (one could carry a token elsewhere) and URLs are not logged (a Slack webhook URL is a secret).
        services.AddHttpClient(OutboxDispatcher.HttpClientName).RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddScoped<AutomationRuns>();
        services.AddScoped<DeploymentAnnouncer>();
        services.AddScoped<ChangeAnnouncer>();
        services.AddScoped<IChangeObserver>(provider => provider.GetRequiredService<ChangeAnnouncer>());
        services.AddScoped<ICallbackUrlPolicy>(provider => provider.GetRequiredService<ChangeAnnouncer>());
        services.AddScoped<ProtectionRules>();

        // Deployments
        services.AddScoped<ServiceMapper>();
        services.AddScoped<ShippedSets>();
        services.AddScoped<SourceHistory>();
        services.AddScoped<DeploymentRecorder>();
        services.AddScoped<DeploymentLog>();

        // Change enablement
        services.AddSingleton<ActivePolicy>();
        services.AddScoped<ChangePolicies>();
        services.AddScoped<PolicySimulation>();
        services.AddSingleton<BlastRadius>();
        services.AddSingleton<ChangeDecisionSignal>();
        services.AddScoped<ChangeAssessment>();
        services.AddScoped<ModelPromotions>();
        services.AddScoped<ChangeRecords>();
        services.AddSingleton<ChangeWriter>();
        services.AddScoped<PipelineGate>();
        services.AddScoped<ChangeApprovals>();
        services.AddScoped<ChangeCalendar>();
        services.AddScoped<DeploymentOutcomes>();

        // Incidents
        services.AddScoped<IncidentSettingsStore>();
        services.AddScoped<IncidentRecords>();
        services.AddScoped<IncidentSlaMonitor>();
        services.AddScoped<AlertIncidents>();
        services.AddScoped<AlertRecorder>();
        services.AddScoped<WhatChanged>();
        services.AddScoped<Incidents.Satisfaction.SatisfactionSurveys>();
        services.AddScoped<Incidents.Satisfaction.SurveyMailing>();
        services.AddSingleton<Integrations.Mail.SmtpMailer>();
        services.AddScoped<Incidents.Causes.IncidentCauses>();

        // Post-incident reviews: the timeline is assembled from these sources, in this order at equal times.
        services.AddScoped<IReviewTimelineSource, IncidentUpdatesSource>();
        services.AddScoped<IReviewTimelineSource, IncidentAlertsSource>();
        services.AddScoped<IReviewTimelineSource, DeploymentsSource>();
        services.AddScoped<IReviewTimelineSource, ChangeRecordsSource>();
        services.AddScoped<IReviewTimelineSource, Incidents.Causes.ConfirmedCausesSource>();
        services.AddScoped<ReviewTimeline>();
        services.AddScoped<IncidentReviews>();
        services.AddScoped<FollowUps>();
        services.AddScoped<IIncidentObserver, Incidents.Satisfaction.SurveyOnResolution>();
        services.AddScoped<IIncidentObserver, ReviewOnMajorResolution>();

        // Problem management
        services.AddScoped<ProblemRecords>();
        services.AddScoped<KnownErrors>();

        // Measurement and reporting
        services.AddScoped<Measurement.LeadTimeProjection>();
        services.AddScoped<Measurement.MetricsEngine>();
        services.AddScoped<Measurement.MetricRecords>();
        services.AddScoped<Measurement.ServiceBreakdown>();

        services.AddScoped<DemoToolchain>();
        services.AddScoped<DemoChanges>();
        services.AddScoped<DemoIncidents>();
        services.AddScoped<DemoOrganisation>();
        return services;
    }
}
