using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Common;

namespace Guardrail.Core.Cmdb;

public static class CmdbMappings
{
    public static CiSummary ToSummary(this ConfigurationItem ci) =>
        new(ci.Id, ci.Key, WireNames.Of(ci.Class), ci.Name, WireNames.Of(ci.Status));

    public static CiResponse ToResponse(this ConfigurationItem ci, RecordLink? service, IReadOnlyList<string> sources) =>
        new(ci.Id, ci.Key, WireNames.Of(ci.Class), ci.Name, ci.Scope, WireNames.Of(ci.Status), ci.IsManual, service,
            JsonNode.Parse(ci.Attributes)!.AsObject(), sources, ci.Version, ci.CreatedAt, ci.UpdatedAt, ci.RetiredAt);

    public static CiVersionResponse ToResponse(this CiVersion version) =>
        new(version.Version, version.ValidFrom, version.ValidTo, WireNames.Of(version.Class), version.Name, version.Scope,
            WireNames.Of(version.Status), JsonNode.Parse(version.Attributes)!.AsObject(), version.RunId, version.ChangedBy);

    public static ImportRunResponse ToResponse(this ImportRun run) =>
        new(run.Id == 0 ? null : run.Id, run.Source, run.ImportScope[(run.Source.Length + 1)..], run.DryRun, run.RequestedBy, run.StartedAt, run.FinishedAt,
            run.Documents, run.Created, run.Updated, run.Retired, run.Unchanged, run.RelationshipsCreated, run.RelationshipsRetired, run.UnresolvedCount,
            [.. (JsonNode.Parse(run.Warnings)?.AsArray() ?? []).Select(w => new DiscoveryWarningResponse(w!["document"]!.GetValue<string>(), w["message"]!.GetValue<string>()))]);

    public static ImportResponse ToResponse(this ImportOutcome outcome) =>
        new(outcome.Run.ToResponse(), outcome.CreatedKeys, outcome.UpdatedKeys, outcome.RetiredKeys,
            [.. outcome.Unresolved.Take(Reconciliation.ListedKeys).Select(u => new UnresolvedResponse(u.FromKey, u.Reference, u.Reason))]);
}
