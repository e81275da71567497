using System.Text.Json.Nodes;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Cmdb.Discovery;

namespace Guardrail.Core.Demo;

/// <summary>
/// The demo bank's CMDB, as its toolchain would report it: Terraform for the cloud (the EKS cluster, databases,
/// a cache, a queue, a bucket), Git for the repositories, and the production cluster's workloads and Services,
/// which call each other and use the cloud resources. Each workload belongs to the catalogue service of its name.
/// </summary>
internal static class DemoCmdb
{
    private const string Cluster = "prod-eu";

    /// <summary>Technical service → team namespace, what it calls inside the cluster, and which cloud resources it uses.</summary>
    private static readonly (string Service, string Namespace, string[] Calls, string[] Uses)[] s_workloads =
    [
        ("web-frontend", "storefront", ["api-gateway", "feature-flags"], []),
        ("mobile-bff", "storefront", ["api-gateway", "feature-flags"], []),
        ("api-gateway", "platform", ["auth-service", "payments-api", "kyc-service"], []),
        ("auth-service", "identity", [], ["aws_elasticache_cluster.sessions", "aws_db_instance.identity"]),
        ("notification-service", "platform", [], ["aws_sqs_queue.notifications"]),
        ("payments-api", "payments", ["ledger-service", "fraud-scoring", "notification-service"], ["aws_db_instance.payments", "aws_sqs_queue.payment_events"]),
        ("ledger-service", "payments", [], ["aws_db_instance.ledger"]),
        ("fraud-scoring", "payments", ["feature-flags"], ["aws_sqs_queue.payment_events"]),
        ("kyc-service", "identity", ["document-store", "notification-service"], ["aws_db_instance.identity"]),
        ("document-store", "identity", [], ["aws_s3_bucket.documents"]),
        ("data-warehouse", "data", [], ["aws_redshift_cluster.warehouse"]),
        ("reporting-etl", "data", ["data-warehouse", "ledger-service"], []),
        ("feature-flags", "platform", [], ["aws_db_instance.platform"]),
        ("ci-runners", "platform", [], []),
    ];

    private static readonly (string Address, CiClass Class)[] s_cloud =
    [
        ("aws_eks_cluster.prod_eu", CiClass.Cluster),
        ("aws_db_instance.payments", CiClass.Database),
        ("aws_db_instance.ledger", CiClass.Database),
        ("aws_db_instance.identity", CiClass.Database),
        ("aws_db_instance.platform", CiClass.Database),
        ("aws_elasticache_cluster.sessions", CiClass.Database),
        ("aws_sqs_queue.payment_events", CiClass.Queue),
        ("aws_sqs_queue.notifications", CiClass.Queue),
        ("aws_s3_bucket.documents", CiClass.CloudResource),
        ("aws_redshift_cluster.warehouse", CiClass.Database),
    ];

    /// <summary>Each technical service with its team's namespace; its repository is <c>github.com/demo-bank/{service}</c>.</summary>
    public static IEnumerable<(string Service, string Team)> ServicesWithTeams() => s_workloads.Select(w => (w.Service, w.Namespace));

    public static DiscoveryResult Terraform() => new("terraform",
        [.. s_cloud.Select(r => new DiscoveredCi(TerraformKey(r.Address), r.Class, r.Address, new JsonObject { ["provider"] = "aws", ["type"] = r.Address.Split('.')[0], ["region"] = "eu-west-1" }))],
        [], [], [], []);

    public static DiscoveryResult Git() => new("git",
        [.. s_workloads.Select(w => new DiscoveredCi(CiKeys.Repository($"github.com/demo-bank/{w.Service}"), CiClass.Repository, $"demo-bank/{w.Service}",
            new JsonObject { ["origin"] = $"git@github.com:demo-bank/{w.Service}.git", ["owners"] = $"@demo-bank/{w.Namespace}" }))],
        [], [], [], []);

    public static DiscoveryResult Kubernetes()
    {
        var cluster = $"k8s:{Cluster}";
        var items = new List<DiscoveredCi> { new(cluster, CiClass.Cluster, Cluster, new JsonObject { ["distribution"] = "eks" }) };
        var relationships = new List<DiscoveredRelationship>();
        var links = new List<CrossSourceLink> { new(cluster, RelationshipType.HostedBy, [TerraformKey("aws_eks_cluster.prod_eu")], "cluster provisioned by Terraform") };
        foreach (var ns in s_workloads.Select(w => w.Namespace).Distinct())
        {
            items.Add(new DiscoveredCi($"{cluster}/{ns}", CiClass.Namespace, ns, []) { Scope = ns });
            relationships.Add(new DiscoveredRelationship($"{cluster}/{ns}", RelationshipType.PartOf, cluster));
        }
        foreach (var (service, ns, calls, uses) in s_workloads)
        {
            var workload = WorkloadKey(service, ns);
            var kubeService = ServiceKey(service, ns);
            items.Add(new DiscoveredCi(workload, CiClass.Workload, service, new JsonObject { ["kind"] = "Deployment", ["replicas"] = 3, ["image"] = $"ghcr.io/demo-bank/{service}:2026.11" }) { Scope = ns });
            items.Add(new DiscoveredCi(kubeService, CiClass.KubernetesService, service, new JsonObject { ["type"] = "ClusterIP", ["port"] = 8080 }) { Scope = ns });
            relationships.Add(new DiscoveredRelationship(workload, RelationshipType.RunsOn, $"{cluster}/{ns}"));
            relationships.Add(new DiscoveredRelationship(kubeService, RelationshipType.PartOf, $"{cluster}/{ns}"));
            relationships.Add(new DiscoveredRelationship(kubeService, RelationshipType.RoutesTo, workload) { Evidence = $"selector app={service}" });
            foreach (var callee in calls)
            {
                var calleeNamespace = s_workloads.Single(w => w.Service == callee).Namespace;
                relationships.Add(new DiscoveredRelationship(workload, RelationshipType.DependsOn, ServiceKey(callee, calleeNamespace))
                    { Evidence = $"env {callee.ToUpperInvariant().Replace('-', '_')}_ADDR={callee}.{calleeNamespace}:8080" });
            }
            foreach (var resource in uses)
                links.Add(new CrossSourceLink(workload, RelationshipType.DependsOn, [TerraformKey(resource)], $"env names {resource}"));
            links.Add(new CrossSourceLink(workload, RelationshipType.BuiltFrom, [CiKeys.Repository($"github.com/demo-bank/{service}")], "annotation github.com/project-slug"));
            links.Add(new CrossSourceLink(workload, RelationshipType.PartOf, [CiKeys.Service(service)], $"label app.kubernetes.io/name={service}"));
        }
        return new DiscoveryResult("kubernetes", items, relationships, links, [], []);
    }

    private static string TerraformKey(string address) => $"tf:demo/{address}";

    private static string WorkloadKey(string service, string ns) => $"k8s:{Cluster}/{ns}/deployment/{service}";

    private static string ServiceKey(string service, string ns) => $"k8s:{Cluster}/{ns}/service/{service}";
}
