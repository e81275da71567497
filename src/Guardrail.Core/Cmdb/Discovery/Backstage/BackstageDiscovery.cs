using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Guardrail.Core.Cmdb.Discovery.Backstage;

/// <summary>
/// Reads Backstage catalog entity files (catalog-info.yaml and the like) into CIs: Components, APIs, Resources,
/// Systems, Domains, Groups and Users, with the relationships their spec fields state.
/// </summary>
public static class BackstageDiscovery
{
    public const string SourceName = "backstage";

    private static readonly HashSet<string> _apiVersions = ["backstage.io/v1alpha1", "backstage.io/v1beta1"];

    /// <summary>
    /// Resource types read as queues: a type is split at '-', '_', '.' and spaces, and any of these words makes it a
    /// queue ("queue", "kafka-topic", "sqs", "message_queue", "pubsub").
    /// </summary>
    private static readonly HashSet<string> _queueWords = ["queue", "topic", "kafka", "sqs", "pubsub", "rabbitmq", "amqp"];

    private static readonly (string Annotation, string Host)[] _projectSlugAnnotations =
    [
        ("github.com/project-slug", "github.com"),
        ("gitlab.com/project-slug", "gitlab.com"),
    ];

    private static readonly string[] _repositoryPathEnds = ["/-/tree/", "/-/blob/", "/tree/", "/blob/"];

    /// <summary>The spec fields that reference other entities, per kind, with the kind a reference defaults to.</summary>
    private static readonly ReferenceField[] _referenceFields =
    [
        new("owner", RelationshipType.OwnedBy, "group", ["component", "api", "resource", "system", "domain"]),
        new("system", RelationshipType.PartOf, "system", ["component", "api", "resource"]),
        new("domain", RelationshipType.PartOf, "domain", ["system"]),
        new("subdomainOf", RelationshipType.PartOf, "domain", ["domain"]),
        new("subcomponentOf", RelationshipType.PartOf, "component", ["component"]),
        new("dependsOn", RelationshipType.DependsOn, null, ["component", "resource"]),
        new("providesApis", RelationshipType.ProvidesApi, "api", ["component"]),
        new("consumesApis", RelationshipType.ConsumesApi, "api", ["component"]),
        new("parent", RelationshipType.PartOf, "group", ["group"]),
        new("memberOf", RelationshipType.PartOf, "group", ["user"]),
    ];

    public static DiscoveryResult Discover(IEnumerable<SourceDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);

