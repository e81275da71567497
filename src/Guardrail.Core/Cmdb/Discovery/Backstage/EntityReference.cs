namespace Guardrail.Core.Cmdb.Discovery.Backstage;

/// <summary>A Backstage entity reference, <c>[kind:][namespace/]name</c>, with its parts lower-cased as keys compare.</summary>
internal sealed record EntityReference(string Kind, string Namespace, string Name)
{
    /// <summary>
    /// Reads a reference the way Backstage's <c>parseEntityRef</c> does: the kind is what comes before the first ':',
    /// the namespace what comes before the first '/' after it. A missing kind takes <paramref name="defaultKind"/>
    /// (null when the field has none: the reference is then invalid), a missing namespace the referring entity's.
    /// </summary>
    public static EntityReference? Parse(string reference, string? defaultKind, string defaultNamespace)
    {
        var rest = reference.Trim();
        var kind = defaultKind;
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            kind = rest[..colon];
            rest = rest[(colon + 1)..];
        }

        var @namespace = defaultNamespace;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            @namespace = rest[..slash];
            rest = rest[(slash + 1)..];
        }

        if (string.IsNullOrWhiteSpace(kind) || string.IsNullOrWhiteSpace(@namespace) || string.IsNullOrWhiteSpace(rest)
            || rest.Contains(':', StringComparison.Ordinal) || rest.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        return new EntityReference(kind.ToLowerInvariant(), @namespace.ToLowerInvariant(), rest.ToLowerInvariant());
    }

    public override string ToString() => $"{Kind}:{Namespace}/{Name}";
}
