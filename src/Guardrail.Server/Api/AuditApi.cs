using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Audit;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

internal static class AuditApi
{
    public static void MapAuditApi(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(Policies.For(Permission.AuditRead));
        audit.MapGet("/", ListAuditEntries).WithName(nameof(ListAuditEntries))
            .WithSummary("Page through the audit trail, oldest first; filter by record type, record id or actor.");
        audit.MapGet("/verify", VerifyAuditChain).WithName(nameof(VerifyAuditChain))
            .WithSummary("Recompute the hash chain and name the first entry that was altered, removed or re-ordered.");
    }

    public static async Task<Results<Ok<PageResponse<AuditEntryResponse>>, ProblemHttpResult>> ListAuditEntries(
        AuditLog log, string? recordType, string? recordId, string? actor, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await log.ListAsync(new AuditQuery(recordType, recordId, actor), limit, cursor, cancellationToken);
        return page.Succeeded
            ? TypedResults.Ok(new PageResponse<AuditEntryResponse>([.. page.Value.Items.Select(ToResponse)], page.Value.NextCursor))
            : page.Error.ToProblem();
    }

    public static async Task<Ok<AuditVerificationResponse>> VerifyAuditChain(AuditLog log, CancellationToken cancellationToken)
    {
        var result = await log.VerifyAsync(cancellationToken);
        return TypedResults.Ok(new AuditVerificationResponse(result.Intact, result.EntriesChecked, result.FirstBrokenEntryId, result.Problem));
    }

    private static AuditEntryResponse ToResponse(AuditEntry entry) =>
        new(entry.Id, entry.At, entry.Actor, entry.Action, entry.RecordType, entry.RecordId, entry.Before, entry.After, entry.PreviousHash, entry.Hash);
}
