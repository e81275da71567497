using System.Text;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Guardrail.Server.Api;

/// <summary>
/// Upload endpoints so a pipeline can post its manifests, state or catalog files straight to the CMDB:
/// <c>multipart/form-data</c> with one or more files, or one document as the raw body.
/// </summary>
internal static class CmdbImportsApi
{
    /// <summary>States and manifest bundles are large; the rest of the API keeps its small limit.</summary>
    public const long MaxImportBytes = 256L * 1024 * 1024;

    public static void MapCmdbImportsApi(this RouteGroupBuilder api)
    {
        var imports = api.MapGroup("/cmdb/imports").WithTags("CMDB");
        imports.MapPost("/git", ImportGit).WithName(nameof(ImportGit)).RequireAuthorization(Policies.For(Permission.CatalogWrite))
            .WithSummary("Import a Git repository as read by `guardrail discover git` (origin, CODEOWNERS, catalog files, recent commit graph).");
        imports.MapPost("/{source}", ImportDocuments).WithName(nameof(ImportDocuments)).RequireAuthorization(Policies.For(Permission.CatalogWrite))
            .WithMetadata(new RequestSizeLimitAttribute(MaxImportBytes)).DisableAntiforgery()
            .WithSummary("Import kubernetes, terraform or backstage documents as the whole truth of one scope; dryRun=true only reports.");
        imports.MapGet("/", ListImportRuns).WithName(nameof(ListImportRuns)).RequireAuthorization(Policies.For(Permission.CatalogRead))
            .WithSummary("The import runs, newest first.");
        imports.MapGet("/{id:long}/unresolved", GetImportUnresolved).WithName(nameof(GetImportUnresolved)).RequireAuthorization(Policies.For(Permission.CatalogRead))
            .WithSummary("The references an import run could not resolve.");
    }

    public static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportDocuments(
        string source, string? scope, bool? dryRun, string? document, HttpRequest request, DiscoveryCache discovery, Reconciliation reconciliation, CmdbGraph graph,
        CancellationToken cancellationToken)
    {
        if (!DiscoverySources.Names.Contains(source) || source == "git")
            return new Error("cmdb.unknown_source", $"There is no document source '{source}'; one of: kubernetes, terraform, backstage (git has its own endpoint).", ErrorKind.NotFound).ToProblem();
        scope ??= "default";
        if (Reconciliation.ScopeProblem(scope) is { } invalidScope)
            return invalidScope.ToProblem();
        var documents = await ReadDocumentsAsync(request, document ?? $"{source}-upload", cancellationToken);
        if (documents.Count == 0)
            return Error.Invalid("body", "Send at least one document: multipart/form-data files or a raw body.").ToProblem();
        var discovered = discovery.Discover(source, documents, scope);
        if (!discovered.Succeeded)
            return discovered.Error.ToProblem();
        return await ReconcileAsync(discovered.Value, scope, documents.Count, dryRun ?? false, request.HttpContext, reconciliation, graph, cancellationToken);
    }

    public static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportGit(
        GitSnapshotRequest snapshot, string? scope, bool? dryRun, HttpContext http, Reconciliation reconciliation, CmdbGraph graph, SourceHistory history,
        CancellationToken cancellationToken)
    {
        var discovered = DiscoverySources.DiscoverGit(snapshot);
        if (!discovered.Succeeded)
            return discovered.Error.ToProblem();
        if (snapshot.History is { Count: > 0 } commits && dryRun != true)
        {
            var kept = await history.RecordAsync(snapshot.OriginUrl, commits, cancellationToken);
            if (!kept.Succeeded)
                return kept.Error.ToProblem();
        }
        return await ReconcileAsync(discovered.Value, scope ?? snapshot.DirectoryName!, 1 + (snapshot.CatalogFiles?.Count ?? 0), dryRun ?? false, http, reconciliation, graph, cancellationToken);
    }

    public static async Task<Results<Ok<PageResponse<ImportRunResponse>>, ProblemHttpResult>> ListImportRuns(
        ImportRuns runs, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error.ToProblem();
        var page = await runs.ListAsync(paging.Value, cancellationToken);
        return TypedResults.Ok(new PageResponse<ImportRunResponse>([.. page.Items.Select(r => r.ToResponse())], page.NextCursor));
    }

    public static async Task<Results<Ok<IReadOnlyList<UnresolvedResponse>>, ProblemHttpResult>> GetImportUnresolved(
        ImportRuns runs, long id, CancellationToken cancellationToken)
    {
        if (await runs.FindAsync(id, cancellationToken) is null)
            return Error.NotFound("import", id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToProblem();
        var unresolved = await runs.UnresolvedAsync(id, limit: null, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<UnresolvedResponse>>([.. unresolved.Select(u => new UnresolvedResponse(u.FromKey, u.Reference, u.Reason))]);
    }

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ReconcileAsync(
        DiscoveryResult discovered, string scope, int documents, bool dryRun, HttpContext http, Reconciliation reconciliation, CmdbGraph graph, CancellationToken cancellationToken)
    {
        var outcome = await reconciliation.ImportAsync(discovered, scope, documents, dryRun, http.User.ToActor(), cancellationToken);
        if (!outcome.Succeeded)
            return outcome.Error.ToProblem();
        if (outcome.Value.ChangedGraph && !dryRun)
            await graph.RefreshAsync(cancellationToken);
        return TypedResults.Ok(outcome.Value.ToResponse());
    }

    private static async Task<List<SourceDocument>> ReadDocumentsAsync(HttpRequest request, string rawName, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var documents = new List<SourceDocument>();
            foreach (var file in form.Files)
            {
                using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
                documents.Add(new SourceDocument(file.FileName, await reader.ReadToEndAsync(cancellationToken)));
            }
            return documents;
        }
        using var body = new StreamReader(request.Body, Encoding.UTF8);
        var text = await body.ReadToEndAsync(cancellationToken);
        return text.Length == 0 ? [] : [new SourceDocument(rawName, text)];
    }
}
