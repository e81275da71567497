using Guardrail.Core.Access;
using Guardrail.Core.Changes;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Common;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Changes;

/// <summary>
/// The change policy: the version in force (or the one asked for) and every version, and a candidate document to
/// validate (problems with line and column), compare with the version in force, simulate on past changes, and apply.
/// </summary>
public sealed class PolicyModel(ChangePolicies policies, PolicySimulation simulation) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long? Version { get; set; }

    public ChangePolicyVersion? Shown { get; private set; }

    public IReadOnlyList<ChangePolicyVersion> Versions { get; private set; } = [];

    public string? Candidate { get; private set; }

    public int Days { get; private set; } = 90;

    public IReadOnlyList<PolicyProblem>? Problems { get; private set; }

    public string? Diff { get; private set; }

    public SimulationResult? Simulation { get; private set; }

    public Error? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(string action, string? document, int? days, CancellationToken cancellationToken)
    {
        Candidate = document;
        Days = days ?? 90;
        switch (action)
        {
            case "validate":
                var parsed = ChangePolicies.Validate(document);
                if (parsed.Succeeded)
                    Problems = parsed.Value.Problems;
                else
                    Error = parsed.Error;
                break;
            case "diff":
                var diff = await policies.DiffAsync(document, cancellationToken);
                if (diff.Succeeded)
                    Diff = diff.Value.Unified;
                else
                    Error = diff.Error;
                break;
            case "simulate":
                var simulated = await simulation.RunAsync(document, Days, cancellationToken);
                if (simulated.Succeeded)
                    Simulation = simulated.Value;
                else
                    Error = simulated.Error;
                break;
            case "apply":
                if (!User.Can(Permission.PolicyManage))
                    return Forbid();
                var applied = await policies.ApplyAsync(document, User.ToActor(), cancellationToken);
                if (applied.Succeeded)
                {
                    TempData[Notice.Key] = applied.Value.Created
                        ? $"Version {applied.Value.Version.Id} is in force."
                        : $"The document is the version in force ({applied.Value.Version.Id}); nothing changed.";
                    return Redirect("/changes/policy");
                }
                Error = applied.Error;
                break;
            default:
                return BadRequest();
        }
        if (Error is not null)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Versions = await policies.ListAsync(cancellationToken);
        var shown = await policies.GetAsync(Version, cancellationToken);
        if (shown.Succeeded)
            Shown = shown.Value;
        else
            Error ??= shown.Error;
        Candidate ??= Shown?.Document;
    }
}
