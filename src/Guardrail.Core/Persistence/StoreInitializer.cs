using Guardrail.Core.Access;
using Guardrail.Core.Demo;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Persistence;

/// <summary>Brings a store up to date on start: migrations, the first admin and the default change policy on an empty store, demo data when asked.</summary>
public sealed class StoreInitializer(IServiceScopeFactory scopes, ServiceCatalogIndex catalogIndex)
{
    public async Task<BootstrapCredentials?> InitializeAsync(bool withDemo, CancellationToken cancellationToken)
    {
        await MigrateAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var credentials = await scope.ServiceProvider.GetRequiredService<Bootstrap>().EnsureAdminAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<Changes.Policy.ChangePolicies>().EnsureInForceAsync(cancellationToken);
        if (withDemo)
            await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().SeedAsync(cancellationToken);
        await catalogIndex.RefreshAsync(cancellationToken);
        return credentials;
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<GuardrailDb>().Database.MigrateAsync(cancellationToken);
    }
}
