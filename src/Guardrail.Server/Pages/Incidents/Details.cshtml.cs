using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Incidents;

/// <summary>
/// One incident: its summary and priority, SLA clocks with due times, what it affects, its alerts and timeline. Responders
/// move it along its transition table, assign it and comment here, with the same rules as the API.
/// </summary>
public sealed class DetailsModel(IncidentRecords records, IncidentSettingsStore settings, TeamDirectory teams, UserAccounts users) : PageModel
{
    [FromRoute]
    public string Reference { get; set; } = "";

    public Incident? Incident { get; private set; }

    public IReadOnlyList<Alert> Alerts { get; private set; } = [];

    public IncidentSettings Settings { get; private set; } = IncidentSettings.Default;

    public IReadOnlyList<Team> Teams { get; private set; } = [];

    public IReadOnlyList<UserAccount> People { get; private set; } = [];

    /// <summary>Why the last action was refused, shown above the part it was about.</summary>
    public Error? Error { get; private set; }

    public bool CanWrite => User.Can(Permission.IncidentsWrite);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostMoveAsync(string action, long version, string? reason, string? resolutionNotes, CancellationToken cancellationToken)
    {
        if (!CanWrite)
            return Forbid();
        var moved = await records.TransitionAsync(Reference, new IncidentTransitionRequest(action, version, reason, resolutionNotes), User.ToActor(), User.PersonOf(), cancellationToken);
        return await AfterAsync(moved, moved.Succeeded ? $"{moved.Value.Number} is {WireNames.Of(moved.Value.State)}." : "", cancellationToken);
    }

    public async Task<IActionResult> OnPostAssignAsync(string? assignee, string? team, long version, CancellationToken cancellationToken)
    {
        if (!CanWrite)
            return Forbid();
        var assigned = await records.AssignAsync(Reference, new IncidentAssignmentRequest(Blank(assignee), Blank(team), version), User.ToActor(), cancellationToken);
        return await AfterAsync(assigned, "The assignment is saved.", cancellationToken);
    }

    public async Task<IActionResult> OnPostCommentAsync(string? message, CancellationToken cancellationToken)
    {
        if (!CanWrite)
            return Forbid();
        var commented = await records.CommentAsync(Reference, new IncidentCommentRequest(message), User.ToActor(), cancellationToken);
        return await AfterAsync(commented, "Your comment is on the timeline.", cancellationToken);
    }

    /// <summary>The target of a clock in words: "15 min around the clock".</summary>
    public string TargetOf(TimeSpan target) =>
        $"{IncidentSla.Duration(target)} {(Settings.TargetOf(Incident!.Priority).Calendar == SlaCalendarKind.AroundTheClock ? "around the clock" : "in business hours")}";

    private async Task<IActionResult> AfterAsync(Result<Incident> result, string notice, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            TempData[Notice.Key] = notice;
            return Redirect($"/incidents/{result.Value.Number}");
        }
        Error = result.Error;
        var page = await LoadAsync(cancellationToken);
        Response.StatusCode = result.Error.StatusOf();
        return page;
    }

    private async Task<IActionResult> LoadAsync(CancellationToken cancellationToken)
    {
        var found = await records.GetAsync(Reference, cancellationToken);
        if (!found.Succeeded)
        {
            Error = found.Error;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Incident = found.Value;
        Alerts = await records.AlertsOfAsync(Incident, cancellationToken);
        Settings = await settings.CurrentAsync(cancellationToken);
        if (CanWrite)
        {
            Teams = await teams.AllTeamsAsync(cancellationToken);
            People = [.. (await users.ListAsync(cancellationToken)).Where(u => !u.Disabled)];
        }
        return Page();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
