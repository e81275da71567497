using Guardrail.Contracts;
using Guardrail.Core.Common;

namespace Guardrail.Core.ServiceCatalog;

public static class ServiceCatalogMappings
{
    public static TeamResponse ToResponse(this Team team) =>
        new(team.Id, team.Key, team.Name, team.Description, team.ContactEmail, team.Version, team.CreatedAt, team.UpdatedAt);

    /// <summary>Needs <see cref="Service.OwnerTeam"/> and <see cref="Service.BusinessService"/> loaded.</summary>
    public static ServiceResponse ToResponse(this Service service) =>
        new(service.Id, service.Key, service.Name, WireNames.Of(service.Kind), WireNames.Of(service.Criticality),
            new RecordLink(service.OwnerTeam!.Id, service.OwnerTeam.Key, service.OwnerTeam.Name),
            service.BusinessService is { } business ? new RecordLink(business.Id, business.Key, business.Name) : null,
            service.Description, service.Version, service.CreatedAt, service.UpdatedAt);

    public static EnvironmentResponse ToResponse(this DeploymentEnvironment environment) =>
        new(environment.Id, environment.Key, environment.Name, WireNames.Of(environment.Tier), environment.Description,
            environment.Version, environment.CreatedAt, environment.UpdatedAt);
}
