using System.Globalization;
using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Deployments;

/// <summary>A shipped commit with what Guardrail knows of it.</summary>
public sealed record ShippedCommitDetail(string Sha, DateTime? AuthoredAt, short AuthoredOffsetMinutes, string? Author, string? Message, long? PullRequestNumber);

public sealed record DeploymentDetail(Deployment Deployment, IReadOnlyList<DeploymentStatusChange> StatusHistory, IReadOnlyList<ShippedCommitDetail> ShippedCommits);

/// <summary>Deployments as people and other practices read them, the JSON API that records them, and the mapping rules.</summary>
public sealed class DeploymentLog(GuardrailDb db, DeploymentRecorder recorder, AuditTrail audit, TimeProvider clock)
{
    public const int MaxExplicitCommits = 10_000;

    public async Task<Result<Page<Deployment>>> ListAsync(
        string? service, string? environment, string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        var deployments = db.Deployments.AsNoTracking().Include(d => d.Service).Include(d => d.Environment).AsQueryable();
        if (paging.Value.AfterId > 0)
            deployments = deployments.Where(d => d.Id < paging.Value.AfterId);
        if (service is not null)
        {
            var reference = RecordReference.Parse(service);
            deployments = reference.Id is { } id ? deployments.Where(d => d.ServiceId == id) : deployments.Where(d => d.Service!.Key == reference.Key);
        }
        if (environment is not null)
        {
            var reference = RecordReference.Parse(environment);
            deployments = reference.Id is { } id
                ? deployments.Where(d => d.EnvironmentId == id)
                : deployments.Where(d => d.Environment!.Key == reference.Key || d.EnvironmentName == environment);
        }
        if (status is not null)
        {
            if (!WireNames.TryParse<DeploymentState>(status, out var wanted))
                return Error.Invalid("status", $"Unknown status '{status}'; one of: {string.Join(", ", WireNames.All<DeploymentState>())}.");
            deployments = deployments.Where(d => d.Status == wanted);
        }
        var rows = await deployments.OrderByDescending(d => d.Id).Take(paging.Value.Limit + 1).ToListAsync(cancellationToken);
        return paging.Value.ToPage(rows, d => d.Id);
    }

    public async Task<Result<DeploymentDetail>> GetAsync(long id, CancellationToken cancellationToken)
    {
        var deployment = await db.Deployments.AsNoTracking().Include(d => d.Service).Include(d => d.Environment).Include(d => d.StatusHistory)
            .FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (deployment is null)
            return Error.NotFound("deployment", id.ToString(CultureInfo.InvariantCulture));
        var repository = deployment.Repository;
        var shipped = await (
            from s in db.ShippedCommits.AsNoTracking()
            where s.DeploymentId == id
            join c in db.Commits.Where(c => c.Repository == repository) on s.Sha equals c.Sha into commits
            from c in commits.DefaultIfEmpty()
            join p in db.PullRequests.Where(p => p.Repository == repository) on s.Sha equals p.MergeCommitSha into pulls
            from p in pulls.DefaultIfEmpty()
            orderby c.AuthoredAt
            select new ShippedCommitDetail(s.Sha, c.AuthoredAt, c == null ? (short)0 : c.AuthoredOffsetMinutes, c.Author, c.Message, p == null ? null : p.Number))
            .ToListAsync(cancellationToken);
        return new DeploymentDetail(deployment, [.. deployment.StatusHistory.OrderBy(s => s.At).ThenBy(s => s.Id)], shipped);
    }

