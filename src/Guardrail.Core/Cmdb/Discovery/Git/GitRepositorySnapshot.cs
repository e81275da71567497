namespace Guardrail.Core.Cmdb.Discovery.Git;

/// <summary>What discovery needs of a checked-out repository, read from disk by <see cref="GitDiscovery.Read"/>.</summary>
/// <param name="DirectoryName">The name of the working tree's folder, the repository's name when it has no origin.</param>
/// <param name="OriginUrl">The <c>origin</c> remote's URL as written in <c>.git/config</c>.</param>
/// <param name="CodeOwners">The text of the CODEOWNERS file GitHub would use.</param>
/// <param name="CatalogFiles">Every <c>catalog-info.yaml</c>/<c>.yml</c>, named by its path in the repository.</param>
public sealed record GitRepositorySnapshot(
    string DirectoryName,
    string? OriginUrl,
    string? CodeOwners,
    IReadOnlyList<SourceDocument> CatalogFiles);
