using System.Text.RegularExpressions;

namespace Guardrail.Core.Cmdb.Discovery.Kubernetes;

/// <summary>
/// A host named in a configuration value. <see cref="Certain"/> when the value can only be an address (host:port,
/// a URL, a <c>*.svc</c> or <c>*.svc.cluster.local</c> name); a bare <c>name.namespace</c> only counts when it names a Service.
/// </summary>
internal readonly record struct HostReference(string Host, bool Certain);

/// <summary>A Service as a cluster DNS name addresses it; a null namespace means the caller's own.</summary>
internal readonly record struct ServiceAddress(string Name, string? Namespace);

internal static partial class HostReferences
{
    public static IEnumerable<HostReference> Find(string value)
    {
        foreach (var token in value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var url = UrlPattern().Match(token);
            var parts = url.Success ? url.Groups["authority"].Value.Split(',') : token.Split(',');
            foreach (var part in parts)
            {
                if (Parse(part, url.Success) is { } reference && !IsLocal(reference.Host))
                    yield return reference;
            }
        }
    }

    /// <summary>The Service a host names in cluster DNS, or null for a name outside the cluster's service domain.</summary>
    public static ServiceAddress? ServiceOf(string host)
    {
        var labels = host.ToLowerInvariant().Split('.');
        return labels switch
        {
            [var name] => new ServiceAddress(name, null),
            [var name, var ns] => new ServiceAddress(name, ns),
            [var name, var ns, "svc"] => new ServiceAddress(name, ns),
            [var name, var ns, "svc", "cluster", "local"] => new ServiceAddress(name, ns),
            _ => null,
        };
    }

    private static HostReference? Parse(string part, bool inUrl)
    {
        var hostPort = HostPortPattern().Match(part);
        var host = hostPort.Success ? hostPort.Groups["host"].Value : part;
        if (!IsHost(host))
            return null;
        if (hostPort.Success || inUrl)
            return new HostReference(host, true);

        var lower = host.ToLowerInvariant();
        if (lower.EndsWith(".svc", StringComparison.Ordinal) || lower.EndsWith(".svc.cluster.local", StringComparison.Ordinal))
            return new HostReference(host, true);

        return host.Count(c => c == '.') == 1 ? new HostReference(host, false) : null;
    }

    private static bool IsHost(string text) => HostNamePattern().IsMatch(text) || IPv4Pattern().IsMatch(text);

    private static bool IsLocal(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.StartsWith("127.", StringComparison.Ordinal) || host == "0.0.0.0";

    /// <summary>scheme://[user[:password]@]authority — the scheme may be compound, as in <c>jdbc:mysql://</c>.</summary>
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]*(?::[A-Za-z][A-Za-z0-9+.\-]*)*://(?:[^/?#]*@)?(?<authority>[^/?#]*)")]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"^(?<host>[^:/\[\]]+):(?<port>[0-9]{1,5})$")]
    private static partial Regex HostPortPattern();

    /// <summary>DNS labels, with at least one letter somewhere so that numbers and versions ("1.5", "16:9") are not hosts.</summary>
    [GeneratedRegex(@"^(?=.*[A-Za-z])[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$")]
    private static partial Regex HostNamePattern();

    [GeneratedRegex(@"^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$")]
    private static partial Regex IPv4Pattern();
}
