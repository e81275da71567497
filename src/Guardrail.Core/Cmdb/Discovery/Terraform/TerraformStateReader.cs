using System.Text.Json;

namespace Guardrail.Core.Cmdb.Discovery.Terraform;

/// <summary>A raw state file (<c>terraform.tfstate</c>, <c>terraform state pull</c>), format version 4.</summary>
internal static class TerraformStateReader
{
    public const int SupportedVersion = 4;

    public static List<TerraformInstance> Read(string document, JsonElement root)
    {
        var version = root.GetProperty("version");
        if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != SupportedVersion)
        {
            throw new DiscoveryException(
                document,
                $"Terraform state format version {version.GetRawText()} is not supported; only version {SupportedVersion} (Terraform 0.12 and later) is");
        }

        var instances = new List<TerraformInstance>();
        if (TerraformJson.OptionalArray(root, "resources", document, "the state") is not { } resources)
        {
            return instances;
        }
        foreach (var resource in resources)
        {
            var type = TerraformJson.RequiredString(resource, "type", document, "a resource");
            var name = TerraformJson.RequiredString(resource, "name", document, $"resource {type}");
            var module = TerraformJson.OptionalString(resource, "module", document, $"resource {type}.{name}") ?? "";
            var resourceAddress = (module.Length == 0 ? "" : module + ".") + type + "." + name;
            if (TerraformJson.OptionalString(resource, "mode", document, resourceAddress) != "managed")
            {
                continue;
            }
            var provider = TerraformProvider.FromStateAddress(
                TerraformJson.OptionalString(resource, "provider", document, resourceAddress) ?? "");
            if (TerraformJson.OptionalArray(resource, "instances", document, resourceAddress) is not { } resourceInstances)
            {
                continue;
            }
            foreach (var instance in resourceInstances)
            {
                TerraformJson.RequireObject(instance, document, $"an instance of {resourceAddress}");
                var hasKey = instance.TryGetProperty("index_key", out var key) && key.ValueKind != JsonValueKind.Null;
                var address = hasKey ? resourceAddress + TerraformAddress.FormatKey(key) : resourceAddress;
                // States upgraded from Terraform 0.11 keep flat string attributes until the provider rewrites them.
                var values = instance.TryGetProperty("attributes", out var attributes) ? attributes
                    : instance.TryGetProperty("attributes_flat", out var flat) ? flat
                    : default;
                var sensitive = SensitiveAttributes(instance);

                // Terraform 0.12 wrote explicit depends_on beside the inferred dependencies; later versions merge them.
                var dependencies = TerraformJson.Strings(instance, "dependencies", document, address);
                dependencies.AddRange(TerraformJson.Strings(instance, "depends_on", document, address));

                instances.Add(new TerraformInstance(
                    address,
                    module,
                    type,
                    name,
                    hasKey ? TerraformJson.ToNode(key) : null,
                    provider,
                    TerraformJson.Curate(values, attribute => sensitive is null || sensitive.Contains(attribute)),
                    dependencies,
                    "dependencies"));
            }
        }
        return instances;
    }

    /// <summary>
    /// The top-level attributes that <c>sensitive_attributes</c> marks, wholly or in part (a path
    /// <c>[{"type":"get_attr","value":"tags"},{"type":"index",…}]</c> marks <c>tags</c>). Null when a path has a shape
    /// this reader does not know: then every attribute is treated as sensitive, since guessing could leak a secret.
    /// </summary>
    private static HashSet<string>? SensitiveAttributes(JsonElement instance)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (!instance.TryGetProperty("sensitive_attributes", out var paths) || paths.ValueKind == JsonValueKind.Null)
        {
            return names;
        }
        if (paths.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        foreach (var path in paths.EnumerateArray())
        {
            if (path.ValueKind != JsonValueKind.Array
                || path.GetArrayLength() == 0
                || path[0].ValueKind != JsonValueKind.Object
                || !path[0].TryGetProperty("type", out var stepType) || stepType.ValueKind != JsonValueKind.String
                || stepType.GetString() != "get_attr"
                || !path[0].TryGetProperty("value", out var attribute) || attribute.ValueKind != JsonValueKind.String)
            {
                return null;
            }
            names.Add(attribute.GetString()!);
        }
        return names;
    }
}
