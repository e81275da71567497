using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Changes;
using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Changes;

/// <summary>The request form as posted; commits and CIs one a line.</summary>
public sealed record ChangeForm(
    string? Title, string? Service, string? Environment, string? Type, string? Description, string? Implementer,
    DateTime? PlannedStart, DateTime? PlannedEnd, string? Commits, string? Cis, string? Justification);

[RequirePermission(Permission.ChangesWrite)]
public sealed class NewModel(ChangeRecords records, ServiceRegistry services, EnvironmentRegistry environments) : PageModel
{
    public static readonly string[] Fields = ["title", "service", "environment", "type", "description", "implementer", "plannedStart", "plannedEnd", "commits", "cis", "justification"];

    public ChangeForm Values { get; private set; } = new(null, null, null, "normal", null, null, null, null, null, null, null);

    public Error? Error { get; private set; }

    public IReadOnlyList<Service> Services { get; private set; } = [];

    public IReadOnlyList<DeploymentEnvironment> Environments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(ChangeForm form, CancellationToken cancellationToken)
    {
        Values = form;
        var request = new ChangeRequest(form.Title, form.Service, form.Environment, form.Type, Description: form.Description, Implementer: form.Implementer,
            PlannedStart: form.PlannedStart is { } start ? DateTime.SpecifyKind(start, DateTimeKind.Utc) : null,
            PlannedEnd: form.PlannedEnd is { } end ? DateTime.SpecifyKind(end, DateTimeKind.Utc) : null,
            Cis: Lines(form.Cis), Commits: Lines(form.Commits), Justification: form.Justification);
        var created = await records.CreateAsync(request, User.ToActor(), User.PersonOf(), cancellationToken);
        if (!created.Succeeded)
        {
            Error = created.Error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }
        TempData[Notice.Key] = $"{created.Value.Number} is requested; submit it for assessment when it is ready.";
        return Redirect($"/changes/{created.Value.Number}");
    }

    private static IReadOnlyList<string>? Lines(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Services = await services.AllServicesAsync(new ServiceQuery(Kind: WireNames.Of(ServiceKind.Technical)), cancellationToken);
        Environments = await environments.AllEnvironmentsAsync(cancellationToken);
    }
}
