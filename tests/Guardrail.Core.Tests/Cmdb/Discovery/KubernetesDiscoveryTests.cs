using Guardrail.Server.Tests.Support;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Core.Cmdb.Discovery.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace Guardrail.Core.Tests.Cmdb.Discovery;

public class KubernetesDiscoveryTests
{
    private static readonly KubernetesDiscoveryOptions _defaults = new();

    /// <summary>Read from kubernetes-manifests.yaml: every *_ADDR / REDIS_ADDR env value that names a Service of the file.</summary>
    private static readonly string[] _boutiqueDependencies =
    [
        "cartservice -> redis-cart",
        "checkoutservice -> cartservice",
        "checkoutservice -> currencyservice",
        "checkoutservice -> emailservice",
        "checkoutservice -> paymentservice",
        "checkoutservice -> productcatalogservice",
        "checkoutservice -> shippingservice",
        "frontend -> adservice",
        "frontend -> cartservice",
        "frontend -> checkoutservice",
        "frontend -> currencyservice",
        "frontend -> productcatalogservice",
        "frontend -> recommendationservice",
        "frontend -> shippingservice",
        "loadgenerator -> frontend",
        "recommendationservice -> productcatalogservice",
    ];

    [Fact]
    public void Online_boutique_release_manifest_gives_deployments_services_and_env_dependencies()
    {
        var result = Discover("kubernetes/online-boutique/kubernetes-manifests.yaml");

        Assert.Equal("kubernetes", result.Source);
        Assert.Equal(12, result.Items.Count(ci => ci.Class == CiClass.Workload));
        Assert.All(result.Items.Where(ci => ci.Class == CiClass.Workload), ci => Assert.Equal("Deployment", ci.Attributes["kind"]!.GetValue<string>()));
        // The corpus notes say 13 Services; the file holds 12 (frontend-external is the twelfth).
        Assert.Equal(12, result.Items.Count(ci => ci.Class == CiClass.KubernetesService));
        Assert.Equal(["k8s:default", "k8s:default/default"], result.Items.Where(ci => ci.Class is CiClass.Cluster or CiClass.Namespace).Select(ci => ci.Key));
        Assert.Empty(result.Warnings);

        Assert.Equal(_boutiqueDependencies, Edges(result, RelationshipType.DependsOn));
        var unresolved = Assert.Single(result.Unresolved);
        Assert.Equal("k8s:default/default/deployment/frontend", unresolved.FromKey);
        Assert.Equal("shoppingassistantservice", unresolved.Reference);
        Assert.Contains("SHOPPING_ASSISTANT_SERVICE_ADDR", unresolved.Reason, StringComparison.Ordinal);

        var catalog = Assert.Single(result.Relationships, r => r.FromKey == "k8s:default/default/deployment/frontend" && r.ToKey.EndsWith("/productcatalogservice", StringComparison.Ordinal));
        Assert.Equal("k8s:default/default/service/productcatalogservice", catalog.ToKey);
        Assert.Equal("env PRODUCT_CATALOG_SERVICE_ADDR=productcatalogservice:3550", catalog.Evidence);
        Assert.Equal("env REDIS_ADDR=redis-cart:6379", Assert.Single(result.Relationships, r => r.ToKey.EndsWith("/service/redis-cart", StringComparison.Ordinal) && r.Type == RelationshipType.DependsOn).Evidence);
    }

