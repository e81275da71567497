namespace Guardrail.Core.Cmdb.Discovery.Kubernetes;

/// <summary>
/// Reads Kubernetes manifests (multi-document YAML, or <c>kubectl get -o json</c> output) into CIs: the cluster, its
/// namespaces, workloads (Deployment, StatefulSet, DaemonSet, Job, CronJob), Services and Ingresses.
/// </summary>
/// <remarks>
/// Relationships: a namespace is <c>part-of</c> the cluster; a workload <c>runs-on</c> its namespace (the namespace is
/// where its pods are scheduled and get their quotas), while Services and Ingresses are <c>part-of</c> it (they are
/// routing configuration inside it, nothing runs). A Service <c>routes-to</c> the workloads whose pod template labels
/// match its selector; an Ingress <c>routes-to</c> the Services of its backends; a workload <c>depends-on</c> the
/// Services its containers' environment (literal or from ConfigMaps) addresses.
/// </remarks>
public static class KubernetesDiscovery
{
    public const string SourceName = "kubernetes";

    /// <summary>Discovers CIs from the documents. Throws <see cref="DiscoveryException"/> when one is not YAML or JSON at all.</summary>
    public static DiscoveryResult Discover(IEnumerable<SourceDocument> documents, KubernetesDiscoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(options);

        var warnings = new List<DiscoveryWarning>();
        var objects = ManifestReader.Read(documents, warnings);
        return new KubernetesGraphBuilder(options, warnings).Build(objects);
    }
}
