namespace Guardrail.Core.Cmdb.Discovery.Kubernetes;

/// <summary>How manifests are placed: the cluster they describe and the namespace of objects that name none.</summary>
public sealed class KubernetesDiscoveryOptions
{
    public string Cluster { get; init; } = "default";

    /// <summary>Where a namespaced object without <c>metadata.namespace</c> lands, as <c>kubectl apply</c> would put it.</summary>
    public string DefaultNamespace { get; init; } = "default";
}
