using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Common;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

internal static class CmdbApi
{
    public static void MapCmdbApi(this RouteGroupBuilder api)
    {
        var cmdb = api.MapGroup("/cmdb").WithTags("CMDB");
        var read = Policies.For(Permission.CatalogRead);
        var write = Policies.For(Permission.CatalogWrite);
        cmdb.MapGet("/cis", ListCis).WithName(nameof(ListCis)).RequireAuthorization(read)
            .WithSummary("List or search CIs by class, status (active, retired, any) and service; with asOf, as they were at that time.");
        cmdb.MapGet("/cis/{ci}", GetCi).WithName(nameof(GetCi)).RequireAuthorization(read)
            .WithSummary("Get a CI by id, key, class/name or an unambiguous name (escape '/' as %2F), with the sources that describe it.");
        cmdb.MapPost("/cis", CreateCi).WithName(nameof(CreateCi)).RequireAuthorization(write)
            .WithSummary("Create a CI by hand; discovery never retires it.");
        cmdb.MapPatch("/cis/{ci}", UpdateCi).WithName(nameof(UpdateCi)).RequireAuthorization(write)
            .WithSummary("Change a CI by hand (name, class, scope, service, attributes; an attribute set to null is no longer set by hand); send the version you read. What a person says outranks every source.");
        cmdb.MapDelete("/cis/{ci}", RetireCi).WithName(nameof(RetireCi)).RequireAuthorization(write)
            .WithSummary("Retire what a person said about a CI: a CI made by hand is retired (kept, with its history); a discovered CI loses its changes by hand. Optionally send the version you read.");
        cmdb.MapGet("/cis/{ci}/relationships", GetCiRelationships).WithName(nameof(GetCiRelationships)).RequireAuthorization(read)
            .WithSummary("The relationships from and to a CI.");
        cmdb.MapGet("/cis/{ci}/history", GetCiHistory).WithName(nameof(GetCiHistory)).RequireAuthorization(read)
            .WithSummary("Every version of a CI with its validity interval and who made it.");
        cmdb.MapGet("/cis/{ci}/impact", GetImpact).WithName(nameof(GetImpact)).RequireAuthorization(read)
            .WithSummary("Downstream impact (what depends on the CI) or upstream dependencies: the total, the business services affected, and a page of the CIs reached, nearest first, with their paths (cursor for the next page).");
        cmdb.MapGet("/changes", ListCmdbChanges).WithName(nameof(ListCmdbChanges)).RequireAuthorization(read)
            .WithSummary("Every CI version made since a time, oldest first.");
        cmdb.MapPost("/relationships", CreateRelationship).WithName(nameof(CreateRelationship)).RequireAuthorization(write)
            .WithSummary("Create a relationship by hand.");
        cmdb.MapDelete("/relationships/{id:long}", RetireRelationship).WithName(nameof(RetireRelationship)).RequireAuthorization(write)
            .WithSummary("Retire a relationship made by hand.");
    }

    public static async Task<Results<Ok<PageResponse<CiSummary>>, ProblemHttpResult>> ListCis(
        ConfigurationItems cmdb, string? q, string? @class, string? status, string? service, DateTime? asOf, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await cmdb.ListAsync(new CiQuery(q, @class, status, service, asOf), limit, cursor, cancellationToken);
        return page.Succeeded
            ? TypedResults.Ok(new PageResponse<CiSummary>([.. page.Value.Items.Select(c => c.ToSummary())], page.Value.NextCursor))
            : page.Error.ToProblem();
    }

    public static async Task<Results<Ok<CiResponse>, ProblemHttpResult>> GetCi(ConfigurationItems cmdb, string ci, CancellationToken cancellationToken)
    {
        var found = await cmdb.FindAsync(Uri.UnescapeDataString(ci), cancellationToken);
        return found.Succeeded ? TypedResults.Ok(await cmdb.DescribeAsync(found.Value, cancellationToken)) : found.Error.ToProblem();
    }

