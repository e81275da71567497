using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Changes;
using Guardrail.Core.Changes.Policy;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

internal static class ChangePolicyApi
{
    public static void MapChangePolicyApi(this RouteGroupBuilder api)
    {
        var policy = api.MapGroup("/change-policy").WithTags("Change policy");
        policy.MapGet("/", GetChangePolicy).WithName(nameof(GetChangePolicy)).WithSummary("The policy in force, with its document.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        policy.MapGet("/versions", ListChangePolicyVersions).WithName(nameof(ListChangePolicyVersions)).WithSummary("Every applied version, newest first.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        policy.MapGet("/versions/{version:long}", GetChangePolicyVersion).WithName(nameof(GetChangePolicyVersion)).WithSummary("One applied version, with its document.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        policy.MapPost("/validate", ValidateChangePolicy).WithName(nameof(ValidateChangePolicy))
            .WithSummary("Check a policy document: every problem with its line and column. Nothing is applied.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        policy.MapPost("/diff", DiffChangePolicy).WithName(nameof(DiffChangePolicy)).WithSummary("A unified diff of a document against the policy in force.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        policy.MapPost("/simulate", SimulateChangePolicy).WithName(nameof(SimulateChangePolicy))
            .WithSummary("Evaluate a candidate policy on the changes of the past N days and list the decisions that would differ.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        policy.MapPost("/", ApplyChangePolicy).WithName(nameof(ApplyChangePolicy))
            .WithSummary("Apply a policy document as the next version; the same text as the version in force changes nothing.")
            .RequireAuthorization(Policies.For(Permission.PolicyManage));
    }

    public static async Task<Results<Ok<PolicyVersionResponse>, ProblemHttpResult>> GetChangePolicy(ChangePolicies policies, CancellationToken cancellationToken)
    {
        var found = await policies.GetAsync(version: null, cancellationToken);
        return found.Succeeded ? TypedResults.Ok(found.Value.ToResponse(withDocument: true)) : found.Error.ToProblem();
    }

    public static async Task<Ok<IReadOnlyList<PolicyVersionResponse>>> ListChangePolicyVersions(ChangePolicies policies, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<PolicyVersionResponse>>([.. (await policies.ListAsync(cancellationToken)).Select(v => v.ToResponse(withDocument: false))]);

    public static async Task<Results<Ok<PolicyVersionResponse>, ProblemHttpResult>> GetChangePolicyVersion(ChangePolicies policies, long version, CancellationToken cancellationToken)
    {
        var found = await policies.GetAsync(version, cancellationToken);
        return found.Succeeded ? TypedResults.Ok(found.Value.ToResponse(withDocument: true)) : found.Error.ToProblem();
    }

    public static Results<Ok<PolicyValidationResponse>, ProblemHttpResult> ValidateChangePolicy(PolicyDocumentRequest request)
    {
        var parsed = ChangePolicies.Validate(request.Document);
        return parsed.Succeeded ? TypedResults.Ok(parsed.Value.ToValidationResponse(request.Document!)) : parsed.Error.ToProblem();
    }

    public static async Task<Results<Ok<PolicyDiffResponse>, ProblemHttpResult>> DiffChangePolicy(
        ChangePolicies policies, PolicyDocumentRequest request, CancellationToken cancellationToken)
    {
        var diff = await policies.DiffAsync(request.Document, cancellationToken);
        return diff.Succeeded
            ? TypedResults.Ok(new PolicyDiffResponse(diff.Value.CurrentVersion, diff.Value.Unified.Length > 0, diff.Value.Unified))
            : diff.Error.ToProblem();
    }

    public static async Task<Results<Ok<PolicySimulationResponse>, ProblemHttpResult>> SimulateChangePolicy(
        PolicySimulation simulation, PolicySimulationRequest request, CancellationToken cancellationToken)
    {
        var result = await simulation.RunAsync(request.Document, request.Days ?? 90, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(new PolicySimulationResponse(result.Value.Days, result.Value.Evaluated, result.Value.Skipped, result.Value.Differences.Count,
                [.. result.Value.Differences.Take(1_000).Select(d => d.ToResponse())]))
            : result.Error.ToProblem();
    }

    public static async Task<Results<Ok<PolicyVersionResponse>, Created<PolicyVersionResponse>, ProblemHttpResult>> ApplyChangePolicy(
        ChangePolicies policies, PolicyDocumentRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var applied = await policies.ApplyAsync(request.Document, http.User.ToActor(), cancellationToken);
        if (!applied.Succeeded)
            return applied.Error.ToProblem();
        var response = applied.Value.Version.ToResponse(withDocument: false);
        return applied.Value.Created
            ? TypedResults.Created($"/api/v1/change-policy/versions/{response.Version}", response)
            : TypedResults.Ok(response);
    }
}