    [Fact]
    public void Online_boutique_services_route_to_their_deployments_and_everything_sits_in_the_namespace()
    {
        var result = Discover("kubernetes/online-boutique/kubernetes-manifests.yaml");

        var routes = Edges(result, RelationshipType.RoutesTo);
        Assert.Equal(12, routes.Count);
        Assert.Contains("frontend -> frontend", routes);
        Assert.Contains("frontend-external -> frontend", routes);
        Assert.Contains("redis-cart -> redis-cart", routes);
        Assert.DoesNotContain(routes, r => r.StartsWith("loadgenerator", StringComparison.Ordinal));

        var ns = "k8s:default/default";
        Assert.All(result.Items.Where(ci => ci.Class == CiClass.Workload), ci => Assert.Contains(new DiscoveredRelationship(ci.Key, RelationshipType.RunsOn, ns), result.Relationships));
        Assert.All(result.Items.Where(ci => ci.Class == CiClass.KubernetesService), ci => Assert.Contains(new DiscoveredRelationship(ci.Key, RelationshipType.PartOf, ns), result.Relationships));
        Assert.Contains(new DiscoveredRelationship(ns, RelationshipType.PartOf, "k8s:default"), result.Relationships);

        var frontend = Assert.Single(result.Items, ci => ci.Key == "k8s:default/default/deployment/frontend");
        Assert.Equal(1, frontend.Attributes["replicas"]!.GetValue<int>());
        Assert.Equal("us-central1-docker.pkg.dev/online-boutique-ci/microservices-demo/frontend:v0.10.6", Assert.Single(frontend.Attributes["images"]!.AsArray())!.GetValue<string>());
        Assert.Equal(8080, Assert.Single(frontend.Attributes["ports"]!.AsArray())!["containerPort"]!.GetValue<long>());
        Assert.Equal("frontend", frontend.Attributes["labels"]!["app"]!.GetValue<string>());
        Assert.Equal("default", frontend.Scope);

        var external = Assert.Single(result.Items, ci => ci.Key == "k8s:default/default/service/frontend-external");
        Assert.Equal("LoadBalancer", external.Attributes["type"]!.GetValue<string>());
        Assert.Equal("frontend", external.Attributes["selector"]!["app"]!.GetValue<string>());
        Assert.Equal(80, external.Attributes["ports"]![0]!["port"]!.GetValue<long>());
    }

    [Fact]
    public void Online_boutique_dependencies_are_allowed_by_its_network_policies()
    {
        var result = Discover("kubernetes/online-boutique/kubernetes-manifests.yaml");
        var allowed = NetworkPolicyCallers(Corpus.PathOf("kubernetes/online-boutique/network-policies"));
        var appOf = result.Items.Where(ci => ci.Class == CiClass.Workload).ToDictionary(ci => ci.Key, ci => ci.Attributes["labels"]!["app"]!.GetValue<string>());

        var checkedEdges = 0;
        foreach (var dependency in result.Relationships.Where(r => r.Type == RelationshipType.DependsOn))
        {
            var caller = appOf[dependency.FromKey];
            foreach (var route in result.Relationships.Where(r => r.Type == RelationshipType.RoutesTo && r.FromKey == dependency.ToKey))
            {
                var callee = appOf[route.ToKey];
                Assert.True(allowed.TryGetValue(callee, out var callers), $"no policy for {callee}");
                Assert.True(callers is null || callers.Contains(caller), $"{caller} -> {callee} is not allowed by the network policies");
                checkedEdges++;
            }
        }

        Assert.Equal(16, checkedEdges);
    }

    [Fact]
    public void Online_boutique_folder_gives_the_same_dependencies_and_warns_about_the_kustomization()
    {
        var folder = Corpus.PathOf("kubernetes/online-boutique/kubernetes-manifests");
        var documents = Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => new SourceDocument(Path.GetRelativePath(Corpus.Root, f), File.ReadAllText(f)));

        var result = KubernetesDiscovery.Discover(documents, _defaults);

