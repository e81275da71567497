using System.Text.Json.Nodes;

namespace Guardrail.Core.Cmdb.Discovery;

/// <summary>
/// A configuration item as one source describes it. <see cref="Key"/> is the CI's identity, built by the
/// source's identity rules so that re-reading the same object gives the same key, and so that two sources
/// describing the same thing (a repository seen by Git and by Backstage) agree on it.
/// </summary>
/// <param name="Key">Stable identity, e.g. <c>k8s/default/deployment/checkoutservice</c>, <c>tf/module.vpc.aws_subnet.a["x"]</c>.</param>
/// <param name="Class">What kind of item it is.</param>
/// <param name="Name">The name people use.</param>
/// <param name="Attributes">Everything else the source knows, as JSON (labels, image, provider type, …).</param>
public sealed record DiscoveredCi(string Key, CiClass Class, string Name, JsonObject Attributes)
{
    /// <summary>The Kubernetes namespace, Terraform module, Backstage namespace… where the source has one.</summary>
    public string? Scope { get; init; }
}

/// <summary>A relationship between two CIs of the same discovery result, by key.</summary>
public sealed record DiscoveredRelationship(string FromKey, RelationshipType Type, string ToKey)
{
    /// <summary>Why the source says so, shown to people (e.g. "env PRODUCT_CATALOG_SERVICE_ADDR=productcatalogservice:3550").</summary>
    public string? Evidence { get; init; }
}

/// <summary>
/// A reference the source makes to something it does not describe (a host name that names no Service, a
/// Terraform dependency on a resource not in the state). It is recorded, never turned into a CI.
/// </summary>
public sealed record UnresolvedReference(string FromKey, string Reference, string Reason);

/// <summary>
/// A link to something another source (or the service catalogue) describes: a Kubernetes workload labelled
/// <c>app.kubernetes.io/part-of: shop</c>, a Backstage component annotated with its GitHub repository. Links are
/// resolved when the result is reconciled with the CMDB: to the first candidate key that exists there, else
/// they are recorded as unresolved. A candidate <c>service:KEY</c> names a service of the service catalogue,
/// which the CI then belongs to.
/// </summary>
public sealed record CrossSourceLink(string FromKey, RelationshipType Type, IReadOnlyList<string> CandidateKeys, string Evidence);

/// <summary>A problem with one input document that did not stop the others from being read.</summary>
public sealed record DiscoveryWarning(string Document, string Message);

/// <summary>Everything one run of an adapter found. Keys are unique within <see cref="Items"/>.</summary>
public sealed record DiscoveryResult(
    string Source,
    IReadOnlyList<DiscoveredCi> Items,
    IReadOnlyList<DiscoveredRelationship> Relationships,
    IReadOnlyList<CrossSourceLink> Links,
    IReadOnlyList<UnresolvedReference> Unresolved,
    IReadOnlyList<DiscoveryWarning> Warnings);

/// <summary>One input document: its name (a path, for messages) and its text.</summary>
public sealed record SourceDocument(string Name, string Content);

/// <summary>An input that cannot be read at all (not YAML/JSON, a state of another format version…): nothing is imported.</summary>
public sealed class DiscoveryException(string document, string message, int? line = null, int? column = null)
    : Exception(line is null ? $"{document}: {message}" : $"{document}:{line}:{column}: {message}")
{
    public string Document { get; } = document;

    public int? Line { get; } = line;

    public int? Column { get; } = column;
}

/// <summary>Identity rules shared by every source: keys are lower-case and made of the source's own names.</summary>
public static class CiKeys
{
    public static string Service(string serviceKey) => $"service:{serviceKey}";

    /// <summary>A repository, whoever describes it: <c>repo:github.com/acme/payments</c> from a Git remote or a Backstage annotation.</summary>
    public static string Repository(string hostAndPath) => $"repo:{hostAndPath.Trim('/').ToLowerInvariant()}";
}
