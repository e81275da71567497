using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Guardrail.Core.Cmdb.Discovery.Terraform;

/// <summary>Terraform's address syntax: <c>module.a["x"].module.b.aws_subnet.private[0]</c>.</summary>
internal static class TerraformAddress
{
    /// <summary>An instance key as Terraform writes it after an address: <c>[0]</c>, <c>["a"]</c>.</summary>
    public static string FormatKey(JsonElement key) => key.ValueKind switch
    {
        JsonValueKind.Number when key.TryGetInt64(out var number) => $"[{number.ToString(CultureInfo.InvariantCulture)}]",
        JsonValueKind.Number => $"[{key.GetRawText()}]",
        JsonValueKind.String => $"[{Quote(key.GetString()!)}]",
        _ => throw new ArgumentException($"an instance key is a number or a string, not {key.ValueKind}", nameof(key)),
    };

    /// <summary>
    /// The configuration address (every instance key removed), which is how a state's <c>dependencies</c> name
    /// resources: <c>module.a["x"].aws_subnet.private[0]</c> → <c>module.a.aws_subnet.private</c>.
    /// </summary>
    public static string WithoutKeys(string address)
    {
        if (!address.Contains('[', StringComparison.Ordinal))
        {
            return address;
        }
        var result = new StringBuilder(address.Length);
        var depth = 0;
        var inString = false;
        for (var i = 0; i < address.Length; i++)
        {
            var c = address[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (depth > 0 && c == '"')
            {
                inString = true;
            }
            else if (depth > 0 && c == ']')
            {
                depth--;
            }
            else if (depth == 0)
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }

    /// <summary>True when a configuration address names a data source (<c>data.x.y</c>, <c>module.m.data.x.y</c>).</summary>
    public static bool IsDataSource(string configAddress)
    {
        var parts = configAddress.Split('.');
        return parts.Length >= 3 && parts[^3] == "data";
    }

    // Terraform's own quoting of string keys (HCL string syntax), so that keys match what `terraform state list` prints.
    private static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '$' or '%' when i + 1 < value.Length && value[i + 1] == '{': quoted.Append(c).Append(c); break;
                default:
                    if (char.IsControl(c))
                    {
                        quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }
                    break;
            }
        }
        return quoted.Append('"').ToString();
    }
}