        Assert.Equal(_boutiqueDependencies, Edges(result, RelationshipType.DependsOn));
        var warning = Assert.Single(result.Warnings);
        Assert.EndsWith("kustomization.yaml", warning.Document, StringComparison.Ordinal);
        Assert.Contains("kind Kustomization", warning.Message, StringComparison.Ordinal);
        Assert.Equal(
            Discover("kubernetes/online-boutique/kubernetes-manifests.yaml").Items.Select(ci => ci.Key),
            result.Items.Select(ci => ci.Key));
    }

    [Fact]
    public void Bookinfo_routes_services_to_versions_and_finds_only_the_mongodb_dependency()
    {
        var result = Discover("kubernetes/bookinfo/bookinfo.yaml", "kubernetes/bookinfo/bookinfo-ratings-v2.yaml", "kubernetes/bookinfo/bookinfo-db.yaml");

        Assert.Equal(
            ["details-v1", "mongodb-v1", "productpage-v1", "ratings-v1", "ratings-v2", "reviews-v1", "reviews-v2", "reviews-v3"],
            result.Items.Where(ci => ci.Class == CiClass.Workload).Select(ci => ci.Name));
        Assert.Equal(
            [
                "details -> details-v1",
                "mongodb -> mongodb-v1",
                "productpage -> productpage-v1",
                "ratings -> ratings-v1",
                "ratings -> ratings-v2",
                "reviews -> reviews-v1",
                "reviews -> reviews-v2",
                "reviews -> reviews-v3",
            ],
            Edges(result, RelationshipType.RoutesTo));

        var mongo = Assert.Single(result.Relationships, r => r.Type == RelationshipType.DependsOn);
        Assert.Equal(("k8s:default/default/deployment/ratings-v2", "k8s:default/default/service/mongodb"), (mongo.FromKey, mongo.ToKey));
        Assert.Equal("env MONGO_DB_URL=mongodb://mongodb:27017/test", mongo.Evidence);
        Assert.Empty(result.Unresolved);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Bookinfo_istio_networking_files_are_warnings_not_cis()
    {
        var result = Discover(
            "kubernetes/bookinfo/bookinfo.yaml",
            "kubernetes/bookinfo/bookinfo-gateway.yaml",
            "kubernetes/bookinfo/destination-rule-all.yaml",
            "kubernetes/bookinfo/virtual-service-reviews-v2-v3.yaml");

        Assert.Equal(
            [
                "kubernetes/bookinfo/bookinfo-gateway.yaml: kind Gateway",
                "kubernetes/bookinfo/bookinfo-gateway.yaml: kind VirtualService",
                "kubernetes/bookinfo/destination-rule-all.yaml: kind DestinationRule",
                "kubernetes/bookinfo/destination-rule-all.yaml: kind DestinationRule",
                "kubernetes/bookinfo/destination-rule-all.yaml: kind DestinationRule",
                "kubernetes/bookinfo/destination-rule-all.yaml: kind DestinationRule",
                "kubernetes/bookinfo/virtual-service-reviews-v2-v3.yaml: kind VirtualService",
            ],
            result.Warnings.Select(w => $"{w.Document}: {string.Join(' ', w.Message.Split(' ').Skip(2).Take(2))}"));
        Assert.All(result.Warnings, w => Assert.Contains("is not imported", w.Message, StringComparison.Ordinal));
        Assert.Equal(6 + 4 + 2, result.Items.Count);
    }

    [Fact]
    public void Sock_shop_lives_in_its_namespace_and_shows_one_dependency_in_yaml()
    {
        var result = Discover("kubernetes/sock-shop/complete-demo.yaml");

        Assert.Equal(["k8s:default/sock-shop"], result.Items.Where(ci => ci.Class == CiClass.Namespace).Select(ci => ci.Key));
        Assert.Equal(14, result.Items.Count(ci => ci.Class == CiClass.Workload && ci.Scope == "sock-shop"));
        Assert.Equal(14, result.Items.Count(ci => ci.Class == CiClass.KubernetesService && ci.Scope == "sock-shop"));
        Assert.Equal(14, Edges(result, RelationshipType.RoutesTo).Count);

        Assert.Equal(["user -> user-db"], Edges(result, RelationshipType.DependsOn));
        Assert.Equal("env mongo=user-db:27017", Assert.Single(result.Relationships, r => r.Type == RelationshipType.DependsOn).Evidence);

        // shipping's ZIPKIN names a tracing collector in another namespace that the file does not describe.
        var zipkin = Assert.Single(result.Unresolved);
        Assert.Equal(("k8s:default/sock-shop/deployment/shipping", "zipkin.jaeger.svc.cluster.local"), (zipkin.FromKey, zipkin.Reference));
        Assert.Contains("ZIPKIN", zipkin.Reason, StringComparison.Ordinal);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Kubectl_json_list_gives_the_same_graph_as_the_yaml()
    {
        var fromJson = KubernetesDiscovery.Discover([new SourceDocument("kubectl.json", ShopJsonList())], _defaults);
        var fromYaml = KubernetesDiscovery.Discover([new SourceDocument("shop.yaml", ShopYaml)], _defaults);

        Assert.Equal(Snapshot(fromYaml), Snapshot(fromJson));
        Assert.Equal(
            [
                "k8s:default/shop/deployment/web -> k8s:default/billing/service/payments (envFrom ConfigMap endpoints: PAYMENTS_ADDR=payments.billing.svc.cluster.local:8443)",
                "k8s:default/shop/deployment/web -> k8s:default/shop/service/cart (env CART_URL=http://cart:8080/api (ConfigMap shop-config key CART_URL))",
            ],
            fromJson.Relationships.Where(r => r.Type == RelationshipType.DependsOn).Select(r => $"{r.FromKey} -> {r.ToKey} ({r.Evidence})"));
        Assert.Equal(
            ["configmap/absent", "unknown-host"],
            fromJson.Unresolved.Select(u => u.Reference));
        Assert.Contains("AUDIT_ADDR", fromJson.Unresolved[1].Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(fromJson.Items, ci => ci.Key.Contains("unknown-host", StringComparison.Ordinal));
        Assert.Equal(
            [
                "k8s:default/shop/deployment/web: backstage:component:default/web, service:web",
                "k8s:default/shop/deployment/web: backstage:system:default/shop, backstage:component:default/shop, service:shop",
            ],
            fromJson.Links.Select(l => $"{l.FromKey}: {string.Join(", ", l.CandidateKeys)}"));
        Assert.Empty(fromJson.Warnings);
    }

    [Fact]
    public void Typed_api_list_items_take_their_kind_from_the_list()
    {
        const string json = """
            {"apiVersion": "apps/v1", "kind": "DeploymentList", "items": [
              {"metadata": {"name": "api", "namespace": "team"}, "spec": {"template": {"metadata": {"labels": {"app": "api"}}, "spec": {"containers": [{"name": "api", "image": "api:1"}]}}}}
            ]}
            """;

        var result = KubernetesDiscovery.Discover([new SourceDocument("deployments.json", json)], _defaults);

        Assert.Contains(result.Items, ci => ci.Key == "k8s:default/team/deployment/api");
    }

    [Fact]
    public void A_manifest_without_namespace_lands_in_the_default_or_configured_namespace()
    {
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: Worker
            spec:
              template:
                metadata:
                  labels: {app: worker}
                spec:
                  containers: [{name: worker, image: worker:1}]
            """;
        var documents = new[] { new SourceDocument("worker.yaml", yaml) };

        Assert.Contains(KubernetesDiscovery.Discover(documents, _defaults).Items, ci => ci.Key == "k8s:default/default/deployment/worker");

        var configured = KubernetesDiscovery.Discover(documents, new KubernetesDiscoveryOptions { Cluster = "Prod-EU", DefaultNamespace = "team-a" });
        Assert.Equal(
            ["k8s:prod-eu", "k8s:prod-eu/team-a", "k8s:prod-eu/team-a/deployment/worker"],
            configured.Items.Select(ci => ci.Key));
        Assert.Equal("Worker", configured.Items[2].Name);
        Assert.Equal("team-a", configured.Items[2].Scope);
    }

    [Fact]
    public void Cronjobs_are_selected_by_their_job_template_and_ingresses_route_to_services()
    {
        const string yaml = """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: report, namespace: ops}
            spec:
              schedule: "0 * * * *"
              jobTemplate:
                spec:
                  template:
                    metadata: {labels: {app: report}}
                    spec:
                      initContainers:
                      - name: wait
                        image: busybox
                        env: [{name: DB, value: "jdbc:mysql://reports-db:3306/reports"}]
                      containers: [{name: report, image: report:2}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: report, namespace: ops}
            spec: {selector: {app: report}, ports: [{port: 80}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: external-db, namespace: ops}
            spec: {type: ExternalName, externalName: db.example.com}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web, namespace: ops}
            spec:
              defaultBackend: {service: {name: report, port: {number: 80}}}
              rules:
              - host: ops.example.com
                http:
                  paths:
                  - {path: /old, pathType: Prefix, backend: {service: {name: legacy, port: {number: 8080}}}}
            ---
            apiVersion: extensions/v1beta1
            kind: Ingress
            metadata: {name: old, namespace: ops}
            spec:
              rules:
              - http:
                  paths: [{path: /, backend: {serviceName: report, servicePort: 80}}]
            """;

        var result = KubernetesDiscovery.Discover([new SourceDocument("ops.yaml", yaml)], _defaults);

        Assert.Equal(["report -> report"], Edges(result, RelationshipType.RoutesTo).Where(e => e.StartsWith("report", StringComparison.Ordinal)));
        Assert.DoesNotContain(result.Relationships, r => r.FromKey.EndsWith("/service/external-db", StringComparison.Ordinal) && r.Type == RelationshipType.RoutesTo);
        Assert.Contains(result.Relationships, r => r is { FromKey: "k8s:default/ops/ingress/web", Type: RelationshipType.RoutesTo, ToKey: "k8s:default/ops/service/report" });
        Assert.Contains(result.Relationships, r => r is { FromKey: "k8s:default/ops/ingress/old", Type: RelationshipType.RoutesTo, ToKey: "k8s:default/ops/service/report" });
        Assert.Contains(new DiscoveredRelationship("k8s:default/ops/ingress/web", RelationshipType.PartOf, "k8s:default/ops"), result.Relationships);
        Assert.Equal(
            ["k8s:default/ops/cronjob/report: reports-db", "k8s:default/ops/ingress/web: legacy"],
            result.Unresolved.Select(u => $"{u.FromKey}: {u.Reference}"));
        var cronJob = Assert.Single(result.Items, ci => ci.Class == CiClass.Workload);
        Assert.Null(cronJob.Attributes["replicas"]);
        Assert.Equal(["report:2", "busybox"], cronJob.Attributes["images"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal("ops.example.com", Assert.Single(result.Items, ci => ci.Key == "k8s:default/ops/ingress/web").Attributes["hosts"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("productcatalogservice:3550", "productcatalogservice", true)]
    [InlineData("http://frontend:80/cart", "frontend", true)]
    [InlineData("redis://cache:6379/0", "cache", true)]
    [InlineData("mongodb://user:p@ss@mongo:27017/db", "mongo", true)]
    [InlineData("jdbc:mysql://mysql:3306/orders", "mysql", true)]
    [InlineData("payments.billing", "payments.billing", false)]
    [InlineData("payments.billing.svc", "payments.billing.svc", true)]
    [InlineData("payments.billing.svc.cluster.local", "payments.billing.svc.cluster.local", true)]
    [InlineData("api.stripe.com:443", "api.stripe.com", true)]
    public void Host_references_are_found_in_values(string value, string host, bool certain)
    {
        Assert.Equal([new HostReference(host, certain)], HostReferences.Find(value));
    }

    [Theory]
    [InlineData("5050")]
    [InlineData("true")]
    [InlineData("-Xms64m -Xmx128m -XX:+UseG1GC -Djava.security.egd=file:/dev/urandom -Dspring.zipkin.enabled=false")]
    [InlineData("/tmp/logs")]
    [InlineData("socksdb")]
    [InlineData("16:9")]
    [InlineData("1.5")]
    [InlineData("localhost:8080")]
    [InlineData("shop_session-id=x")]
    public void Plain_values_are_not_host_references(string value)
    {
        Assert.Empty(HostReferences.Find(value));
    }

    [Fact]
    public void A_connection_string_with_several_hosts_names_each()
    {
        Assert.Equal(["a", "b.data"], HostReferences.Find("mongodb://a:27017,b.data:27017/db?replicaSet=rs0").Select(r => r.Host));
    }

    [Theory]
    [InlineData("bad.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: \"broken\n")]
    [InlineData("bad.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n   labels: b\n")]
    [InlineData("bad.json", "{\"kind\": \"List\", \"items\": [}")]
    [InlineData("unclosed.yaml", "apiVersion: apps/v1\nkind: Deployment\nspec:\n  ports: [{a: 1\n")]
    [InlineData("unclosed.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: x\n")]
    public void Unreadable_documents_throw_with_line_and_column(string name, string content)
    {
        var documents = new[] { new SourceDocument("good.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: fine}\n"), new SourceDocument(name, content) };

        var error = Assert.Throws<DiscoveryException>(() => KubernetesDiscovery.Discover(documents, _defaults));

        Assert.Equal(name, error.Document);
        Assert.NotNull(error.Line);
        Assert.NotNull(error.Column);
        Assert.StartsWith($"{name}:{error.Line}:{error.Column}: not valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Odd_documents_are_warnings_and_empty_ones_are_skipped()
    {
        const string yaml = """
            ---
            # nothing here
            ---
            - just
            - a list
            ---
            name: no-kind
            ---
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata: {name: web}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {selector: {app: web}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {type: NodePort}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: creds}
            ---
            """;

        var result = KubernetesDiscovery.Discover([new SourceDocument("odd.yaml", yaml)], _defaults);

        Assert.Equal(4, result.Warnings.Count);
        Assert.Contains("line 4: not a Kubernetes object", result.Warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("line 7: not a Kubernetes object", result.Warnings[1].Message, StringComparison.Ordinal);
        Assert.Equal("line 9: kind ServiceMonitor (monitoring.coreos.com/v1) is not imported: web", result.Warnings[2].Message);
        Assert.Contains("duplicate Service default/web", result.Warnings[3].Message, StringComparison.Ordinal);
        Assert.Equal("ClusterIP", Assert.Single(result.Items, ci => ci.Class == CiClass.KubernetesService).Attributes["type"]!.GetValue<string>());
    }

    [Fact]
    public void Documents_read_in_parallel_keep_their_lines_in_the_whole_file()
    {
        const string yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: scripts}
            data:
              run.sh: |
                echo start
                 ---
                echo done
            --- # a comment after the marker
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: one}
            ---   
            --- {apiVersion: example.com/v1, kind: Gadget, metadata: {name: two}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: "broken
            """;

        var error = Assert.Throws<DiscoveryException>(() => ManifestReader.Read([new SourceDocument("many.yaml", yaml)], [], sectionChars: 1));
        Assert.Equal(18, error.Line);

        var readable = yaml[..yaml.LastIndexOf("---", StringComparison.Ordinal)];
        var warnings = new List<DiscoveryWarning>();
        var objects = ManifestReader.Read([new SourceDocument("many.yaml", readable)], warnings, sectionChars: 1);
        Assert.Equal(["line 1", "line 10", "line 14"], objects.Select(o => o.Location));
        Assert.Equal("echo start\n ---\necho done\n", objects[0].Node.At("data", "run.sh").Text);
    }

    [Fact]
    public void Documents_read_one_section_each_or_all_in_one_give_the_same_objects()
    {
        string[] paths = ["kubernetes/online-boutique/kubernetes-manifests.yaml", "kubernetes/bookinfo/bookinfo.yaml", "kubernetes/sock-shop/complete-demo.yaml"];
        var documents = paths.Select(p => new SourceDocument(p, File.ReadAllText(Corpus.PathOf(p)))).ToList();

        static List<string> Read(List<SourceDocument> documents, int sectionChars) =>
            [.. ManifestReader.Read(documents, [], sectionChars).Select(o => $"{o.Document} {o.Location} {o.Node.ToJson().ToJsonString()}")];

        Assert.Equal(Read(documents, int.MaxValue), Read(documents, 1));
    }

    [Fact]
    public void Anchors_aliases_and_directives_read_as_before()
    {
        const string yaml = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, labels: &labels {app: web, tier: front}}
            spec: {selector: *labels}
            ...
            %YAML 1.2
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                metadata: {labels: {app: web, tier: front}}
                spec: {containers: [{name: web, image: web:1}]}
            """;

        var result = KubernetesDiscovery.Discover([new SourceDocument("anchors.yaml", yaml)], _defaults);

        Assert.Empty(result.Warnings);
        Assert.Equal(["web -> web"], Edges(result, RelationshipType.RoutesTo));
    }

    [Fact]
    public void A_port_with_a_field_named_container_keeps_the_name_of_its_container()
    {
        const string manifest = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers:
                    - name: app
                      image: web:1
                      ports: [{containerPort: 8080, container: other}]
            """;

        var result = KubernetesDiscovery.Discover([new SourceDocument("web.yaml", manifest)], _defaults);

        var ports = Assert.Single(result.Items, ci => ci.Class == CiClass.Workload).Attributes["ports"]!.AsArray();
        Assert.Equal("""{"container":"app","containerPort":8080}""", Assert.Single(ports)!.ToJsonString());
    }

    [Theory]
    [InlineData("twice.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: first, name: last}\n")]
    [InlineData("twice.json", "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"first\", \"name\": \"last\"}}")]
    public void A_key_given_twice_keeps_its_last_value(string name, string content)
    {
        var result = KubernetesDiscovery.Discover([new SourceDocument(name, content)], _defaults);

        Assert.Equal("last", Assert.Single(result.Items, ci => ci.Class == CiClass.KubernetesService).Name);
    }

    [Fact]
    public void Discovering_the_same_input_twice_gives_equal_results()
    {
        string[] paths = ["kubernetes/online-boutique/kubernetes-manifests.yaml", "kubernetes/bookinfo/bookinfo.yaml", "kubernetes/sock-shop/complete-demo.yaml"];

        Assert.Equal(Snapshot(Discover(paths)), Snapshot(Discover(paths)));
    }


    private static DiscoveryResult Discover(params string[] corpusPaths) =>
        KubernetesDiscovery.Discover(corpusPaths.Select(p => new SourceDocument(p, File.ReadAllText(Corpus.PathOf(p)))), _defaults);

    /// <summary>Edges of one type as "from -> to" by CI name, sorted.</summary>
    private static List<string> Edges(DiscoveryResult result, RelationshipType type)
    {
        var names = result.Items.ToDictionary(ci => ci.Key, ci => ci.Name);
        return [.. result.Relationships.Where(r => r.Type == type).Select(r => $"{names[r.FromKey]} -> {names[r.ToKey]}").Order(StringComparer.Ordinal)];
    }

    private static List<string> Snapshot(DiscoveryResult result) =>
    [
        .. result.Items.Select(ci => $"ci {ci.Key} {ci.Class} {ci.Name} {ci.Scope} {ci.Attributes.ToJsonString()}"),
        .. result.Relationships.Select(r => $"rel {r.FromKey} {r.Type} {r.ToKey} {r.Evidence}"),
        .. result.Links.Select(l => $"link {l.FromKey} {l.Type} {string.Join(",", l.CandidateKeys)} {l.Evidence}"),
        .. result.Unresolved.Select(u => $"unresolved {u.FromKey} {u.Reference} {u.Reason}"),
    ];

    /// <summary>Who may call each app by its NetworkPolicy's ingress rules; null means anyone (an empty rule).</summary>
    private static Dictionary<string, HashSet<string>?> NetworkPolicyCallers(string folder)
    {
        var callers = new Dictionary<string, HashSet<string>?>();
        foreach (var file in Directory.GetFiles(folder, "*.yaml"))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            var spec = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["spec"];
            if (!spec.Children.TryGetValue("ingress", out var ingress) || At(spec, "podSelector", "matchLabels", "app") is not { } app)
                continue;

            var rules = ((YamlSequenceNode)ingress).Children.Cast<YamlMappingNode>().ToList();
            callers[app] = rules.Any(r => !r.Children.ContainsKey("from"))
                ? null
                : [.. rules.SelectMany(r => ((YamlSequenceNode)r["from"]).Children).Select(f => At(f, "podSelector", "matchLabels", "app")).OfType<string>()];
        }

        return callers;
    }

    private static string? At(YamlNode node, params string[] path)
    {
        foreach (var name in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(name, out var child))
                return null;
            node = child;
        }

        return (node as YamlScalarNode)?.Value;
    }

    private const string ShopYaml = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: shop-config, namespace: shop}
        data: {CART_URL: "http://cart:8080/api", FEATURE_FLAG: "true"}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: endpoints, namespace: shop}
        data: {PAYMENTS_ADDR: "payments.billing.svc.cluster.local:8443", AUDIT_ADDR: "unknown-host:1234"}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          labels: {app.kubernetes.io/part-of: Shop, app.kubernetes.io/name: web}
        spec:
          replicas: 3
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: shop/web:1.2
                ports: [{containerPort: 8080, name: http}]
                env:
                - {name: CART_URL, valueFrom: {configMapKeyRef: {name: shop-config, key: CART_URL}}}
                - {name: MISSING, valueFrom: {configMapKeyRef: {name: absent, key: x}}}
                envFrom:
                - configMapRef: {name: endpoints}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: cart, namespace: shop}
        spec:
          template:
            metadata: {labels: {app: cart}}
            spec: {containers: [{name: cart, image: shop/cart:1.0}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: cart, namespace: shop}
        spec: {selector: {app: cart}, ports: [{port: 8080}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: payments, namespace: billing}
        spec: {selector: {app: payments}, ports: [{port: 8443}]}
        """;

    /// <summary>The same objects as <see cref="ShopYaml"/>, as <c>kubectl get -o json</c> lists them (with some of the fields the server adds).</summary>
    private static string ShopJsonList() => """
        {
          "apiVersion": "v1",
          "kind": "List",
          "metadata": {"resourceVersion": ""},
          "items": [
            {"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": {"name": "shop-config", "namespace": "shop", "uid": "0b6f", "resourceVersion": "101"},
             "data": {"CART_URL": "http://cart:8080/api", "FEATURE_FLAG": "true"}},
            {"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": {"name": "endpoints", "namespace": "shop"},
             "data": {"PAYMENTS_ADDR": "payments.billing.svc.cluster.local:8443", "AUDIT_ADDR": "unknown-host:1234"}},
            {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": "web", "namespace": "shop", "generation": 4,
                          "labels": {"app.kubernetes.io/part-of": "Shop", "app.kubernetes.io/name": "web"}},
             "spec": {"replicas": 3,
                      "template": {"metadata": {"labels": {"app": "web"}},
                                   "spec": {"containers": [{"name": "web", "image": "shop/web:1.2",
                                                            "ports": [{"containerPort": 8080, "name": "http"}],
                                                            "env": [{"name": "CART_URL", "valueFrom": {"configMapKeyRef": {"name": "shop-config", "key": "CART_URL"}}},
                                                                    {"name": "MISSING", "valueFrom": {"configMapKeyRef": {"name": "absent", "key": "x"}}}],
                                                            "envFrom": [{"configMapRef": {"name": "endpoints"}}]}]}}},
             "status": {"replicas": 3, "readyReplicas": 3}},
            {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": "cart", "namespace": "shop"},
             "spec": {"template": {"metadata": {"labels": {"app": "cart"}},
                                   "spec": {"containers": [{"name": "cart", "image": "shop/cart:1.0"}]}}}},
            {"apiVersion": "v1", "kind": "Service",
             "metadata": {"name": "cart", "namespace": "shop"},
             "spec": {"selector": {"app": "cart"}, "ports": [{"port": 8080}]}},
            {"apiVersion": "v1", "kind": "Service",
             "metadata": {"name": "payments", "namespace": "billing"},
             "spec": {"selector": {"app": "payments"}, "ports": [{"port": 8443}]}}
          ]
        }
        """;
}