    public static async Task<Results<Created<CiResponse>, ProblemHttpResult>> CreateCi(
        ConfigurationItems cmdb, CiRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await cmdb.CreateAsync(request, http.User.ToActor(), cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/cmdb/cis/{created.Value.Id}", await cmdb.DescribeAsync(created.Value, cancellationToken))
            : created.Error.ToProblem();
    }

    public static async Task<Results<Ok<CiResponse>, ProblemHttpResult>> UpdateCi(
        ConfigurationItems cmdb, string ci, CiRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var updated = await cmdb.UpdateAsync(Uri.UnescapeDataString(ci), request, http.User.ToActor(), cancellationToken);
        return updated.Succeeded ? TypedResults.Ok(await cmdb.DescribeAsync(updated.Value, cancellationToken)) : updated.Error.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RetireCi(
        ConfigurationItems cmdb, string ci, long? version, HttpContext http, CancellationToken cancellationToken)
    {
        var retired = await cmdb.RetireAsync(Uri.UnescapeDataString(ci), version, http.User.ToActor(), cancellationToken);
        return retired.Succeeded ? TypedResults.NoContent() : retired.Error.ToProblem();
    }

    public static async Task<Results<Ok<IReadOnlyList<RelationshipResponse>>, ProblemHttpResult>> GetCiRelationships(
        ConfigurationItems cmdb, string ci, bool? includeRetired, CancellationToken cancellationToken)
    {
        var found = await cmdb.FindAsync(Uri.UnescapeDataString(ci), cancellationToken);
        return found.Succeeded
            ? TypedResults.Ok(await cmdb.RelationshipsOfAsync(found.Value.Id, includeRetired ?? false, cancellationToken))
            : found.Error.ToProblem();
    }

    public static async Task<Results<Ok<IReadOnlyList<CiVersionResponse>>, ProblemHttpResult>> GetCiHistory(
        ConfigurationItems cmdb, string ci, CancellationToken cancellationToken)
    {
        var found = await cmdb.FindAsync(Uri.UnescapeDataString(ci), cancellationToken);
        return found.Succeeded
            ? TypedResults.Ok<IReadOnlyList<CiVersionResponse>>([.. (await cmdb.HistoryAsync(found.Value.Id, cancellationToken)).Select(v => v.ToResponse())])
            : found.Error.ToProblem();
    }

    public static async Task<Results<Ok<ImpactResponse>, ProblemHttpResult>> GetImpact(
        ConfigurationItems cmdb, string ci, string? direction, int? depth, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var way = ImpactDirection.Downstream;
        if (direction is not null && !WireNames.TryParse(direction, out way))
            return Error.Invalid("direction", "'direction' must be downstream or upstream.").ToProblem();
        var impact = await cmdb.ImpactAsync(Uri.UnescapeDataString(ci), way, depth, limit, cursor, cancellationToken);
        return impact.Succeeded ? TypedResults.Ok(impact.Value) : impact.Error.ToProblem();
    }

    public static async Task<Results<Ok<PageResponse<CiChangeResponse>>, ProblemHttpResult>> ListCmdbChanges(
        ConfigurationItems cmdb, DateTime since, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await cmdb.ChangesSinceAsync(since, limit, cursor, cancellationToken);
        return page.Succeeded ? TypedResults.Ok(new PageResponse<CiChangeResponse>(page.Value.Items, page.Value.NextCursor)) : page.Error.ToProblem();
    }

    public static async Task<Results<Created<RelationshipResponse>, ProblemHttpResult>> CreateRelationship(
        ConfigurationItems cmdb, RelationshipRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await cmdb.RelateAsync(request, http.User.ToActor(), cancellationToken);
        if (!created.Succeeded)
            return created.Error.ToProblem();
        var relationships = await cmdb.RelationshipsOfAsync(created.Value.FromCiId, includeRetired: false, cancellationToken);
        return TypedResults.Created($"/api/v1/cmdb/relationships/{created.Value.Id}", relationships.Single(r => r.Id == created.Value.Id));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RetireRelationship(
        ConfigurationItems cmdb, long id, HttpContext http, CancellationToken cancellationToken)
    {
        var retired = await cmdb.UnrelateAsync(id, http.User.ToActor(), cancellationToken);
        return retired.Succeeded ? TypedResults.NoContent() : retired.Error.ToProblem();
    }
}
