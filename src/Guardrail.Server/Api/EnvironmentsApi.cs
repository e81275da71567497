using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

internal static class EnvironmentsApi
{
    public static void MapEnvironmentsApi(this RouteGroupBuilder api)
    {
        var teams = api.MapGroup("/environments").WithTags("Environments");
        teams.MapGet("/", ListEnvironments).WithName(nameof(ListEnvironments)).WithSummary("List environments, optionally of one tier.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        teams.MapGet("/{environment}", GetEnvironment).WithName(nameof(GetEnvironment)).WithSummary("Get an environment by id or key.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        teams.MapPost("/", CreateEnvironment).WithName(nameof(CreateEnvironment)).WithSummary("Create an environment.")
            .RequireAuthorization(Policies.For(Permission.CatalogWrite));
        teams.MapPut("/{environment}", UpdateEnvironment).WithName(nameof(UpdateEnvironment)).WithSummary("Replace an environment; send the version you read.")
            .RequireAuthorization(Policies.For(Permission.CatalogWrite));
        teams.MapDelete("/{environment}", DeleteEnvironment).WithName(nameof(DeleteEnvironment)).WithSummary("Delete an environment.")
            .RequireAuthorization(Policies.For(Permission.CatalogWrite));
    }

    public static async Task<Results<Ok<PageResponse<EnvironmentResponse>>, ProblemHttpResult>> ListEnvironments(
        EnvironmentRegistry registry, string? tier, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await registry.ListAsync(tier, limit, cursor, cancellationToken);
        return page.Succeeded
            ? TypedResults.Ok(new PageResponse<EnvironmentResponse>([.. page.Value.Items.Select(e => e.ToResponse())], page.Value.NextCursor))
            : page.Error.ToProblem();
    }

    public static async Task<Results<Ok<EnvironmentResponse>, ProblemHttpResult>> GetEnvironment(
        EnvironmentRegistry registry, string environment, CancellationToken cancellationToken)
    {
        var found = await registry.GetAsync(RecordReference.Parse(environment), cancellationToken);
        return found.Succeeded ? TypedResults.Ok(found.Value.ToResponse()) : found.Error.ToProblem();
    }

    public static async Task<Results<Created<EnvironmentResponse>, ProblemHttpResult>> CreateEnvironment(
        EnvironmentRegistry registry, EnvironmentRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await registry.CreateAsync(request, http.User.ToActor(), cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/environments/{created.Value.Id}", created.Value.ToResponse())
            : created.Error.ToProblem();
    }

    public static async Task<Results<Ok<EnvironmentResponse>, ProblemHttpResult>> UpdateEnvironment(
        EnvironmentRegistry registry, string environment, EnvironmentRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var updated = await registry.UpdateAsync(RecordReference.Parse(environment), request, http.User.ToActor(), cancellationToken);
        return updated.Succeeded ? TypedResults.Ok(updated.Value.ToResponse()) : updated.Error.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteEnvironment(
        EnvironmentRegistry registry, string environment, long? version, HttpContext http, CancellationToken cancellationToken)
    {
        var deleted = await registry.DeleteAsync(RecordReference.Parse(environment), version, http.User.ToActor(), cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : deleted.Error.ToProblem();
    }
}
