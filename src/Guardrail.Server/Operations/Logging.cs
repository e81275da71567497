namespace Guardrail.Server.Operations;

internal static class Logging
{
    /// <summary>
    /// Structured console logs: readable text by default, one JSON object per line with
    /// <c>Logging:Format=json</c> (or <c>GUARDRAIL_LOGGING__FORMAT=json</c>) for log shippers.
    /// </summary>
    public static void AddGuardrailLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
            builder.Logging.AddJsonConsole(json => json.IncludeScopes = true);
        else
            builder.Logging.AddSimpleConsole(text => text.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(20));
    }
}
