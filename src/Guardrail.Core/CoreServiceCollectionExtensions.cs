using Guardrail.Core.Access;
using Guardrail.Core.Audit;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Demo;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the database and every practice's use cases. The caller picks the provider in <paramref name="configureDatabase"/>.</summary>
    public static IServiceCollection AddGuardrailCore(this IServiceCollection services, Action<DbContextOptionsBuilder> configureDatabase)
    {
        services.AddDbContextPool<GuardrailDb>(configureDatabase);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StoreInitializer>();

        // Audit
        services.AddSingleton<AuditTrail>();
        services.AddScoped<AuditLog>();

        // Access
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddScoped<ApiTokens>();
        services.AddScoped<UserAccounts>();
        services.AddScoped<Bootstrap>();

        // Service catalogue
        services.AddSingleton<ServiceCatalogIndex>();
        services.AddScoped<TeamDirectory>();
        services.AddScoped<ServiceRegistry>();
        services.AddScoped<EnvironmentRegistry>();

        // CMDB
        services.AddSingleton<CmdbGraph>();
        services.AddScoped<Reconciliation>();
        services.AddScoped<ConfigurationItems>();
        services.AddScoped<ImportRuns>();

        services.AddScoped<DemoOrganisation>();
        return services;
    }
}
