using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Server.UI;

/// <summary>Whole lists the pages need at once (select options, a team's services), read page by page through the use cases.</summary>
internal static class CatalogLookups
{
    public static async Task<IReadOnlyList<Team>> AllTeamsAsync(this TeamDirectory teams, CancellationToken cancellationToken) =>
        [.. (await AllAsync(cursor => teams.ListAsync(new TeamQuery(null), PageRequest.MaxLimit, cursor, cancellationToken))).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];

    public static async Task<IReadOnlyList<Service>> AllServicesAsync(this ServiceRegistry services, ServiceQuery query, CancellationToken cancellationToken) =>
        [.. (await AllAsync(cursor => services.ListAsync(query, PageRequest.MaxLimit, cursor, cancellationToken))).OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)];

    public static async Task<IReadOnlyList<DeploymentEnvironment>> AllEnvironmentsAsync(this EnvironmentRegistry environments, CancellationToken cancellationToken) =>
        [.. (await AllAsync(cursor => environments.ListAsync(null, PageRequest.MaxLimit, cursor, cancellationToken))).OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)];

    public static Task<IReadOnlyList<Service>> BusinessServicesAsync(this ServiceRegistry services, CancellationToken cancellationToken) =>
        services.AllServicesAsync(new ServiceQuery(Kind: WireNames.Of(ServiceKind.Business)), cancellationToken);

    private static async Task<List<T>> AllAsync<T>(Func<string?, Task<Result<Page<T>>>> fetch)
    {
        var all = new List<T>();
        string? cursor = null;
        do
        {
            var page = await fetch(cursor);
            if (!page.Succeeded)
                throw new InvalidOperationException($"Listing failed with {page.Error.Code}: {page.Error.Message}");
            all.AddRange(page.Value.Items);
            cursor = page.Value.NextCursor;
        }
        while (cursor is not null);
        return all;
    }
}
