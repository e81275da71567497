namespace Guardrail.Core.Cmdb;

/// <summary>The class of a configuration item. On the wire and in the UI: kebab-case ("kubernetes-service").</summary>
public enum CiClass
{
    BusinessService,
    TechnicalService,
    Workload,
    KubernetesService,
    Ingress,
    Namespace,
    Cluster,
    CloudResource,
    Database,
    Queue,
    Repository,
    Pipeline,
    Environment,
    Team,
    Person,
    Api,
    System,
    Domain,
}

/// <summary>
/// A typed, directed relationship "from → to", read as a sentence: checkout <c>depends-on</c> payments,
/// a workload <c>runs-on</c> a namespace, a Kubernetes service <c>routes-to</c> a workload.
/// </summary>
public enum RelationshipType
{
    /// <summary>Calls or otherwise needs the target at run time.</summary>
    DependsOn,
    RunsOn,
    HostedBy,
    PartOf,
    OwnedBy,
    ProvidesApi,
    ConsumesApi,
    DeployedTo,
    BuiltFrom,
    /// <summary>Sends traffic to the target (a Kubernetes Service to its pods' workload, an Ingress to a Service).</summary>
    RoutesTo,
}
