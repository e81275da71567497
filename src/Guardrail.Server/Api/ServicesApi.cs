using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

internal static class ServicesApi
{
    public static void MapServicesApi(this RouteGroupBuilder api)
    {
        var teams = api.MapGroup("/services").WithTags("Services");
        teams.MapGet("/", ListServices).WithName(nameof(ListServices)).WithSummary("List services, filtered by search text, kind, criticality, owning team or business service.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        teams.MapGet("/{service}", GetService).WithName(nameof(GetService)).WithSummary("Get a service by id or key.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        teams.MapPost("/", CreateService).WithName(nameof(CreateService)).WithSummary("Create a business or technical service.")
            .RequireAuthorization(Policies.For(Permission.CatalogWrite));
        teams.MapPut("/{service}", UpdateService).WithName(nameof(UpdateService)).WithSummary("Replace a service; send the version you read.")
            .RequireAuthorization(Policies.For(Permission.CatalogWrite));
        teams.MapDelete("/{service}", DeleteService).WithName(nameof(DeleteService)).WithSummary("Delete a service that no other service is part of.")
            .RequireAuthorization(Policies.For(Permission.CatalogWrite));
    }

    public static async Task<Results<Ok<PageResponse<ServiceResponse>>, ProblemHttpResult>> ListServices(
        ServiceRegistry registry, string? q, string? kind, string? criticality, string? team, string? businessService,
        int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await registry.ListAsync(new ServiceQuery(q, kind, criticality, team, businessService), limit, cursor, cancellationToken);
        return page.Succeeded
            ? TypedResults.Ok(new PageResponse<ServiceResponse>([.. page.Value.Items.Select(s => s.ToResponse())], page.Value.NextCursor))
            : page.Error.ToProblem();
    }

    public static async Task<Results<Ok<ServiceResponse>, ProblemHttpResult>> GetService(
        ServiceRegistry registry, string service, CancellationToken cancellationToken)
    {
        var found = await registry.GetAsync(RecordReference.Parse(service), cancellationToken);
        return found.Succeeded ? TypedResults.Ok(found.Value.ToResponse()) : found.Error.ToProblem();
    }

    public static async Task<Results<Created<ServiceResponse>, ProblemHttpResult>> CreateService(
        ServiceRegistry registry, ServiceRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await registry.CreateAsync(request, http.User.ToActor(), cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/services/{created.Value.Id}", created.Value.ToResponse())
            : created.Error.ToProblem();
    }

    public static async Task<Results<Ok<ServiceResponse>, ProblemHttpResult>> UpdateService(
        ServiceRegistry registry, string service, ServiceRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var updated = await registry.UpdateAsync(RecordReference.Parse(service), request, http.User.ToActor(), cancellationToken);
        return updated.Succeeded ? TypedResults.Ok(updated.Value.ToResponse()) : updated.Error.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteService(
        ServiceRegistry registry, string service, long? version, HttpContext http, CancellationToken cancellationToken)
    {
        var deleted = await registry.DeleteAsync(RecordReference.Parse(service), version, http.User.ToActor(), cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : deleted.Error.ToProblem();
    }
}
