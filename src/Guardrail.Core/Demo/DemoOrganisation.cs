using Guardrail.Contracts;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Demo;

/// <summary>
/// A small but realistic bank, always the same: teams, business services made of technical services across
/// the criticality tiers, and the usual environments. Later practices add their own demo data here.
/// </summary>
public sealed class DemoOrganisation(
    GuardrailDb db, TeamDirectory teams, ServiceRegistry services, EnvironmentRegistry environments, Reconciliation cmdb, DemoToolchain toolchain, DemoChanges changes, DemoIncidents incidents)
{
    private static readonly Actor s_demo = new("system:demo");

    private static readonly TeamRequest[] s_teams =
    [
        new("payments", "Payments", "Card and account-to-account payments.", "payments@example.com"),
        new("identity", "Identity & Access", "Sign-in, customer identity and KYC.", "identity@example.com"),
        new("storefront", "Digital Storefront", "Web and mobile banking front ends.", "storefront@example.com"),
        new("platform", "Platform Engineering", "Clusters, gateways and the delivery toolchain.", "platform@example.com"),
        new("data", "Data & Analytics", "Warehouse, reporting and regulatory returns.", "data@example.com"),
    ];

    private static readonly ServiceRequest[] s_businessServices =
    [
        new("online-banking", "Online Banking", "business", "tier1", "storefront", Description: "Retail customers' web and mobile banking."),
        new("card-payments", "Card Payments", "business", "tier1", "payments", Description: "Authorising and settling card payments."),
        new("customer-onboarding", "Customer Onboarding", "business", "tier2", "identity", Description: "Opening accounts for new customers."),
        new("regulatory-reporting", "Regulatory Reporting", "business", "tier3", "data", Description: "Returns to the regulator and management reports."),
    ];

    private static readonly ServiceRequest[] s_technicalServices =
    [
        new("web-frontend", "Web Frontend", "technical", "tier1", "storefront", "online-banking"),
        new("mobile-bff", "Mobile Backend-for-Frontend", "technical", "tier2", "storefront", "online-banking"),
        new("api-gateway", "API Gateway", "technical", "tier1", "platform", "online-banking"),
        new("auth-service", "Authentication Service", "technical", "tier1", "identity", "online-banking"),
        new("notification-service", "Notification Service", "technical", "tier3", "platform", "online-banking"),
        new("payments-api", "Payments API", "technical", "tier1", "payments", "card-payments"),
        new("ledger-service", "Ledger Service", "technical", "tier1", "payments", "card-payments"),
        new("fraud-scoring", "Fraud Scoring", "technical", "tier2", "payments", "card-payments"),
        new("kyc-service", "KYC Checks", "technical", "tier2", "identity", "customer-onboarding"),
        new("document-store", "Document Store", "technical", "tier3", "identity", "customer-onboarding"),
        new("data-warehouse", "Data Warehouse", "technical", "tier2", "data", "regulatory-reporting"),
        new("reporting-etl", "Reporting ETL", "technical", "tier3", "data", "regulatory-reporting"),
        new("feature-flags", "Feature Flags", "technical", "tier3", "platform"),
        new("ci-runners", "CI Runners", "technical", "tier4", "platform"),
    ];

    private static readonly EnvironmentRequest[] s_environments =
    [
        new("development", "Development", "development", "Shared development cluster."),
        new("qa", "QA", "test", "Integration and regression testing."),
        new("staging", "Staging", "staging", "Production-like; last stop before production."),
        new("production", "Production", "production", "Customer-facing, eu-west."),
        new("production-dr", "Production (DR)", "production", "Disaster-recovery region, eu-central."),
    ];

    /// <summary>Fills an empty store; a store that already has teams is left alone.</summary>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Teams.AnyAsync(cancellationToken))
            return false;
        foreach (var team in s_teams)
            Ensure(await teams.CreateAsync(team, s_demo, cancellationToken));
        foreach (var service in s_businessServices.Concat(s_technicalServices))
            Ensure(await services.CreateAsync(service, s_demo, cancellationToken));
        foreach (var environment in s_environments)
            Ensure(await environments.CreateAsync(environment, s_demo, cancellationToken));
        Ensure(await cmdb.ImportAsync(DemoCmdb.Terraform(), "demo", 1, dryRun: false, s_demo, cancellationToken));
        Ensure(await cmdb.ImportAsync(DemoCmdb.Git(), "demo", 1, dryRun: false, s_demo, cancellationToken));
        Ensure(await cmdb.ImportAsync(DemoCmdb.Kubernetes(), "prod-eu", 1, dryRun: false, s_demo, cancellationToken));
        var releases = await toolchain.SeedAsync(cancellationToken);
        await changes.SeedAsync(releases, cancellationToken);
        await incidents.SeedAsync(releases, cancellationToken);
        return true;
    }

    private static void Ensure<T>(Result<T> result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Demo data is inconsistent: {result.Error.Code}: {result.Error.Message}");
    }
}
