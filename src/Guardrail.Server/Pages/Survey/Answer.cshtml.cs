using Guardrail.Core.Common;
using Guardrail.Core.Incidents.Satisfaction;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Survey;

/// <summary>
/// The survey a reporter reaches from the link sent on resolution, without signing in. Opening the link (which mail
/// scanners do on their own) records nothing; the rating in the link is only preselected, and sending the form answers.
/// </summary>
public sealed class AnswerModel(SatisfactionSurveys surveys) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Rating { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    public SurveyForm? Form { get; private set; }

    public Error? Problem { get; private set; }

    public string? Invalid { get; private set; }

    public static string Describe(int score) => score switch
    {
        1 => "very dissatisfied",
        2 => "dissatisfied",
        3 => "neither",
        4 => "satisfied",
        _ => "very satisfied",
    };

    public async Task OnGetAsync(string token, CancellationToken cancellationToken) => await LoadAsync(token, cancellationToken);

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        var answered = await surveys.AnswerAsync(token, Rating, Comment, cancellationToken);
        if (!answered.Succeeded && answered.Error.Kind == ErrorKind.Validation)
        {
            Invalid = string.Join(" ", answered.Error.Fields?.Values.SelectMany(messages => messages) ?? [answered.Error.Message]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else if (!answered.Succeeded)
            Response.StatusCode = StatusOf(answered.Error);
        await LoadAsync(token, cancellationToken);
        if (!answered.Succeeded && answered.Error.Kind != ErrorKind.Validation)
            Problem = answered.Error;
        return Page();
    }

    private async Task LoadAsync(string token, CancellationToken cancellationToken)
    {
        var opened = await surveys.OpenAsync(token, cancellationToken);
        if (opened.Succeeded)
            Form = opened.Value;
        else
        {
            Problem = opened.Error;
            Response.StatusCode = StatusOf(opened.Error);
        }
    }

    private static int StatusOf(Error error) => error.Kind == ErrorKind.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
}