    /// <summary>Records a deployment sent through the JSON API, at once and idempotently by the tool's deployment id.</summary>
    public async Task<Result<Deployment>> RecordEventAsync(DeploymentEventRequest request, CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .Required("deploymentId", request.DeploymentId, 200)
            .Required("environment", request.Environment, 200)
            .Optional("service", request.Service, 300)
            .Optional("repository", request.Repository, 300)
            .Optional("ref", request.Ref, 300)
            .Optional("commitSha", request.CommitSha, 64)
            .Optional("artifact", request.Artifact, 1000)
            .Optional("url", request.Url, 2000)
            .Optional("description", request.Description, 1000)
            .Optional("correlationId", request.CorrelationId, 100);
        if (!WireNames.TryParse<DeploymentState>(request.Status, out var status))
            validation.Add("status", $"'status' must be one of: {string.Join(", ", WireNames.All<DeploymentState>())}.");
        if (request.Service is null && request.Repository is null)
            validation.Add("service", "Name the 'service' (its key) or the 'repository' it was built from, so the deployment can be mapped.");
        if (request.Commits is { } commits && (commits.Count > MaxExplicitCommits || commits.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > 64)))
            validation.Add("commits", $"'commits' must list at most {MaxExplicitCommits} commit SHAs of at most 64 characters.");
        if (!validation.IsValid)
            return validation.ToError();

        var now = clock.UtcNow();
        var observed = new DeploymentObserved(
            request.DeploymentId!, request.Repository, request.Service, request.Environment!, request.Ref, request.CommitSha, request.Artifact,
            status, request.At ?? now, request.StartedAt, request.Description, request.Url, request.Commits, request.CorrelationId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await recorder.RecordAsync(IntegrationKind.Api, observed, deliveryId: null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var saved = db.Deployments.Local.Single(d => d.Source == IntegrationKind.Api && d.ProviderDeploymentId == request.DeploymentId);
        // The mapper reads services untracked, so the answer would name no service without this.
        await db.Entry(saved).Reference(d => d.Service).LoadAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return saved;
    }

    public async Task<IReadOnlyList<ServiceMappingRule>> ListRulesAsync(CancellationToken cancellationToken) =>
        await db.ServiceMappingRules.AsNoTracking().OrderBy(r => r.Id).ToListAsync(cancellationToken);

    public async Task<Result<ServiceMappingRule>> CreateRuleAsync(MappingRuleRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .Optional("repository", request.Repository, 300)
            .Optional("serviceHint", request.ServiceHint, 300)
            .Optional("environmentName", request.EnvironmentName, 200);
        if (request.Repository is null && request.ServiceHint is null && request.EnvironmentName is null)
            validation.Add("repository", "A rule needs at least one condition: 'repository', 'serviceHint' or 'environmentName'.");
        if (request.Service is null && request.Environment is null)
            validation.Add("service", "A rule must map to a 'service', an 'environment' or both.");
        Service? service = null;
        DeploymentEnvironment? environment = null;
        if (request.Service is not null)
        {
            var reference = RecordReference.Parse(request.Service);
            service = await (reference.Id is { } id ? db.Services.Where(s => s.Id == id) : db.Services.Where(s => s.Key == reference.Key)).FirstOrDefaultAsync(cancellationToken);
            if (service is null)
                validation.Add("service", $"No service '{request.Service}' exists.");
        }
        if (request.Environment is not null)
        {
            var reference = RecordReference.Parse(request.Environment);
            environment = await (reference.Id is { } id ? db.Environments.Where(e => e.Id == id) : db.Environments.Where(e => e.Key == reference.Key)).FirstOrDefaultAsync(cancellationToken);
            if (environment is null)
                validation.Add("environment", $"No environment '{request.Environment}' exists.");
        }
        if (!validation.IsValid)
            return validation.ToError();
        var rule = new ServiceMappingRule
        {
            Repository = request.Repository?.Trim().ToLowerInvariant(),
            ServiceHint = request.ServiceHint?.Trim(),
            EnvironmentName = request.EnvironmentName?.Trim(),
            ServiceId = service?.Id,
            EnvironmentId = environment?.Id,
            CreatedAt = clock.UtcNow(),
        };
        db.ServiceMappingRules.Add(rule);
        await audit.SaveAsync(db, actor, cancellationToken);
        return rule;
    }

    public async Task<Result<ServiceMappingRule>> DeleteRuleAsync(long id, Actor actor, CancellationToken cancellationToken)
    {
        var rule = await db.ServiceMappingRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
            return Error.NotFound("mapping-rule", id.ToString(CultureInfo.InvariantCulture));
        db.ServiceMappingRules.Remove(rule);
        await audit.SaveAsync(db, actor, cancellationToken);
        return rule;
    }
}
