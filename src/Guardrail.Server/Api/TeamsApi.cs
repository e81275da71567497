using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

internal static class TeamsApi
{
    public static void MapTeamsApi(this RouteGroupBuilder api)
    {
        var teams = api.MapGroup("/teams").WithTags("Teams");
        teams.MapGet("/", ListTeams).WithName(nameof(ListTeams)).WithSummary("List teams, filtered by a search text.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        teams.MapGet("/{team}", GetTeam).WithName(nameof(GetTeam)).WithSummary("Get a team by id or key.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        teams.MapPost("/", CreateTeam).WithName(nameof(CreateTeam)).WithSummary("Create a team.")
            .RequireAuthorization(Policies.For(Permission.CatalogWrite));
        teams.MapPut("/{team}", UpdateTeam).WithName(nameof(UpdateTeam)).WithSummary("Replace a team; send the version you read.")
            .RequireAuthorization(Policies.For(Permission.CatalogWrite));
        teams.MapDelete("/{team}", DeleteTeam).WithName(nameof(DeleteTeam)).WithSummary("Delete a team that owns no service.")
            .RequireAuthorization(Policies.For(Permission.CatalogWrite));
    }

    public static async Task<Results<Ok<PageResponse<TeamResponse>>, ProblemHttpResult>> ListTeams(
        TeamDirectory directory, string? q, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await directory.ListAsync(new TeamQuery(q), limit, cursor, cancellationToken);
        return page.Succeeded
            ? TypedResults.Ok(new PageResponse<TeamResponse>([.. page.Value.Items.Select(t => t.ToResponse())], page.Value.NextCursor))
            : page.Error.ToProblem();
    }

    public static async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> GetTeam(
        TeamDirectory directory, string team, CancellationToken cancellationToken)
    {
        var found = await directory.GetAsync(RecordReference.Parse(team), cancellationToken);
        return found.Succeeded ? TypedResults.Ok(found.Value.ToResponse()) : found.Error.ToProblem();
    }

    public static async Task<Results<Created<TeamResponse>, ProblemHttpResult>> CreateTeam(
        TeamDirectory directory, TeamRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await directory.CreateAsync(request, http.User.ToActor(), cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/teams/{created.Value.Id}", created.Value.ToResponse())
            : created.Error.ToProblem();
    }

    public static async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> UpdateTeam(
        TeamDirectory directory, string team, TeamRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var updated = await directory.UpdateAsync(RecordReference.Parse(team), request, http.User.ToActor(), cancellationToken);
        return updated.Succeeded ? TypedResults.Ok(updated.Value.ToResponse()) : updated.Error.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteTeam(
        TeamDirectory directory, string team, long? version, HttpContext http, CancellationToken cancellationToken)
    {
        var deleted = await directory.DeleteAsync(RecordReference.Parse(team), version, http.User.ToActor(), cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : deleted.Error.ToProblem();
    }
}
