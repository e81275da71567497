using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Guardrail.Server.Api;

internal static class OpenApi
{
    public static void AddGuardrailOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(openApi =>
        {
            openApi.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            openApi.AddDocumentTransformer<BearerTokenScheme>();
        });

    /// <summary>The document at <c>/openapi/v1.json</c> and a browsable reference at <c>/docs</c>, for signed-in people and tokens.</summary>
    public static void MapGuardrailOpenApi(this WebApplication app)
    {
        app.MapOpenApi().RequireAuthorization();
        app.MapScalarApiReference("/docs", scalar => scalar
            .WithTitle("Guardrail API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .RequireAuthorization();
    }

    private sealed class BearerTokenScheme : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            document.Info.Title = "Guardrail API";
            document.Info.Description = "ITIL 4 service management inside the DevOps toolchain. Authenticate with `Authorization: Bearer <token>`.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A Guardrail API token (grd_…), created with `guardrail token create` or POST /api/v1/tokens.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
            return Task.CompletedTask;
        }
    }
}
