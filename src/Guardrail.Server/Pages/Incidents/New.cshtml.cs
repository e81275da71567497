using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Incidents;

/// <summary>The declare form as posted; services are picked from a list, CIs one a line.</summary>
public sealed record IncidentForm(
    string? Title, string? Impact, string? Urgency, string? Priority, string? PriorityReason, bool Major, IReadOnlyList<string>? Services, string? Cis,
    string? Assignee, string? Team, string? ReporterName, string? ReporterEmail, DateTime? StartedAt, string? Description);

[RequirePermission(Permission.IncidentsWrite)]
public sealed class NewModel(IncidentRecords records, IncidentSettingsStore settings, ServiceRegistry services, TeamDirectory teams, UserAccounts users) : PageModel
{
    public static readonly string[] Fields =
        ["title", "impact", "urgency", "priority", "priorityReason", "services", "cis", "assignee", "team", "reporterName", "reporterEmail", "startedAt", "description"];

    public IncidentForm Values { get; private set; } = new(null, "medium", "medium", null, null, false, null, null, null, null, null, null, null, null);

    public Error? Error { get; private set; }

    public IncidentSettings Settings { get; private set; } = IncidentSettings.Default;

    public IReadOnlyList<Service> Services { get; private set; } = [];

    public IReadOnlyList<Team> Teams { get; private set; } = [];

    public IReadOnlyList<UserAccount> People { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(IncidentForm form, CancellationToken cancellationToken)
    {
        Values = form;
        var request = new IncidentRequest(form.Title, form.Impact, form.Urgency, form.Description, Blank(form.Priority), Blank(form.PriorityReason), form.Major,
            form.Services is { Count: > 0 } chosen ? chosen : null, Lines(form.Cis), Blank(form.Assignee), Blank(form.Team),
            Blank(form.ReporterName), Blank(form.ReporterEmail), form.StartedAt is { } started ? DateTime.SpecifyKind(started, DateTimeKind.Utc) : null);
        var created = await records.CreateAsync(request, User.ToActor(), User.PersonOf(), cancellationToken);
        if (!created.Succeeded)
        {
            Error = created.Error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }
        TempData[Notice.Key] = $"{created.Value.Number} is declared ({WireNames.Of(created.Value.Priority)}).";
        return Redirect($"/incidents/{created.Value.Number}");
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static IReadOnlyList<string>? Lines(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Settings = await settings.CurrentAsync(cancellationToken);
        Services = await services.AllServicesAsync(new ServiceQuery(), cancellationToken);
        Teams = await teams.AllTeamsAsync(cancellationToken);
        People = [.. (await users.ListAsync(cancellationToken)).Where(u => !u.Disabled)];
    }
}
