using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Deployments;

/// <summary>Readers see the rules; adding and deleting them needs the integrations permission, which the handlers check.</summary>
public sealed class MappingRulesModel(DeploymentLog log, ServiceRegistry services, EnvironmentRegistry environments) : PageModel
{
    public static readonly string[] Fields = ["repository", "serviceHint", "environmentName", "service", "environment"];

    public IReadOnlyList<ServiceMappingRule> Rules { get; private set; } = [];

    public IReadOnlyList<Service> Services { get; private set; } = [];

    public IReadOnlyList<DeploymentEnvironment> Environments { get; private set; } = [];

    public MappingRuleRequest Values { get; private set; } = new(null, null, null, null, null);

    public Error? Error { get; private set; }

    public Service? ServiceOf(ServiceMappingRule rule) => Services.FirstOrDefault(s => s.Id == rule.ServiceId);

    public DeploymentEnvironment? EnvironmentOf(ServiceMappingRule rule) => Environments.FirstOrDefault(e => e.Id == rule.EnvironmentId);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(MappingRuleRequest request, CancellationToken cancellationToken)
    {
        if (!User.Can(Permission.IntegrationsManage))
            return Forbid();
        var created = await log.CreateRuleAsync(request, User.ToActor(), cancellationToken);
        if (created.Succeeded)
        {
            TempData[Notice.Key] = $"Mapping rule #{created.Value.Id} was added; it applies to deployments recorded from now on.";
            return Redirect("/deployments/mapping-rules");
        }
        Values = request;
        return await RefusedAsync(created.Error, cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken cancellationToken)
    {
        if (!User.Can(Permission.IntegrationsManage))
            return Forbid();
        var deleted = await log.DeleteRuleAsync(id, User.ToActor(), cancellationToken);
        if (deleted.Succeeded)
        {
            TempData[Notice.Key] = $"Mapping rule #{id} was deleted.";
            return Redirect("/deployments/mapping-rules");
        }
        return await RefusedAsync(deleted.Error, cancellationToken);
    }

    private async Task<IActionResult> RefusedAsync(Error error, CancellationToken cancellationToken)
    {
        Error = error;
        Response.StatusCode = error.StatusOf();
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Rules = await log.ListRulesAsync(cancellationToken);
        Services = await services.AllServicesAsync(new ServiceQuery(), cancellationToken);
        Environments = await environments.AllEnvironmentsAsync(cancellationToken);
    }
}
