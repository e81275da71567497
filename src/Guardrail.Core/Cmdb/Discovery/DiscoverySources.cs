using Guardrail.Contracts;
using Guardrail.Core.Cmdb.Discovery.Backstage;
using Guardrail.Core.Cmdb.Discovery.Git;
using Guardrail.Core.Cmdb.Discovery.Kubernetes;
using Guardrail.Core.Cmdb.Discovery.Terraform;
using Guardrail.Core.Common;

namespace Guardrail.Core.Cmdb.Discovery;

/// <summary>The discovery adapters by source name, turning their "cannot read this" into a precise error.</summary>
public static class DiscoverySources
{
    public static readonly string[] Names = ["kubernetes", "terraform", "backstage", "git"];

    public static Result<DiscoveryResult> Discover(string source, IReadOnlyList<SourceDocument> documents, string scope)
    {
        try
        {
            return source switch
            {
                "kubernetes" => KubernetesDiscovery.Discover(documents, new KubernetesDiscoveryOptions { Cluster = scope }),
                "terraform" => TerraformDiscovery.Discover(documents, new TerraformDiscoveryOptions { Workspace = scope }),
                "backstage" => BackstageDiscovery.Discover(documents),
                _ => UnknownSource(source),
            };
        }
        catch (DiscoveryException invalid)
        {
            return Invalid(invalid);
        }
    }

    public static Result<DiscoveryResult> DiscoverGit(GitSnapshotRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.DirectoryName))
            return Error.Invalid("directoryName", "'directoryName' is required: the repository's directory name.");
        try
        {
            return GitDiscovery.Discover(new GitRepositorySnapshot(request.DirectoryName, request.OriginUrl, request.CodeOwners,
                [.. (request.CatalogFiles ?? []).Select(f => new SourceDocument(f.Name, f.Content))]));
        }
        catch (DiscoveryException invalid)
        {
            return Invalid(invalid);
        }
    }

    private static Error UnknownSource(string source) =>
        new("cmdb.unknown_source", $"There is no discovery source '{source}'; one of: {string.Join(", ", Names)}.", ErrorKind.NotFound);

    private static Error Invalid(DiscoveryException invalid) =>
        new("cmdb.invalid_document", invalid.Message, ErrorKind.Validation,
            new Dictionary<string, string[]> { [invalid.Document] = [invalid.Line is null ? "cannot be read" : $"line {invalid.Line}, column {invalid.Column}"] });
}
