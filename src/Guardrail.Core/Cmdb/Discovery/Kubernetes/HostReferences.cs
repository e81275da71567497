using System.Buffers;
using System.Text.RegularExpressions;

namespace Guardrail.Core.Cmdb.Discovery.Kubernetes;

/// <summary>
/// A host named in a configuration value. <see cref="Certain"/> when the value can only be an address (host:port,
/// a URL, a <c>*.svc</c> or <c>*.svc.cluster.local</c> name); a bare <c>name.namespace</c> only counts when it names a Service.
/// </summary>
internal readonly record struct HostReference(string Host, bool Certain);

/// <summary>A Service as a cluster DNS name addresses it; a null namespace means the caller's own.</summary>
internal readonly record struct ServiceAddress(string Name, string? Namespace);

/// <remarks>Works on spans: discovery looks at every environment value of every container, and allocates only the hosts it finds.</remarks>
internal static partial class HostReferences
{
    /// <summary>What <see cref="string.Split(char[])"/> splits on when given no separators.</summary>
    private static readonly SearchValues<char> Whitespace = SearchValues.Create([.. Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(char.IsWhiteSpace)]);

    public static List<HostReference> Find(string value)
    {
        var found = new List<HostReference>();
        var rest = value.AsSpan();
        while (true)
        {
            var start = rest.IndexOfAnyExcept(Whitespace);
            if (start < 0)
                break;
            rest = rest[start..];
            var end = rest.IndexOfAny(Whitespace);
            var token = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[end..];

            var scheme = UrlPattern().EnumerateMatches(token);
            var inUrl = scheme.MoveNext();
            if (inUrl)
            {
                token = token[scheme.Current.Length..];
                var authorityEnd = token.IndexOfAny("/?#");
                token = authorityEnd < 0 ? token : token[..authorityEnd];
            }
            foreach (var range in token.Split(','))
            {
                if (Parse(token[range], inUrl) is { } reference && !IsLocal(reference.Host))
                    found.Add(reference);
            }
        }
        return found;
    }

    /// <summary>The Service a host names in cluster DNS, or null for a name outside the cluster's service domain.</summary>
    public static ServiceAddress? ServiceOf(string host)
    {
        var lower = host.ToLowerInvariant();
        Span<Range> labels = stackalloc Range[6];
        return lower.AsSpan().Split(labels, '.') switch
        {
            1 => new ServiceAddress(lower, null),
            2 => new ServiceAddress(lower[labels[0]], lower[labels[1]]),
            3 when lower.AsSpan()[labels[2]] is "svc" => new ServiceAddress(lower[labels[0]], lower[labels[1]]),
            5 when lower.AsSpan()[labels[2]] is "svc" && lower.AsSpan()[labels[3]] is "cluster" && lower.AsSpan()[labels[4]] is "local" =>
                new ServiceAddress(lower[labels[0]], lower[labels[1]]),
            _ => null,
        };
    }

    private static HostReference? Parse(ReadOnlySpan<char> part, bool inUrl)
    {
        var isHostPort = HostPortPattern().IsMatch(part);
        var host = isHostPort ? part[..part.IndexOf(':')] : part;
        if (!IsHost(host))
            return null;
        if (isHostPort || inUrl)
            return new HostReference(host.ToString(), true);

        // Host names are ASCII (see HostNamePattern), so ignoring case ordinally is the same as lower-casing first.
        if (host.EndsWith(".svc", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".svc.cluster.local", StringComparison.OrdinalIgnoreCase))
            return new HostReference(host.ToString(), true);

        return host.Count('.') == 1 ? new HostReference(host.ToString(), false) : null;
    }

    private static bool IsHost(ReadOnlySpan<char> text) => HostNamePattern().IsMatch(text) || IPv4Pattern().IsMatch(text);

    private static bool IsLocal(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.StartsWith("127.", StringComparison.Ordinal) || host == "0.0.0.0";

    /// <summary>scheme://[user[:password]@] before a URL's authority — the scheme may be compound, as in <c>jdbc:mysql://</c>.</summary>
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]*(?::[A-Za-z][A-Za-z0-9+.\-]*)*://(?:[^/?#]*@)?")]
    private static partial Regex UrlPattern();

    /// <summary>host:port, the host being everything before the only colon.</summary>
    [GeneratedRegex(@"^[^:/\[\]]+:[0-9]{1,5}$")]
    private static partial Regex HostPortPattern();

    /// <summary>DNS labels, with at least one letter somewhere so that numbers and versions ("1.5", "16:9") are not hosts.</summary>
    [GeneratedRegex(@"^(?=.*[A-Za-z])[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$")]
    private static partial Regex HostNamePattern();

    [GeneratedRegex(@"^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$")]
    private static partial Regex IPv4Pattern();
}
