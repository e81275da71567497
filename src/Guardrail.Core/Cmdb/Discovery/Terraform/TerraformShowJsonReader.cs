using System.Globalization;
using System.Text.Json;

namespace Guardrail.Core.Cmdb.Discovery.Terraform;

/// <summary>
/// The JSON output format of <c>terraform show -json</c> (and <c>tofu show -json</c>), format versions 0.x and 1.x:
/// a state (<c>values</c>) or a plan.
/// </summary>
/// <remarks>
/// From a plan, the resources come from <c>prior_state.values</c> when the plan has a prior state: that is what exists
/// now, with real ids and recorded dependencies, which is what a CMDB describes. Only a plan without a prior state
/// falls back to <c>planned_values</c> (what would exist after apply, without <c>depends_on</c>); a warning says so.
/// </remarks>
internal static class TerraformShowJsonReader
{
    public static readonly int[] SupportedMajorVersions = [0, 1];

    public static List<TerraformInstance> Read(string document, JsonElement root, List<DiscoveryWarning> warnings)
    {
        var formatVersion = root.GetProperty("format_version");
        var text = formatVersion.ValueKind == JsonValueKind.String ? formatVersion.GetString()! : formatVersion.GetRawText();
        var major = text.Split('.')[0];
        if (!int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || !SupportedMajorVersions.Contains(number))
        {
            throw new DiscoveryException(
                document,
                $"terraform show -json format_version {text} is not supported; only {string.Join(" and ", SupportedMajorVersions.Select(v => $"{v}.x"))} are");
        }

        var instances = new List<TerraformInstance>();
        if (Values(document, root, warnings) is { ValueKind: JsonValueKind.Object } values
            && values.TryGetProperty("root_module", out var rootModule) && rootModule.ValueKind == JsonValueKind.Object)
        {
            ReadModule(document, rootModule, "", instances);
        }
        return instances;
    }

    private static JsonElement? Values(string document, JsonElement root, List<DiscoveryWarning> warnings)
    {
        if (root.TryGetProperty("values", out var values))
        {
            return values;
        }
        if (root.TryGetProperty("prior_state", out var prior)
            && prior.ValueKind == JsonValueKind.Object
            && prior.TryGetProperty("values", out var priorValues))
        {
            return priorValues;
        }
        if (root.TryGetProperty("planned_values", out var planned))
        {
            warnings.Add(new DiscoveryWarning(document, "a plan without a prior state: read planned_values, which may not exist yet"));
            return planned;
        }
        return null;
    }

    private static void ReadModule(string document, JsonElement module, string moduleAddress, List<TerraformInstance> instances)
    {
        var context = moduleAddress.Length == 0 ? "the root module" : moduleAddress;
        if (TerraformJson.OptionalArray(module, "resources", document, context) is { } resources)
        {
            foreach (var resource in resources)
            {
                var address = TerraformJson.RequiredString(resource, "address", document, $"a resource in {context}");
                if (TerraformJson.OptionalString(resource, "mode", document, address) != "managed")
                {
                    continue;
                }
                var values = resource.TryGetProperty("values", out var v) ? v : default;
                var sensitive = resource.TryGetProperty("sensitive_values", out var s) ? s : default;
                instances.Add(new TerraformInstance(
                    address,
                    moduleAddress,
                    TerraformJson.RequiredString(resource, "type", document, address),
                    TerraformJson.RequiredString(resource, "name", document, address),
                    resource.TryGetProperty("index", out var index) ? TerraformJson.ToNode(index) : null,
                    TerraformProvider.FromProviderName(TerraformJson.OptionalString(resource, "provider_name", document, address) ?? ""),
                    TerraformJson.Curate(values, attribute => IsSensitive(sensitive, attribute)),
                    TerraformJson.Strings(resource, "depends_on", document, address),
                    "depends_on"));
            }
        }
        if (TerraformJson.OptionalArray(module, "child_modules", document, context) is { } children)
        {
            foreach (var child in children)
            {
                ReadModule(document, child, TerraformJson.RequiredString(child, "address", document, $"a child module of {context}"), instances);
            }
        }
    }

    /// <summary><c>sensitive_values</c> mirrors <c>values</c>: <c>true</c> marks a value, nested objects and arrays mark parts of one.</summary>
    private static bool IsSensitive(JsonElement sensitiveValues, string attribute) => sensitiveValues.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => false,
        JsonValueKind.Object => sensitiveValues.TryGetProperty(attribute, out var marks) && MarksAnything(marks),
        _ => true,
    };

    private static bool MarksAnything(JsonElement marks) => marks.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.Object => marks.EnumerateObject().Any(property => MarksAnything(property.Value)),
        JsonValueKind.Array => marks.EnumerateArray().Any(MarksAnything),
        _ => false,
    };
}
