using System.Globalization;
using Guardrail.Core.Common;
using Guardrail.Core.Measurement;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Api;
using Guardrail.Server.UI;

namespace Guardrail.Server.Pages.Dashboards;

internal static class DashboardRequests
{
    /// <summary>The organisation's time zone, in which the forms' dates are days; the options refuse to start with an unknown one.</summary>
    public static TimeZoneInfo Zone(MetricsOptions options) => TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);

    /// <summary>Windows people often ask for: trailing spans, the last whole ISO week, this month and the last.</summary>
    public static IReadOnlyList<string> WindowSuggestions(DateTime now, TimeZoneInfo zone)
    {
        var today = Buckets.Day(now, zone).ToDateTime(TimeOnly.MinValue);
        var lastWeek = today.AddDays(-7);
        return
        [
            "30d", "90d", "12w", "26w",
            $"{ISOWeek.GetYear(lastWeek)}-W{ISOWeek.GetWeekOfYear(lastWeek):00}",
            today.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            today.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture),
        ];
    }

    /// <summary>
    /// A filter naming no service or team is a bad filter (400), not a missing page; other errors keep their own status
    /// (a time zone the server does not know is its own conflict).
    /// </summary>
    public static int StatusOf(Error error) => error.Kind == ErrorKind.NotFound ? StatusCodes.Status400BadRequest : error.StatusOf();
}

/// <summary>The choices of the filter form.</summary>
public sealed record FilterLists(
    IReadOnlyList<Service> Services, IReadOnlyList<Team> Teams, IReadOnlyList<Service> BusinessServices, IReadOnlyList<DeploymentEnvironment> Environments)
{
    public static readonly FilterLists Empty = new([], [], [], []);

    public static async Task<FilterLists> LoadAsync(ServiceRegistry services, TeamDirectory teams, EnvironmentRegistry environments, CancellationToken cancellationToken)
    {
        var all = await services.AllServicesAsync(new ServiceQuery(), cancellationToken);
        return new FilterLists(all, await teams.AllTeamsAsync(cancellationToken), [.. all.Where(s => s.Kind == ServiceKind.Business)],
            await environments.AllEnvironmentsAsync(cancellationToken));
    }
}

/// <summary>The scope, environment and band set fields of a dashboard's form (<c>_ScopeFields.cshtml</c>).</summary>
public sealed record ScopeFields(DashboardFilter Filter, FilterLists Lists, Error? Error);

/// <summary>The overview's and the records' filter form (<c>_Filters.cshtml</c>); <paramref name="Path"/> is the page's own, without filters.</summary>
public sealed record FilterForm(string Path, DashboardFilter Filter, FilterLists Lists, Error? Error, IReadOnlyList<string> WindowSuggestions);
