using Prometheus;

namespace Guardrail.Server.Measurement;

internal static class PrometheusEndpoint
{
    private const string TextFormat = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// <c>/metrics</c> in Prometheus's text format: this host's figures (<see cref="MetricsExporter"/>) and the process's own
    /// metrics (HTTP requests, database commands), each registry's families complete and named apart.
    /// </summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/metrics", ExportAsync).ExcludeFromDescription();

    private static async Task ExportAsync(HttpContext context, MetricsExporter exporter)
    {
        // Buffered, so a computation that fails answers with an error rather than a partial 200.
        using var text = new MemoryStream();
        await exporter.Registry.CollectAndExportAsTextAsync(text, ExpositionFormat.PrometheusText, context.RequestAborted);
        if (exporter.Failure is { } failure)
            throw new InvalidOperationException("The figures for Prometheus could not be computed.", failure);
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(text, ExpositionFormat.PrometheusText, context.RequestAborted);
        context.Response.ContentType = TextFormat;
        text.Position = 0;
        await text.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
