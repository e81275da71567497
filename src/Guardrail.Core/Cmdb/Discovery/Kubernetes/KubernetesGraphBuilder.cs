using System.Text.Json.Nodes;

namespace Guardrail.Core.Cmdb.Discovery.Kubernetes;

/// <summary>One discovery run over the objects read from every document: CIs first, then the edges between them.</summary>
internal sealed class KubernetesGraphBuilder(KubernetesDiscoveryOptions options, List<DiscoveryWarning> warnings)
{
    private readonly string _clusterKey = $"k8s:{options.Cluster}".ToLowerInvariant();
    private readonly Dictionary<string, DiscoveredCi> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, RelationshipType Type, string To), DiscoveredRelationship> _relationships = [];
    private readonly List<CrossSourceLink> _links = [];
    private readonly HashSet<UnresolvedReference> _unresolved = [];
    private readonly Dictionary<(string Namespace, string Name), ManifestMapping> _configMaps = [];
    private readonly Dictionary<(string Namespace, string Name), Service> _services = [];
    private readonly List<Workload> _workloads = [];
    private readonly List<Ingress> _ingresses = [];
    private readonly Dictionary<string, string> _namespaceKeys = new(StringComparer.Ordinal);

    private sealed record Service(string Key, ManifestMapping? Selector);

    private sealed record Workload(string Key, string Namespace, ManifestMapping Labels, ManifestMapping PodLabels, ManifestMapping PodSpec);

    private sealed record Ingress(string Key, string Namespace, ManifestMapping Spec);

    public DiscoveryResult Build(IReadOnlyList<ManifestObject> objects)
    {
        Add(new DiscoveredCi(_clusterKey, CiClass.Cluster, options.Cluster, []));

        // Namespaces and ConfigMaps first, so that what refers to them finds them whatever the document order.
        foreach (var obj in objects.Where(o => o is { Group: "", Kind: "Namespace" or "ConfigMap" }))
            Read(obj);
        foreach (var obj in objects.Where(o => o is not { Group: "", Kind: "Namespace" or "ConfigMap" }))
            Read(obj);

        RouteServices();
        RouteIngresses();
        foreach (var workload in _workloads)
            FindDependencies(workload);

        return new DiscoveryResult(
            KubernetesDiscovery.SourceName,
            Sorted(_items.Values, static (a, b) => string.CompareOrdinal(a.Key, b.Key)),
            Sorted(_relationships.Values, static (a, b) =>
                string.CompareOrdinal(a.FromKey, b.FromKey) is not 0 and var byFrom ? byFrom
                : string.CompareOrdinal(a.ToKey, b.ToKey) is not 0 and var byTo ? byTo
                : a.Type.CompareTo(b.Type)),
            Sorted(_links, static (a, b) => string.CompareOrdinal(a.FromKey, b.FromKey) is not 0 and var byFrom ? byFrom : string.CompareOrdinal(a.Evidence, b.Evidence)),
            Sorted(_unresolved, static (a, b) =>
                string.CompareOrdinal(a.FromKey, b.FromKey) is not 0 and var byFrom ? byFrom
                : string.CompareOrdinal(a.Reference, b.Reference) is not 0 and var byReference ? byReference
                : string.CompareOrdinal(a.Reason, b.Reason)),
            warnings);
    }

    private void Read(ManifestObject obj)
    {
        Action<ManifestObject, string>? read = (obj.Group, obj.Kind) switch
        {
            ("", "Namespace") => (o, _) => ReadNamespace(o),
            ("", "ConfigMap") => ReadConfigMap,
            ("", "ServiceAccount" or "Secret") => static (_, _) => { },
            ("", "Service") => ReadService,
            ("apps" or "extensions", "Deployment" or "StatefulSet" or "DaemonSet") or ("batch", "Job" or "CronJob") => ReadWorkload,
            ("networking.k8s.io" or "extensions", "Ingress") => ReadIngress,
            _ => null,
        };

        if (read is null)
            Warn(obj, $"kind {obj.Kind} ({obj.ApiVersion}) is not imported{(obj.Name.Length > 0 ? $": {obj.Name}" : "")}");
        else if (obj.Name.Length == 0)
            Warn(obj, $"{obj.Kind} without metadata.name is skipped");
        else
            read(obj, string.IsNullOrEmpty(obj.Namespace) ? options.DefaultNamespace : obj.Namespace);
    }

    private void ReadConfigMap(ManifestObject obj, string ns)
    {
        if (!_configMaps.TryAdd((ns, obj.Name), obj.Node["data"].Mapping()))
            Warn(obj, $"duplicate ConfigMap {ns}/{obj.Name}, the first one is kept");
    }

    private void ReadNamespace(ManifestObject obj)
    {
        var ci = new DiscoveredCi(NamespaceKey(obj.Name), CiClass.Namespace, obj.Name, new JsonObject { ["labels"] = obj.Node.At("metadata", "labels").Mapping().ToJson() })
        {
            Scope = obj.Name,
        };
        if (!Add(ci))
            Warn(obj, $"duplicate Namespace {obj.Name}, the first one is kept");
        else
            AddRelationship(ci.Key, RelationshipType.PartOf, _clusterKey);
    }

    private void ReadService(ManifestObject obj, string ns)
    {
        var spec = obj.Node["spec"];
        var selector = spec["selector"].AsMapping();
        var attributes = new JsonObject
        {
            ["type"] = spec["type"].Text ?? "ClusterIP",
            ["ports"] = spec["ports"].ToJson() ?? new JsonArray(),
            ["selector"] = selector?.ToJson() ?? new JsonObject(),
        };
        var key = ObjectKey(ns, "service", obj.Name);
        if (AddNamespaced(obj, ns, new DiscoveredCi(key, CiClass.KubernetesService, obj.Name, attributes) { Scope = ns }, RelationshipType.PartOf))
            _services[(ns.ToLowerInvariant(), obj.Name.ToLowerInvariant())] = new Service(key, selector);
    }

    private void ReadWorkload(ManifestObject obj, string ns)
    {
        var spec = obj.Node["spec"];
        var template = obj.Kind == "CronJob" ? spec["jobTemplate"]["spec"]["template"] : spec["template"];
        var podSpec = template["spec"].Mapping();
        var images = new JsonArray();
        var ports = new JsonArray();
        foreach (var container in Containers(podSpec))
        {
            if (container["image"].Text is { } image && !images.Any(i => i!.GetValue<string>() == image))
                images.Add(image);
            foreach (var port in container["ports"].Mappings())
            {
                var copy = port.ToJson();
                // "container" names the container the port belongs to; a field of that name in the manifest is no Kubernetes field.
                copy.Remove("container");
                copy.Insert(0, "container", container["name"].Text);
                ports.Add(copy);
            }
        }

        var attributes = new JsonObject
        {
            ["kind"] = obj.Kind,
            ["images"] = images,
            ["labels"] = obj.Node.At("metadata", "labels").Mapping().ToJson(),
            ["ports"] = ports,
        };
        // Kubernetes defaults replicas to 1 for the kinds that have them; DaemonSets, Jobs and CronJobs have none.
        if (obj.Kind is "Deployment" or "StatefulSet")
            attributes["replicas"] = spec["replicas"].ToJson() ?? 1;

        var key = ObjectKey(ns, obj.Kind, obj.Name);
        if (!AddNamespaced(obj, ns, new DiscoveredCi(key, CiClass.Workload, obj.Name, attributes) { Scope = ns }, RelationshipType.RunsOn))
            return;

        var workload = new Workload(key, ns, obj.Node.At("metadata", "labels").Mapping(), template["metadata"]["labels"].Mapping(), podSpec);
        _workloads.Add(workload);
        LinkAcrossSources(workload);
    }

    private void ReadIngress(ManifestObject obj, string ns)
    {
        var spec = obj.Node["spec"].Mapping();
        var hosts = spec["rules"].Mappings().Select(r => r["host"].Text).OfType<string>().Distinct();
        var attributes = new JsonObject
        {
            ["ingressClassName"] = spec["ingressClassName"].Text ?? obj.Node.At("metadata", "annotations", "kubernetes.io/ingress.class").Text,
            ["hosts"] = new JsonArray([.. hosts.Select(h => JsonValue.Create(h))]),
        };
        var key = ObjectKey(ns, "ingress", obj.Name);
        if (AddNamespaced(obj, ns, new DiscoveredCi(key, CiClass.Ingress, obj.Name, attributes) { Scope = ns }, RelationshipType.PartOf))
            _ingresses.Add(new Ingress(key, ns, spec));
    }

    private bool AddNamespaced(ManifestObject obj, string ns, DiscoveredCi ci, RelationshipType toNamespace)
    {
        if (!Add(ci))
        {
            Warn(obj, $"duplicate {obj.Kind} {ns}/{obj.Name}, the first one is kept");
            return false;
        }

        var nsKey = NamespaceKey(ns);
        if (!_items.ContainsKey(nsKey))
        {
            Add(new DiscoveredCi(nsKey, CiClass.Namespace, ns, new JsonObject { ["labels"] = new JsonObject() }) { Scope = ns });
            AddRelationship(nsKey, RelationshipType.PartOf, _clusterKey);
        }
        AddRelationship(ci.Key, toNamespace, nsKey);
        return true;
    }

    /// <summary>Workloads are indexed by (namespace, pod label, value), so matching a selector costs its candidates, not every workload.</summary>
    private void RouteServices()
    {
        var byLabel = new Dictionary<(string Namespace, string Label, string Value), List<Workload>>();
        foreach (var workload in _workloads)
            foreach (var (label, value) in workload.PodLabels.Entries)
                if (value.Text is { } text)
                {
                    var slot = (workload.Namespace.ToLowerInvariant(), label, text);
                    if (!byLabel.TryGetValue(slot, out var list))
                        byLabel[slot] = list = [];
                    list.Add(workload);
                }

        foreach (var ((ns, _), service) in _services)
        {
            if (service.Selector is not { Count: > 0 } selector)
                continue;
            var (firstLabel, firstValue) = selector.Entries[0];
            if (firstValue.Text is not { } wanted || !byLabel.TryGetValue((ns.ToLowerInvariant(), firstLabel, wanted), out var candidates))
                continue;

            string? evidence = null;
            foreach (var workload in candidates)
            {
                if (Matches(selector, workload.PodLabels))
                    AddRelationship(service.Key, RelationshipType.RoutesTo, workload.Key, evidence ??= SelectorEvidence(selector));
            }
        }
    }

    private void RouteIngresses()
    {
        foreach (var ingress in _ingresses)
        {
            foreach (var (backend, where) in Backends(ingress.Spec))
            {
                var name = backend.At("service", "name").Text ?? backend["serviceName"].Text;
                if (name is null)
                    continue;

                var port = backend.At("service", "port", "number").Text ?? backend.At("service", "port", "name").Text ?? backend["servicePort"].Text;
                var target = port is null ? name : $"{name}:{port}";
                if (_services.TryGetValue((ingress.Namespace.ToLowerInvariant(), name.ToLowerInvariant()), out var service))
                    AddRelationship(ingress.Key, RelationshipType.RoutesTo, service.Key, $"{where} → {target}");
                else
                    _unresolved.Add(new UnresolvedReference(ingress.Key, name, $"{where} → {target}: no Service {name} in namespace {ingress.Namespace}"));
            }
        }
    }

    private static IEnumerable<(ManifestMapping Backend, string Where)> Backends(ManifestMapping spec)
    {
        if ((spec["defaultBackend"].IsNull ? spec["backend"] : spec["defaultBackend"]).AsMapping() is { } defaultBackend)
            yield return (defaultBackend, "default backend");

        foreach (var rule in spec["rules"].Mappings())
        {
            foreach (var path in rule["http"]["paths"].Mappings())
            {
                if (path["backend"].AsMapping() is { } backend)
                    yield return (backend, $"rule {rule["host"].Text ?? "*"}{path["path"].Text ?? "/"}");
            }
        }
    }

    private void FindDependencies(Workload workload)
    {
        foreach (var container in Containers(workload.PodSpec))
        {
            foreach (var env in container["env"].Mappings())
            {
                var name = env["name"].Text ?? "";
                if (env["value"].Text is { } value)
                    FindServices(workload, name, value, $"env {name}={value}");
                else if (env.At("valueFrom", "configMapKeyRef").AsMapping() is { } keyRef)
                    FromConfigMapKey(workload, name, keyRef["name"].Text ?? "", keyRef["key"].Text ?? "");
            }

            foreach (var envFrom in container["envFrom"].Mappings())
            {
                if (envFrom.At("configMapRef", "name").Text is not { } mapName)
                    continue;
                if (!_configMaps.TryGetValue((workload.Namespace, mapName), out var data))
                {
                    _unresolved.Add(new UnresolvedReference(workload.Key, $"configmap/{mapName}", $"envFrom ConfigMap {mapName}: not in the input"));
                    continue;
                }

                var prefix = envFrom["prefix"].Text ?? "";
                foreach (var (key, node) in data.Entries)
                {
                    if (node.Text is { } value)
                        FindServices(workload, prefix + key, value, $"envFrom ConfigMap {mapName}: {prefix}{key}={value}");
                }
            }
        }
    }

    private void FromConfigMapKey(Workload workload, string variable, string mapName, string key)
    {
        if (!_configMaps.TryGetValue((workload.Namespace, mapName), out var data))
            _unresolved.Add(new UnresolvedReference(workload.Key, $"configmap/{mapName}", $"env {variable} from ConfigMap {mapName} key {key}: the ConfigMap is not in the input"));
        else if (data[key].Text is { } value)
            FindServices(workload, variable, value, $"env {variable}={value} (ConfigMap {mapName} key {key})");
        else
            _unresolved.Add(new UnresolvedReference(workload.Key, $"configmap/{mapName}", $"env {variable} from ConfigMap {mapName} key {key}: the ConfigMap has no such key"));
    }

    private void FindServices(Workload workload, string variable, string value, string evidence)
    {
        foreach (var reference in HostReferences.Find(value))
        {
            var address = HostReferences.ServiceOf(reference.Host);
            var ns = (address?.Namespace ?? workload.Namespace).ToLowerInvariant();
            if (address is { } a && _services.TryGetValue((ns, a.Name), out var service))
                AddRelationship(workload.Key, RelationshipType.DependsOn, service.Key, evidence);
            else if (reference.Certain)
                _unresolved.Add(new UnresolvedReference(workload.Key, reference.Host, address is { } missing
                    ? $"env {variable}={value}: no Service {missing.Name} in namespace {ns} in the input"
                    : $"env {variable}={value}: {reference.Host} is not a cluster Service name"));
        }
    }

    /// <summary>Recommended and Backstage labels name the application a workload belongs to, as other sources know it.</summary>
    private void LinkAcrossSources(Workload workload)
    {
        string? Label(string name) => workload.Labels[name].Text ?? workload.PodLabels[name].Text;

        if (Label("app.kubernetes.io/part-of") is { } system)
        {
            var x = system.ToLowerInvariant();
            _links.Add(new CrossSourceLink(workload.Key, RelationshipType.PartOf,
                [$"backstage:system:default/{x}", $"backstage:component:default/{x}", CiKeys.Service(x)], $"label app.kubernetes.io/part-of={system}"));
        }

        foreach (var label in new[] { "backstage.io/kubernetes-id", "app.kubernetes.io/name" })
        {
            if (Label(label) is not { } component)
                continue;
            var y = component.ToLowerInvariant();
            _links.Add(new CrossSourceLink(workload.Key, RelationshipType.PartOf, [$"backstage:component:default/{y}", CiKeys.Service(y)], $"label {label}={component}"));
        }
    }

    private static bool Matches(ManifestMapping selector, ManifestMapping podLabels)
    {
        foreach (var (label, wanted) in selector.Entries)
        {
            if (wanted.Text is not { } value || podLabels[label].Text != value)
                return false;
        }
        return true;
    }

    private static string SelectorEvidence(ManifestMapping selector)
    {
        var pairs = new List<string>(selector.Count);
        foreach (var (label, value) in selector.Entries)
            pairs.Add($"{label}={value.Text}");
        return "selector " + string.Join(",", pairs);
    }

    private static IEnumerable<ManifestMapping> Containers(ManifestMapping podSpec) =>
        podSpec["containers"].Mappings().Concat(podSpec["initContainers"].Mappings());

    private static List<T> Sorted<T>(IEnumerable<T> items, Comparison<T> comparison)
    {
        var list = items.ToList();
        list.Sort(comparison);
        return list;
    }

    private string NamespaceKey(string ns)
    {
        if (!_namespaceKeys.TryGetValue(ns, out var key))
            _namespaceKeys[ns] = key = $"{_clusterKey}/{ns.ToLowerInvariant()}";
        return key;
    }

    private string ObjectKey(string ns, string kind, string name) => $"{NamespaceKey(ns)}/{kind}/{name}".ToLowerInvariant();

    private bool Add(DiscoveredCi ci) => _items.TryAdd(ci.Key, ci);

    private void AddRelationship(string from, RelationshipType type, string to, string? evidence = null) =>
        _relationships.TryAdd((from, type, to), new DiscoveredRelationship(from, type, to) { Evidence = evidence });

    private void Warn(ManifestObject obj, string message) =>
        warnings.Add(new DiscoveryWarning(obj.Document, obj.Location.Length == 0 ? message : $"{obj.Location}: {message}"));

}
