using System.Globalization;
using System.Text.Json.Nodes;
using Guardrail.Core.Deployments;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Integrations.Outbox;

/// <summary>
/// Tells every enabled CDEvents target that a service was deployed (or rolled back), as Guardrail observed it: a CDEvents
/// 0.4.1 <c>service.deployed</c> (<c>service.rolledback</c>) event enqueued in the same save as the deployment.
/// </summary>
public sealed class DeploymentAnnouncer(GuardrailDb db, Outbox outbox, TimeProvider clock)
{
    public const string SpecVersion = "0.4.1";
    public const string DeployedType = "dev.cdevents.service.deployed.0.2.0";
    public const string RolledBackType = "dev.cdevents.service.rolledback.0.2.0";
    public const string Source = "/guardrail";

    private List<OutboundTarget>? _targets;

    public async Task AnnounceAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        if (deployment.Status is not (DeploymentState.Succeeded or DeploymentState.RolledBack))
            return;
        // A scope records a batch of deliveries; the targets are read once for all of them.
        _targets ??= await db.OutboundTargets.AsNoTracking().Where(t => t.Kind == OutboundTargetKind.Cdevents && t.Enabled).ToListAsync(cancellationToken);
        if (_targets.Count == 0)
            return;

        var service = deployment.ServiceId is { } serviceId
            ? await db.Services.Where(s => s.Id == serviceId).Select(s => s.Key).FirstOrDefaultAsync(cancellationToken)
            : null;
        var environment = deployment.EnvironmentId is { } environmentId
            ? await db.Environments.Where(e => e.Id == environmentId).Select(e => e.Key).FirstOrDefaultAsync(cancellationToken)
            : null;
        var subject = service ?? deployment.ServiceHint ?? deployment.Repository ?? deployment.ProviderDeploymentId;
        environment ??= deployment.EnvironmentName;
        var rolledBack = deployment.Status == DeploymentState.RolledBack;
        var cdevent = new JsonObject
        {
            ["context"] = new JsonObject
            {
                ["version"] = SpecVersion,
                ["id"] = Guid.CreateVersion7(clock.GetUtcNow()).ToString(),
                ["source"] = Source,
                ["type"] = rolledBack ? RolledBackType : DeployedType,
                ["timestamp"] = (deployment.DeployedAt ?? deployment.StatusAt).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            },
            ["subject"] = new JsonObject
            {
                ["id"] = subject,
                ["source"] = Source,
                ["type"] = "service",
                ["content"] = new JsonObject
                {
                    ["environment"] = new JsonObject { ["id"] = environment },
                    ["artifactId"] = ArtifactId(deployment, subject),
                },
            },
        };
        var content = new OutboundContent($"{subject} was {(rolledBack ? "rolled back" : "deployed")} to {environment}.", CdEvent: cdevent);
        foreach (var target in _targets)
            outbox.Enqueue(db, target, OutboxTopics.DeploymentObserved, content, deployment.CorrelationId);
    }

    /// <summary>
    /// The artifact as a package URL, which the event requires: the tool's own purl when it sent one, else the commit of
    /// the repository (<c>pkg:github/OWNER/REPO@SHA</c>), else what is known of the artifact under the service's name.
    /// </summary>
    private static string ArtifactId(Deployment deployment, string subject)
    {
        if (deployment.Artifact is { } artifact && artifact.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
            return artifact;
        if (deployment.Repository is { } repository && deployment.CommitSha is { } sha)
        {
            var type = deployment.Source switch
            {
                IntegrationKind.Github => "github",
                IntegrationKind.Gitlab => "gitlab",
                _ => "generic",
            };
            return $"pkg:{type}/{repository}@{sha}";
        }
        var version = deployment.Artifact ?? deployment.CommitSha;
        return $"pkg:generic/{Uri.EscapeDataString(subject)}" + (version is null ? "" : "@" + Uri.EscapeDataString(version));
    }
}
