using System.Text;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents.Reviews;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Reviews;

/// <summary>The review editor as posted: factors as parallel kind and description rows, the lists one item a line.</summary>
public sealed record ReviewForm(
    string? Summary, string? ImpactNotes, string[]? FactorKinds, string[]? FactorDescriptions, string? WentWell, string? WasHard, string? Lessons,
    int? LookBackMinutes, long Version)
{
    public static readonly string[] Fields = ["summary", "impactNotes", "contributingFactors", "wentWell", "wasHard", "lessons", "lookBackMinutes"];

    public ReviewRequest ToRequest()
    {
        var kinds = FactorKinds ?? [];
        var descriptions = FactorDescriptions ?? [];
        var factors = kinds.Zip(descriptions)
            .Where(f => !string.IsNullOrWhiteSpace(f.Second))
            .Select(f => new ContributingFactorItem(f.First, f.Second)).ToList();
        return new ReviewRequest(Summary, ImpactNotes, factors, Lines(WentWell), Lines(WasHard), Lines(Lessons), LookBackMinutes, Version);
    }

    private static IReadOnlyList<string> Lines(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>
/// One post-incident review: the blameless template to write, the measured impact and the assembled timeline (read-only),
/// its follow-up tracker, its moves to review and publication, and its Markdown download.
/// </summary>
public sealed class DetailsModel(IncidentReviews reviews, FollowUps followUps, UserAccounts users, TeamDirectory teams) : PageModel
{
    /// <summary>Empty factor rows offered below the written ones.</summary>
    public const int BlankFactorRows = 2;

    [FromRoute]
    public string Reference { get; set; } = "";

    public ReviewDetail? Detail { get; private set; }

    public ReviewForm? Values { get; private set; }

    public Error? Error { get; private set; }

    public IReadOnlyList<UserAccount> People { get; private set; } = [];

    public IReadOnlyList<Team> Teams { get; private set; } = [];

    public DateOnly Today => followUps.Today;

    public bool CanWrite => User.Can(Permission.IncidentsWrite);

    public bool CanEdit => CanWrite && Detail?.Review.State != ReviewState.Published;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnGetMarkdownAsync(CancellationToken cancellationToken)
    {
        var found = await reviews.GetAsync(Reference, cancellationToken);
        if (!found.Succeeded)
            return NotFound();
        var markdown = ReviewMarkdown.Write(found.Value, followUps.Today);
        return File(Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", $"review-{found.Value.Incident.Number}.md");
    }

    public async Task<IActionResult> OnPostSaveAsync(ReviewForm form, CancellationToken cancellationToken)
    {
        if (!CanWrite)
            return Forbid();
        var saved = await reviews.UpdateAsync(Reference, form.ToRequest(), User.ToActor(), cancellationToken);
        if (!saved.Succeeded)
            Values = form;
        return await AfterAsync(saved.Succeeded ? null : saved.Error, "The review is saved.", cancellationToken);
    }

    public async Task<IActionResult> OnPostMoveAsync(string to, long version, CancellationToken cancellationToken)
    {
        if (!CanWrite)
            return Forbid();
        var moved = await reviews.TransitionAsync(Reference, new ReviewTransitionRequest(to, version), User.ToActor(), cancellationToken);
        return await AfterAsync(moved.Succeeded ? null : moved.Error, $"The review is {to}.", cancellationToken);
    }

    public async Task<IActionResult> OnPostAddFollowUpAsync(string? description, string? owner, DateOnly? due, CancellationToken cancellationToken)
    {
        if (!CanWrite)
            return Forbid();
        var (user, team) = FollowUpChanges.ParseOwner(owner);
        var added = await followUps.AddAsync(Reference, new FollowUpRequest(description, user, team, due), User.ToActor(), cancellationToken);
        return await AfterAsync(added.Succeeded ? null : added.Error, "The follow-up is added.", cancellationToken);
    }

    public async Task<IActionResult> OnPostFollowUpAsync(long id, string state, string? outcome, long version, CancellationToken cancellationToken)
    {
        var moved = await FollowUpChanges.MoveAsync(followUps, User, id, state, outcome, version, cancellationToken);
        return await AfterAsync(moved.Succeeded ? null : moved.Error, $"Follow-up {id} is {state}.", cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(Error? error, string notice, CancellationToken cancellationToken)
    {
        if (error is null)
        {
            TempData[Notice.Key] = notice;
            return Redirect($"/reviews/{Reference}");
        }
        Error = error;
        var page = await LoadAsync(cancellationToken);
        Response.StatusCode = error.StatusOf();
        return page;
    }

    private async Task<IActionResult> LoadAsync(CancellationToken cancellationToken)
    {
        var found = await reviews.GetAsync(Reference, cancellationToken);
        if (!found.Succeeded)
        {
            Error ??= found.Error;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Detail = found.Value;
        var review = Detail.Review;
        Values ??= new ReviewForm(review.Summary, review.ImpactNotes,
            [.. ReviewContent.FactorsOf(review).Select(f => WireNames.Of(f.Kind))], [.. ReviewContent.FactorsOf(review).Select(f => f.Description)],
            string.Join('\n', ReviewContent.ItemsOf(review.WentWell)), string.Join('\n', ReviewContent.ItemsOf(review.WasHard)),
            string.Join('\n', ReviewContent.ItemsOf(review.Lessons)), (int)review.LookBack.TotalMinutes, review.Version);
        if (CanWrite)
        {
            People = [.. (await users.ListAsync(cancellationToken)).Where(u => !u.Disabled).OrderBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase)];
            Teams = await teams.AllTeamsAsync(cancellationToken);
        }
        return Page();
    }
}
