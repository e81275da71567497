using Guardrail.Core.Cmdb;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Core.Incidents.Reviews;
using Guardrail.Core.Incidents.Suspects;
using Guardrail.Server.Api;
using Guardrail.Server.Changes;
using Guardrail.Server.Hooks;
using Guardrail.Server.Incidents;
using Guardrail.Server.Measurement;
using Guardrail.Server.Operations;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Prometheus;

namespace Guardrail.Server;

/// <summary>The Guardrail server: this file is the table of contents of everything it registers and maps.</summary>
public sealed class Program
{
    public static Task Main(string[] args) => Build(args).RunAsync();

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(Program).Assembly.GetName().Name,
        });
        builder.Configuration.AddEnvironmentVariables(prefix: "GUARDRAIL_");

        builder.AddGuardrailLogging();
        builder.AddGuardrailStorage();
        builder.AddApiConventions();
        builder.Services.AddGuardrailSecurity();
        builder.Services.AddGuardrailOpenApi();
        builder.Services.AddGuardrailPages();
        builder.Services.AddGuardrailHealthChecks();
        builder.Services.AddHostedService<StartupTasks>();
        builder.Services.AddOptions<CatalogIndexOptions>().BindConfiguration(CatalogIndexOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<CatalogIndexRefresher>();
        builder.Services.AddOptions<CmdbGraphOptions>().BindConfiguration(CmdbGraphOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DiscoveryCacheOptions>().BindConfiguration(DiscoveryCacheOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<WhatChangedOptions>().BindConfiguration(WhatChangedOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddGuardrailInbox();
        builder.Services.AddGuardrailOutbox();
        builder.Services.AddGuardrailChangeFollowUp();
        builder.Services.AddGuardrailIncidentFollowUp();
        builder.Services.AddOptions<IncidentReviewOptions>().BindConfiguration(IncidentReviewOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddGuardrailMeasurement();

        var app = builder.Build();

        app.UseApiConventions();
        app.UseHttpMetrics();
        app.UseGuardrailStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthEndpoints();
        app.MapGuardrailOpenApi();
        app.MapPrometheusMetrics().RequireAuthorization(Policies.For(Core.Access.Permission.MetricsRead));

        var api = app.MapGroup("/api/v1").WithApiConventions();
        api.MapTeamsApi();
        api.MapServicesApi();
        api.MapEnvironmentsApi();
        api.MapAccessApi();
        api.MapAuditApi();
        api.MapCmdbApi();
        api.MapCmdbImportsApi();
        api.MapIntegrationsApi();
        api.MapDeploymentsApi();
        api.MapAutomationApi();
        api.MapChangesApi();
        api.MapGateApi();
        api.MapChangePolicyApi();
        api.MapIncidentsApi();
        api.MapProblemsApi();
        api.MapReviewsApi();
        api.MapWhatChangedApi();
        api.MapSatisfactionApi();
        api.MapMetricsApi();
        app.MapSlackHooks();
        app.MapHooks();

        app.MapRazorPages();
        return app;
    }
}
