using System.Text.Json.Nodes;

namespace Guardrail.Core.Cmdb.Discovery.Terraform;

/// <summary>Turns the instances of each document into CIs and relationships, and the whole into a sorted result.</summary>
internal sealed class TerraformResultBuilder(string workspace)
{
    private const string NotInState = "the resource is not in the state";

    private readonly Dictionary<string, (DiscoveredCi Ci, string Document)> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), DiscoveredRelationship> _relationships = [];
    private readonly HashSet<UnresolvedReference> _unresolved = [];
    private readonly List<DiscoveryWarning> _warnings = [];

    public void Add(string document, List<TerraformInstance> instances, List<DiscoveryWarning> warnings)
    {
        _warnings.AddRange(warnings);

        // Dependencies name resources by configuration address; each stands for every instance of that resource.
        var byConfigAddress = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var keys = new List<string>(instances.Count);
        foreach (var instance in instances)
        {
            var key = Key(instance.Address);
            keys.Add(key);
            if (!byConfigAddress.TryGetValue(instance.ConfigAddress, out var resourceKeys))
            {
                byConfigAddress[instance.ConfigAddress] = resourceKeys = [];
            }
            resourceKeys.Add(key);
            if (_items.TryGetValue(key, out var first))
            {
                _warnings.Add(new DiscoveryWarning(document, $"{instance.Address} is also in {first.Document}; kept that one"));
                continue;
            }
            _items[key] = (ToCi(key, instance), document);
        }

        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < instances.Count; i++)
        {
            var instance = instances[i];
            foreach (var dependency in instance.Dependencies.Distinct(StringComparer.Ordinal))
            {
                var target = TerraformAddress.WithoutKeys(dependency);
                if (TerraformAddress.IsDataSource(target))
                {
                    continue;
                }
                if (!byConfigAddress.TryGetValue(target, out var targetKeys))
                {
                    _unresolved.Add(new UnresolvedReference(keys[i], dependency, NotInState));
                    continue;
                }
                foreach (var targetKey in targetKeys)
                {
                    if (_relationships.TryAdd(
                            (keys[i], targetKey),
                            new DiscoveredRelationship(keys[i], RelationshipType.DependsOn, targetKey)
                            {
                                Evidence = $"{instance.DependencyField} of {instance.Address}: {dependency}",
                            }))
                    {
                        if (!edges.TryGetValue(keys[i], out var next))
                        {
                            edges[keys[i]] = next = [];
                        }
                        next.Add(targetKey);
                    }
                }
            }
        }

        if (DependencyCycles.FindOne(edges) is { } cycle)
        {
            _warnings.Add(new DiscoveryWarning(document, $"dependency cycle: {string.Join(" -> ", cycle)}"));
        }
    }

    public DiscoveryResult Build() => new(
        TerraformDiscovery.Source,
        [.. _items.Values.Select(item => item.Ci).OrderBy(ci => ci.Key, StringComparer.Ordinal)],
        [.. _relationships.Values.OrderBy(r => r.FromKey, StringComparer.Ordinal).ThenBy(r => r.ToKey, StringComparer.Ordinal)],
        [],
        [.. _unresolved.OrderBy(u => u.FromKey, StringComparer.Ordinal).ThenBy(u => u.Reference, StringComparer.Ordinal)],
        _warnings);

    private string Key(string address) => $"tf:{workspace}/{address}".ToLowerInvariant();

    private DiscoveredCi ToCi(string key, TerraformInstance instance)
    {
        var attributes = new JsonObject
        {
            ["address"] = instance.Address,
            ["workspace"] = workspace,
            ["mode"] = "managed",
            ["type"] = instance.Type,
            ["name"] = instance.Name,
            ["module"] = instance.Module,
            ["provider"] = instance.Provider.Name,
        };
        if (instance.Provider.Source is { } source)
        {
            attributes["providerSource"] = source;
        }
        if (instance.Provider.Alias is { } alias)
        {
            attributes["providerAlias"] = alias;
        }
        if (instance.IndexKey is { } indexKey)
        {
            attributes["indexKey"] = indexKey;
        }
        attributes["values"] = instance.Values;
        return new DiscoveredCi(key, TerraformResourceClasses.Of(instance.Type), instance.Address, attributes)
        {
            Scope = instance.Module,
        };
    }
}
