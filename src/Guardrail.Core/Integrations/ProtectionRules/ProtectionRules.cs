using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Changes;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Integrations.Outbox;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Integrations.ProtectionRules;

/// <summary>GitHub custom deployment protection rules: recorded from the inbox, then put to the pipeline gate.</summary>
public sealed class ProtectionRules(
    GuardrailDb db, ServiceMapper mapper, ServiceCatalogIndex catalog, PipelineGate gate, Outbox.Outbox outbox, TimeProvider clock)
{
    /// <summary>Adds the request to the inbox's unit of work.</summary>
    public string Record(DeploymentReviewRequested requested, long deliveryId)
    {
        db.ProtectionRuleRequests.Add(new ProtectionRuleRequest
        {
            InboundDeliveryId = deliveryId,
            Repository = requested.Repository,
            Environment = requested.Environment,
            Sha = requested.Sha,
            Ref = requested.Ref,
            CallbackUrl = requested.CallbackUrl,
            Requester = requested.Requester,
            ReceivedAt = clock.UtcNow(),
        });
        return $"Deployment protection rule for {requested.Repository} → {requested.Environment}: queued for the gate.";
    }

    /// <summary>Puts the waiting requests to the gate; returns how many were answered or passed to approvers.</summary>
    public async Task<int> AnswerPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await db.ProtectionRuleRequests.Where(r => r.AnsweredAt == null).OrderBy(r => r.Id).Take(100).ToListAsync(cancellationToken);
        foreach (var request in pending)
        {
            var mapping = await mapper.MapAsync(request.Repository, serviceHint: null, request.Environment, cancellationToken);
            var service = mapping.ServiceId is { } serviceId ? catalog.Find(new RecordReference(serviceId, null)) : null;
            var environment = mapping.EnvironmentId is { } environmentId ? catalog.FindEnvironment(new RecordReference(environmentId, null)) : null;
            if (service is null || environment is null)
            {
                await RejectUnmappedAsync(request, mapping.Problem ?? "the repository maps to no service", cancellationToken);
                continue;
            }
            var decided = await gate.DecideAsync(
                new GateRequest(service.Key, environment.Key, Commit: request.Sha, Repository: request.Repository,
                    Requester: request.Requester, Title: $"Deploy {service.Key} {request.Sha?[..Math.Min(7, request.Sha.Length)]} to {environment.Key} (GitHub)"),
                new Actor("system:github"), new GithubProtectionRule(request.CallbackUrl, request.Environment), cancellationToken);
            if (decided.Succeeded)
            {
                request.ChangeId = decided.Value.Id;
                request.AnsweredAt = clock.UtcNow();
            }
            else
                await RejectUnmappedAsync(request, decided.Error.Message, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        return pending.Count;
    }

    /// <summary>A rule Guardrail cannot assess is rejected, with the reason on the run's page, rather than left hanging for 30 days.</summary>
    private async Task RejectUnmappedAsync(ProtectionRuleRequest request, string problem, CancellationToken cancellationToken)
    {
        request.Problem = problem.Length > 1000 ? problem[..1000] : problem;
        request.AnsweredAt = clock.UtcNow();
        var target = (await db.OutboundTargets.AsNoTracking().Where(t => t.Kind == OutboundTargetKind.GithubDeploymentReview && t.Enabled).ToListAsync(cancellationToken))
            .FirstOrDefault(t => OutboundRequests.IsUnder(request.CallbackUrl, t.Url));
        if (target is not null)
        {
            var body = new JsonObject
            {
                ["environment_name"] = request.Environment,
                ["state"] = "rejected",
                ["comment"] = $"Guardrail cannot assess this deployment: {request.Problem}",
            };
            outbox.Enqueue(db, target, OutboxTopics.ChangeDecided, new OutboundContent($"Rejected {request.Repository} → {request.Environment}: {request.Problem}", Body: body), null, request.CallbackUrl);
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
