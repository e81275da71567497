using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Server.Pages.Environments;

/// <summary>What the environment form shows: the values (as sent or as read) and the refusal if any.</summary>
public sealed record EnvironmentForm(EnvironmentRequest Values, Error? Error, string SubmitLabel, string CancelUrl)
{
    public static readonly string[] Fields = ["key", "name", "tier", "description"];

    public static EnvironmentRequest ValuesOf(DeploymentEnvironment environment) =>
        new(environment.Key, environment.Name, WireNames.Of(environment.Tier), environment.Description, environment.Version);
}
