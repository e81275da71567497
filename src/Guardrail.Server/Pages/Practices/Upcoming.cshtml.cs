using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Practices;

/// <summary>Stands in for the practices not built yet, so the navigation says what will come instead of a 404.</summary>
public sealed class UpcomingModel : PageModel
{
    private static readonly Dictionary<string, (string Title, string Summary)> s_practices = new(StringComparer.OrdinalIgnoreCase)
    {
        ["releases"] = ("Releases", "Releases that bundle changes going out together, with readiness checklists that show what is still missing before go-live."),
        ["improvement"] = ("Improvement", "The continual improvement register: improvement ideas and actions, who owns them and how far they have come."),
    };

    [FromRoute]
    public string Practice { get; set; } = "";

    public string Title => s_practices[Practice].Title;

    public string Summary => s_practices[Practice].Summary;

    public void OnGet()
    {
    }
}
