using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents;
using Guardrail.Core.Incidents.Causes;
using Guardrail.Core.Incidents.Reviews;
using Guardrail.Core.Incidents.Satisfaction;
using Guardrail.Core.Incidents.Suspects;
using Guardrail.Core.Problems;
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
public sealed class DetailsModel(
    IncidentRecords records, IncidentSettingsStore settings, TeamDirectory teams, UserAccounts users, IncidentCauses causes,
    SatisfactionSurveys surveys, ProblemRecords problems, KnownErrors knownErrors, IncidentReviews reviews, WhatChanged whatChanged) : PageModel
{
    [FromRoute]
    public string Reference { get; set; } = "";

    public Incident? Incident { get; private set; }

    public IReadOnlyList<Alert> Alerts { get; private set; } = [];

    public IncidentSettings Settings { get; private set; } = IncidentSettings.Default;

    public IReadOnlyList<Team> Teams { get; private set; } = [];

    public IReadOnlyList<UserAccount> People { get; private set; } = [];

    public IReadOnlyList<IncidentCause> Causes { get; private set; } = [];

    /// <summary>What changed before the incident started, ranked; null with <see cref="WhatChangedProblem"/> when it cannot be asked yet.</summary>
    public WhatChangedReport? WhatChanged { get; private set; }

    public Error? WhatChangedProblem { get; private set; }

    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public IReadOnlyList<KnownErrorMatch> KnownErrors { get; private set; } = [];

    public IncidentReview? Review { get; private set; }

    public SurveyInvitation? Survey { get; private set; }

    /// <summary>The signed link to give the reporter; shown only to responders, as it answers the survey in their name.</summary>
    public string? SurveyLink { get; private set; }

    /// <summary>Why the last action was refused, shown above the part it was about.</summary>
    public Error? Error { get; private set; }

    public const int SuspectsShown = 15;

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

    public async Task<IActionResult> OnPostConfirmCauseAsync(long? deploymentId, string? change, string? note, CancellationToken cancellationToken)
    {
        if (!CanWrite)
            return Forbid();
        var confirmed = await causes.ConfirmAsync(Reference, new CauseConfirmation(deploymentId, Blank(change), Blank(note)), User.ToActor(), cancellationToken);
        if (!confirmed.Succeeded)
            return await AfterAsync(confirmed.Error, cancellationToken);
        TempData[Notice.Key] = "The cause is confirmed: its change has failed and its deployment counts as failed.";
        return Redirect($"/incidents/{Reference}#causes");
    }

    public async Task<IActionResult> OnPostRemediatedAsync(long cause, long? deploymentId, CancellationToken cancellationToken)
    {
        if (!CanWrite)
            return Forbid();
        if (deploymentId is null)
            return await AfterAsync(Error.Invalid("deploymentId", "Give the id of the deployment that rolled back or remediated the cause."), cancellationToken);
        var marked = await causes.MarkRemediatedAsync(Reference, cause, deploymentId.Value, User.ToActor(), cancellationToken);
        if (!marked.Succeeded)
            return await AfterAsync(marked.Error, cancellationToken);
        TempData[Notice.Key] = $"Deployment {deploymentId} is recorded as the remediation.";
        return Redirect($"/incidents/{Reference}#causes");
    }

    /// <summary>The target of a clock in words: "15 min around the clock".</summary>
    public string TargetOf(TimeSpan target) =>
        $"{IncidentSla.Duration(target)} {(Settings.TargetOf(Incident!.Priority).Calendar == SlaCalendarKind.AroundTheClock ? "around the clock" : "in business hours")}";

    private async Task<IActionResult> AfterAsync(Result<Incident> result, string notice, CancellationToken cancellationToken)
    {
        if (!result.Succeeded)
            return await AfterAsync(result.Error, cancellationToken);
        TempData[Notice.Key] = notice;
        return Redirect($"/incidents/{result.Value.Number}");
    }

    private async Task<IActionResult> AfterAsync(Error error, CancellationToken cancellationToken)
    {
        Error = error;
        var page = await LoadAsync(cancellationToken);
        Response.StatusCode = error.StatusOf();
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
        Causes = await causes.ForIncidentAsync(Incident.Id, cancellationToken);
        var suspects = await whatChanged.ForIncidentAsync(Incident.Number, null, SuspectsShown, cancellationToken);
        (WhatChanged, WhatChangedProblem) = (suspects.Value, suspects.Error);
        Problems = (await problems.ListAsync(new ProblemQuery(Incident: Incident.Number), null, null, cancellationToken)).Value?.Items ?? [];
        KnownErrors = [.. (await knownErrors.ForIncidentAsync(Incident, cancellationToken)).Where(k => Problems.All(p => p.Id != k.Problem.Id))];
        Review = (await reviews.ListAsync(new ReviewQuery(Incident: Incident.Number), 1, null, cancellationToken)).Value?.Items.FirstOrDefault();
        Survey = (await surveys.ForIncidentAsync(Incident.Number, cancellationToken)).Value;
        if (Survey is not null && CanWrite)
            SurveyLink = "/survey/" + Uri.EscapeDataString(surveys.TokenFor(Survey));
        if (CanWrite)
        {
            Teams = await teams.AllTeamsAsync(cancellationToken);
            People = [.. (await users.ListAsync(cancellationToken)).Where(u => !u.Disabled)];
        }
        return Page();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
