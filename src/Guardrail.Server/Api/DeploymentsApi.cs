using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Deployments;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

internal static class DeploymentsApi
{
    public static void MapDeploymentsApi(this RouteGroupBuilder api)
    {
        var deployments = api.MapGroup("/deployments").WithTags("Deployments");
        deployments.MapGet("/", ListDeployments).WithName(nameof(ListDeployments))
            .WithSummary("List deployments, newest first, by service, environment and status.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        deployments.MapGet("/{id:long}", GetDeployment).WithName(nameof(GetDeployment))
            .WithSummary("Get a deployment with its status history and the commits it shipped.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        deployments.MapGet("/mapping-rules", ListMappingRules).WithName(nameof(ListMappingRules))
            .WithSummary("List the rules that map repositories and tool names to services and environments.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        deployments.MapPost("/mapping-rules", CreateMappingRule).WithName(nameof(CreateMappingRule)).WithSummary("Add a mapping rule.")
            .RequireAuthorization(Policies.For(Permission.IntegrationsManage));
        deployments.MapDelete("/mapping-rules/{id:long}", DeleteMappingRule).WithName(nameof(DeleteMappingRule)).WithSummary("Delete a mapping rule.")
            .RequireAuthorization(Policies.For(Permission.IntegrationsManage));

        api.MapPost("/events/deployments", RecordDeploymentEvent).WithTags("Deployments").WithName(nameof(RecordDeploymentEvent))
            .WithSummary("Report a deployment from any tool; the same deploymentId again adds a status, never a second deployment.")
            .RequireAuthorization(Policies.For(Permission.EventsPost));
    }

    public static async Task<Results<Ok<PageResponse<DeploymentResponse>>, ProblemHttpResult>> ListDeployments(
        DeploymentLog log, string? service, string? environment, string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await log.ListAsync(service, environment, status, limit, cursor, cancellationToken);
        return page.Succeeded
            ? TypedResults.Ok(new PageResponse<DeploymentResponse>([.. page.Value.Items.Select(d => d.ToResponse())], page.Value.NextCursor))
            : page.Error.ToProblem();
    }

    public static async Task<Results<Ok<DeploymentDetailResponse>, ProblemHttpResult>> GetDeployment(DeploymentLog log, long id, CancellationToken cancellationToken)
    {
        var found = await log.GetAsync(id, cancellationToken);
        return found.Succeeded ? TypedResults.Ok(found.Value.ToResponse()) : found.Error.ToProblem();
    }

    public static async Task<Results<Ok<DeploymentResponse>, ProblemHttpResult>> RecordDeploymentEvent(
        DeploymentLog log, DeploymentEventRequest request, CancellationToken cancellationToken)
    {
        var recorded = await log.RecordEventAsync(request, cancellationToken);
        return recorded.Succeeded ? TypedResults.Ok(recorded.Value.ToResponse()) : recorded.Error.ToProblem();
    }

    public static async Task<Ok<IReadOnlyList<MappingRuleResponse>>> ListMappingRules(DeploymentLog log, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<MappingRuleResponse>>([.. (await log.ListRulesAsync(cancellationToken)).Select(r => r.ToResponse())]);

    public static async Task<Results<Created<MappingRuleResponse>, ProblemHttpResult>> CreateMappingRule(
        DeploymentLog log, MappingRuleRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await log.CreateRuleAsync(request, http.User.ToActor(), cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/deployments/mapping-rules/{created.Value.Id}", created.Value.ToResponse())
            : created.Error.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteMappingRule(DeploymentLog log, long id, HttpContext http, CancellationToken cancellationToken)
    {
        var deleted = await log.DeleteRuleAsync(id, http.User.ToActor(), cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : deleted.Error.ToProblem();
    }
}