        var warnings = new List<DiscoveryWarning>();
        var entities = new Dictionary<string, Entity>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            foreach (var root in Load(document))
            {
                var entity = ReadEntity(document.Name, root, warnings);
                if (entity is null)
                {
                    continue;
                }

                if (entities.TryGetValue(entity.Key, out var first))
                {
                    warnings.Add(new DiscoveryWarning(document.Name,
                        $"{entity.Key} is also defined in {first.Document}; the first definition is kept"));
                    continue;
                }

                entities.Add(entity.Key, entity);
            }
        }

        var items = new List<DiscoveredCi>();
        var relationships = new HashSet<DiscoveredRelationship>();
        var links = new List<CrossSourceLink>();
        var unresolved = new HashSet<UnresolvedReference>();
        foreach (var entity in entities.Values)
        {
            items.Add(ToCi(entity));
            AddReferences(entity, entities, relationships, unresolved);
            AddLinks(entity, links);
        }

        return new DiscoveryResult(
            SourceName,
            [.. items.OrderBy(i => i.Key, StringComparer.Ordinal)],
            [.. relationships.OrderBy(r => r.FromKey, StringComparer.Ordinal).ThenBy(r => r.Type).ThenBy(r => r.ToKey, StringComparer.Ordinal)],
            [.. links.OrderBy(l => l.FromKey, StringComparer.Ordinal).ThenBy(l => l.Type)],
            [.. unresolved.OrderBy(u => u.FromKey, StringComparer.Ordinal).ThenBy(u => u.Reference, StringComparer.Ordinal).ThenBy(u => u.Reason, StringComparer.Ordinal)],
            warnings);
    }

    /// <summary>The key of a Backstage entity: <c>backstage:component:default/artist-lookup</c>.</summary>
    public static string Key(string kind, string @namespace, string name) =>
        $"backstage:{kind}:{@namespace}/{name}".ToLowerInvariant();

    private static IEnumerable<YamlNode> Load(SourceDocument document)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(document.Content));
        }
        catch (YamlException e)
        {
            throw new DiscoveryException(document.Name, e.Message, (int)e.Start.Line, (int)e.Start.Column);
        }

        return stream.Documents.Select(d => d.RootNode);
    }

    private static Entity? ReadEntity(string document, YamlNode root, List<DiscoveryWarning> warnings)
    {
        if (root is YamlScalarNode scalar && Text(scalar) is null)
        {
            return null;
        }

        if (root is not YamlMappingNode mapping)
        {
            warnings.Add(new DiscoveryWarning(document, $"line {root.Start.Line}: a catalog entity must be a mapping"));
            return null;
        }

        var apiVersion = Text(Child(mapping, "apiVersion"));
        var kind = Text(Child(mapping, "kind"));
        var metadata = Child(mapping, "metadata") as YamlMappingNode;
        var name = Text(Child(metadata, "name"));
        if (kind is null || name is null)
        {
            warnings.Add(new DiscoveryWarning(document, $"line {root.Start.Line}: an entity needs a kind and a metadata.name"));
            return null;
        }

        if (apiVersion is null || !_apiVersions.Contains(apiVersion))
        {
            warnings.Add(new DiscoveryWarning(document,
                $"{kind} {name}: apiVersion '{apiVersion}' is not a Backstage catalog entity version"));
            return null;
        }

        var lowerKind = kind.ToLowerInvariant();
        if (lowerKind == "location")
        {
            return null;
        }

        var spec = Child(mapping, "spec") as YamlMappingNode;
        CiClass? ciClass = lowerKind switch
        {
            "component" => CiClass.TechnicalService,
            "api" => CiClass.Api,
            "resource" => ResourceClass(Text(Child(spec, "type"))),
            "system" => CiClass.System,
            "domain" => CiClass.Domain,
            "group" => CiClass.Team,
            "user" => CiClass.Person,
            _ => null,
        };
        if (ciClass is null)
        {
            warnings.Add(new DiscoveryWarning(document, $"{kind} {name}: kind {kind} is not imported"));
            return null;
        }

        var @namespace = (Text(Child(metadata, "namespace")) ?? "default").ToLowerInvariant();
        return new Entity(document, Key(lowerKind, @namespace, name), lowerKind, @namespace, name, ciClass.Value, metadata!, spec);
    }

    private static CiClass ResourceClass(string? type)
    {
        if (string.Equals(type, "database", StringComparison.OrdinalIgnoreCase))
        {
            return CiClass.Database;
        }

        var words = (type ?? "").ToLowerInvariant().Split(['-', '_', '.', ' '], StringSplitOptions.RemoveEmptyEntries);
        return words.Any(_queueWords.Contains) ? CiClass.Queue : CiClass.CloudResource;
    }

    private static DiscoveredCi ToCi(Entity entity)
    {
        var attributes = new JsonObject { ["kind"] = entity.Kind };
        Copy(entity.Metadata, "description", attributes);
        Copy(entity.Spec, "type", attributes);
        Copy(entity.Spec, "lifecycle", attributes);
        Copy(entity.Metadata, "tags", attributes);
        Copy(entity.Metadata, "labels", attributes);
        Copy(entity.Metadata, "annotations", attributes);
        Copy(entity.Spec, "profile", attributes);

        var profile = Child(entity.Spec, "profile") as YamlMappingNode;
        var name = Text(Child(entity.Metadata, "title")) ?? Text(Child(profile, "displayName")) ?? entity.Name;
        return new DiscoveredCi(entity.Key, entity.Class, name, attributes) { Scope = entity.Namespace };
    }

    private static void AddReferences(
        Entity entity,
        Dictionary<string, Entity> entities,
        HashSet<DiscoveredRelationship> relationships,
        HashSet<UnresolvedReference> unresolved)
    {
        foreach (var field in _referenceFields.Where(f => f.Kinds.Contains(entity.Kind)))
        {
            var value = Child(entity.Spec, field.Name);
            var references = value switch
            {
                YamlSequenceNode sequence => sequence.Children,
                null => [],
                _ => [value],
            };
            foreach (var node in references)
            {
                var raw = Text(node as YamlScalarNode);
                if (raw is null)
                {
                    unresolved.Add(new UnresolvedReference(entity.Key, node.ToString(),
                        $"spec.{field.Name}: an entity reference must be a string"));
                    continue;
                }

                var reference = EntityReference.Parse(raw, field.DefaultKind, entity.Namespace);
                if (reference is null)
                {
                    var reason = field.DefaultKind is null && !raw.Contains(':', StringComparison.Ordinal)
                        ? $"spec.{field.Name}: '{raw}' has no kind; this field needs one, e.g. resource:{raw}"
                        : $"spec.{field.Name}: '{raw}' is not an entity reference [kind:][namespace/]name";
                    unresolved.Add(new UnresolvedReference(entity.Key, raw, reason));
                    continue;
                }

                var targetKey = Key(reference.Kind, reference.Namespace, reference.Name);
                if (entities.ContainsKey(targetKey))
                {
                    relationships.Add(new DiscoveredRelationship(entity.Key, field.Type, targetKey)
                    {
                        Evidence = $"spec.{field.Name}: {raw}",
                    });
                }
                else
                {
                    unresolved.Add(new UnresolvedReference(entity.Key, reference.ToString(),
                        $"spec.{field.Name}: no {reference.Kind} {reference.Namespace}/{reference.Name} in the catalog files read"));
                }
            }
        }
    }

    private static void AddLinks(Entity entity, List<CrossSourceLink> links)
    {
        var annotations = Child(entity.Metadata, "annotations") as YamlMappingNode;
        var repositories = new List<string>();
        var evidence = new List<string>();
        foreach (var (annotation, host) in _projectSlugAnnotations)
        {
            if (Text(Child(annotations, annotation)) is { } slug)
            {
                repositories.Add(CiKeys.Repository($"{host}/{slug}"));
                evidence.Add($"{annotation}: {slug}");
            }
        }

        if (Text(Child(annotations, "backstage.io/source-location")) is { } location
            && SourceLocationRepository(location) is { } repository)
        {
            repositories.Add(CiKeys.Repository(repository));
            evidence.Add($"backstage.io/source-location: {location}");
        }

        if (repositories.Count > 0)
        {
            // Annotations that disagree become alternative candidates: the first that the CMDB knows wins.
            links.Add(new CrossSourceLink(entity.Key, RelationshipType.BuiltFrom, [.. repositories.Distinct()], string.Join("; ", evidence)));
        }

        if (entity.Kind == "component")
        {
            links.Add(new CrossSourceLink(entity.Key, RelationshipType.PartOf, [CiKeys.Service(entity.Name.ToLowerInvariant())],
                $"component {entity.Name} belongs to the catalogue service of the same name"));
        }
    }

    /// <summary>
    /// The repository of a <c>url:https://github.com/org/repo/tree/main/svc</c> location, as host/path; null for
    /// locations that name no hosted repository (<c>file:</c> targets, bare hosts).
    /// </summary>
    internal static string? SourceLocationRepository(string location)
    {
        const string prefix = "url:";
        if (!location.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            || !Uri.TryCreate(location[prefix.Length..].Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var path = uri.AbsolutePath;
        foreach (var marker in _repositoryPathEnds)
        {
            var at = path.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                path = path[..at];
            }
        }

        path = path.Trim('/');
        if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^4];
        }

        return path.Length == 0 ? null : $"{uri.Host}/{path}";
    }

    private static YamlNode? Child(YamlMappingNode? mapping, string key) =>
        mapping is not null && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>The text of a scalar; null for anything else and for YAML's empty and null scalars.</summary>
    private static string? Text(YamlNode? node) => node switch
    {
        YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" } => null,
        YamlScalarNode { Value: { } value } when value.Trim().Length > 0 => value.Trim(),
        _ => null,
    };

    private static void Copy(YamlMappingNode? from, string key, JsonObject to)
    {
        if (Child(from, key) is { } node && ToJson(node) is { } json)
        {
            to[key] = json;
        }
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children
            .Select(c => KeyValuePair.Create(c.Key.ToString(), ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        _ => Text(node) is { } text ? JsonValue.Create(text) : null,
    };

    private sealed record Entity(
        string Document,
        string Key,
        string Kind,
        string Namespace,
        string Name,
        CiClass Class,
        YamlMappingNode Metadata,
        YamlMappingNode? Spec);

    private sealed record ReferenceField(string Name, RelationshipType Type, string? DefaultKind, string[] Kinds);
}
