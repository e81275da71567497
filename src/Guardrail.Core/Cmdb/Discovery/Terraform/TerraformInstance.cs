using System.Text.Json.Nodes;

namespace Guardrail.Core.Cmdb.Discovery.Terraform;

/// <summary>One managed resource instance, read from either input format.</summary>
/// <param name="Address">The full address as Terraform writes it: <c>module.vpc.aws_subnet.private["a"]</c>.</param>
/// <param name="Module">The module instance address, <c>""</c> at the root.</param>
/// <param name="Type">The resource type, <c>aws_subnet</c>.</param>
/// <param name="Name">The resource name in the configuration, <c>private</c>.</param>
/// <param name="IndexKey">The <c>count</c> or <c>for_each</c> key, if any.</param>
/// <param name="Provider">The provider that manages the resource.</param>
/// <param name="Values">The curated, non-sensitive resource attributes.</param>
/// <param name="Dependencies">Configuration addresses (no instance keys) of the resources this one depends on.</param>
/// <param name="DependencyField">The input field the dependencies came from, for evidence.</param>
internal sealed record TerraformInstance(
    string Address,
    string Module,
    string Type,
    string Name,
    JsonNode? IndexKey,
    TerraformProvider Provider,
    JsonObject Values,
    IReadOnlyList<string> Dependencies,
    string DependencyField)
{
    public string ConfigAddress { get; } = TerraformAddress.WithoutKeys(Address);
}
