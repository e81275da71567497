using System.Security.Claims;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Measurement;
using Guardrail.Server.Security;

namespace Guardrail.Server.Pages.Dashboards;

/// <summary>
/// The five DORA figures of one service or team over the default window, for a section of its page
/// (<c>_DeliverySection.cshtml</c>); the dashboard the section links to has the rest.
/// </summary>
public sealed record DeliverySummary(string Heading, DashboardFilter Filter, MetricsReport? Report, Error? Error)
{
    /// <summary>The summary when the reader may see metrics, else null and nothing is computed.</summary>
    public static async Task<DeliverySummary?> LoadAsync(
        MetricsEngine engine, ClaimsPrincipal user, string heading, DashboardFilter filter, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        if (!user.Can(Permission.MetricsRead))
            return null;
        var request = filter.ToRequest(zone);
        var report = request.Succeeded ? await engine.ReportAsync(request.Value, cancellationToken) : request.Error;
        return report.Succeeded ? new DeliverySummary(heading, filter, report.Value, null) : new DeliverySummary(heading, filter, null, report.Error);
    }
}
