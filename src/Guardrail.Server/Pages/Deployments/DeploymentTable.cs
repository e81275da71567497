using Guardrail.Core.Deployments;

namespace Guardrail.Server.Pages.Deployments;

/// <summary>Deployments as a table, on the deployments list and on a service's page (which leaves the service column out).</summary>
public sealed record DeploymentTable(IReadOnlyList<Deployment> Deployments, bool ShowService)
{
    public static string BasisLabel(ShippedSetBasis basis) => basis switch
    {
        ShippedSetBasis.None => "not computed",
        ShippedSetBasis.Explicit => "listed by the tool",
        ShippedSetBasis.PushHistory => "from push history",
        ShippedSetBasis.Redeploy => "redeploy, nothing new",
        ShippedSetBasis.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, null),
    };
}
