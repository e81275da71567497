namespace Guardrail.Core.Cmdb.Discovery.Terraform;

/// <summary>
/// A resource's provider: <see cref="Name"/> is the short type (<c>aws</c>), <see cref="Source"/> the registry source
/// (<c>registry.terraform.io/hashicorp/aws</c>) when the input names one; Terraform 0.12 states only say <c>provider.aws</c>.
/// </summary>
internal sealed record TerraformProvider(string Name, string? Source, string? Alias)
{
    private const string ModernPrefix = "provider[\"";
    private const string LegacyPrefix = "provider.";

    /// <summary>From a raw state's <c>provider</c>: <c>provider["registry.terraform.io/hashicorp/aws"].west</c>,
    /// <c>module.m.provider["…"]</c>, or the legacy <c>provider.aws.west</c>.</summary>
    public static TerraformProvider FromStateAddress(string address)
    {
        var rest = address;
        while (rest.StartsWith("module.", StringComparison.Ordinal) && rest.IndexOf('.', "module.".Length) is > 0 and var end)
        {
            rest = rest[(end + 1)..];
        }
        if (rest.StartsWith(ModernPrefix, StringComparison.Ordinal)
            && rest.IndexOf("\"]", ModernPrefix.Length, StringComparison.Ordinal) is > 0 and var close)
        {
            var source = rest[ModernPrefix.Length..close];
            var alias = rest[(close + 2)..];
            return new(ShortName(source), source, alias.StartsWith('.') ? alias[1..] : null);
        }
        if (rest.StartsWith(LegacyPrefix, StringComparison.Ordinal))
        {
            var parts = rest[LegacyPrefix.Length..].Split('.', 2);
            return new(parts[0], null, parts.Length > 1 ? parts[1] : null);
        }
        return new(address, null, null);
    }

    /// <summary>From show-json's <c>provider_name</c>: <c>registry.terraform.io/hashicorp/null</c>, or <c>null</c> in format 0.1.</summary>
    public static TerraformProvider FromProviderName(string providerName) =>
        new(ShortName(providerName), providerName.Contains('/', StringComparison.Ordinal) ? providerName : null, null);

    private static string ShortName(string source) => source[(source.LastIndexOf('/') + 1)..];
}
