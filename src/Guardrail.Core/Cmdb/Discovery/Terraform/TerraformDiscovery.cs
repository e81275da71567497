using System.Text.Json;

namespace Guardrail.Core.Cmdb.Discovery.Terraform;

public sealed record TerraformDiscoveryOptions
{
    /// <summary>The workspace the states belong to. It is part of every key: one address in two workspaces is two CIs.</summary>
    public string Workspace { get; init; } = "default";
}

/// <summary>
/// Discovers the managed resources of Terraform (or OpenTofu) states. Each document is either a raw state
/// (<c>terraform.tfstate</c>, format version 4) or <c>terraform show -json</c> output of a state or a plan; the format
/// is recognised by content. Each resource instance is one CI keyed <c>tf:{workspace}/{address}</c>, scoped by its
/// module; recorded dependencies become <see cref="RelationshipType.DependsOn"/> relationships. Data sources are not CIs.
/// </summary>
public static class TerraformDiscovery
{
    public const string Source = "terraform";

    // States nest resource attributes deeper than System.Text.Json's default limit of 64 allows for.
    private static readonly JsonDocumentOptions _json = new() { MaxDepth = 512 };

    public static DiscoveryResult Discover(IEnumerable<SourceDocument> documents, TerraformDiscoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var result = new TerraformResultBuilder(Workspace(options));
        foreach (var document in documents)
        {
            using var json = Parse(document.Name, () => JsonDocument.Parse(document.Content, _json));
            Read(document.Name, json.RootElement, result);
        }
        return result.Build();
    }

    /// <summary>One document read from UTF-8 bytes, without first turning a state of hundreds of megabytes into a string.</summary>
    public static DiscoveryResult Discover(Stream utf8Json, string documentName, TerraformDiscoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        var result = new TerraformResultBuilder(Workspace(options));
        using var json = Parse(documentName, () => JsonDocument.Parse(utf8Json, _json));
        Read(documentName, json.RootElement, result);
        return result.Build();
    }

    private static string Workspace(TerraformDiscoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Workspace, nameof(options));
        return options.Workspace;
    }

    private static JsonDocument Parse(string document, Func<JsonDocument> parse)
    {
        try
        {
            return parse();
        }
        catch (JsonException e)
        {
            // System.Text.Json counts from 0; editors and people count from 1.
            throw new DiscoveryException(
                document, "not valid JSON", (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
        }
    }

    private static void Read(string document, JsonElement root, TerraformResultBuilder result)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new DiscoveryException(document, $"a Terraform state is a JSON object, not {root.ValueKind}");
        }
        var warnings = new List<DiscoveryWarning>();
        var instances = root.TryGetProperty("format_version", out _)
            ? TerraformShowJsonReader.Read(document, root, warnings)
            : root.TryGetProperty("version", out _)
                ? TerraformStateReader.Read(document, root)
                : throw new DiscoveryException(
                    document, "neither a Terraform state (no \"version\") nor terraform show -json output (no \"format_version\")");
        result.Add(document, instances, warnings);
    }
}
