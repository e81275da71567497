using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Server.Pages.Services;

/// <summary>What the service form shows: the values (as sent or as read), the refusal if any, and the choices.</summary>
public sealed record ServiceForm(
    ServiceRequest Values,
    Error? Error,
    IReadOnlyList<Team> Teams,
    IReadOnlyList<Service> BusinessServices,
    string SubmitLabel,
    string CancelUrl)
{
    public static readonly string[] Fields = ["key", "name", "kind", "criticality", "ownerTeam", "businessService", "description"];

    public static ServiceRequest ValuesOf(Service service) =>
        new(service.Key, service.Name, WireNames.Of(service.Kind), WireNames.Of(service.Criticality),
            service.OwnerTeam!.Key, service.BusinessService?.Key, service.Description, service.Version);
}
