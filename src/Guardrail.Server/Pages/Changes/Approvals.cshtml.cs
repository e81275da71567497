using Guardrail.Core.Access;
using Guardrail.Core.Changes;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Server.Pages.Changes;

/// <summary>A change waiting for approval as the signed-in person sees it: whether they may vote, and why not.</summary>
public sealed record InboxItem(ChangeRecord Change, string? WhyNotYours);

/// <summary>The approval inbox: every change waiting in authorisation, soonest expiry first, marked with whether it is the person's to vote on.</summary>
[RequirePermission(Permission.ChangesApprove)]
public sealed class ApprovalsModel(GuardrailDb db, ServiceCatalogIndex catalog) : PageModel
{
    public IReadOnlyList<InboxItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var waiting = await db.Changes.AsNoTracking().Include(c => c.Service).Include(c => c.Environment).Include(c => c.Approvals)
            .Where(c => c.State == ChangeState.Authorisation).OrderBy(c => c.ApprovalExpiresAt).Take(200).AsSplitQuery().ToListAsync(cancellationToken);
        var userName = User.PersonOf();
        var person = userName is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName, cancellationToken);
        Items = [.. waiting.Select(change => new InboxItem(change, WhyNotYours(change, person)))];
    }

    private string? WhyNotYours(ChangeRecord change, UserAccount? person)
    {
        if (person is null)
            return "You are not signed in as a person.";
        if (ChangeApprovals.IsParty(person, change))
            return "You requested or implement it (segregation of duties).";
        if (change.Approvals.Any(a => string.Equals(a.Approver, person.UserName, StringComparison.OrdinalIgnoreCase) && a.OnBehalfOf is null))
            return "You have voted.";
        var ownerTeam = catalog.Find(new RecordReference(change.ServiceId, null))?.OwnerTeamId ?? 0;
        if (!ChangeApprovals.IsEligible(person, change.Route, ownerTeam))
            return "Its owning team approves it (unless someone in it delegated to you).";
        return null;
    }
}
