using System.Globalization;
using Guardrail.Core.Common;
using Guardrail.Core.Measurement;

namespace Guardrail.Server.Pages.Dashboards;

/// <summary>
/// The dashboards' filters as the GET form sends them, with the API's names. Dates are days in the organisation's time
/// zone and both ends are included, as people read "from 1 to 30 November".
/// </summary>
public sealed class DashboardFilter
{
    public const string DateFormat = "yyyy-MM-dd";

    public string? Service { get; set; }

    public string? Team { get; set; }

    public string? BusinessService { get; set; }

    public string? Environment { get; set; }

    public string? Window { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    public string? Bands { get; set; }

    public string? Trend { get; set; }

    public TrendPeriod TrendPeriod => WireNames.TryParse<TrendPeriod>(Trend, out var period) ? period : TrendPeriod.Week;

    public Result<MetricsRequest> ToRequest(TimeZoneInfo zone)
    {
        var from = Day(From, "from");
        if (!from.Succeeded)
            return from.Error;
        var to = Day(To, "to");
        if (!to.Succeeded)
            return to.Error;
        return new MetricsRequest(Service, Team, BusinessService, Environment, Window,
            Start(from.Value, zone), Start(to.Value?.AddDays(1), zone), Bands, Trend);
    }

    /// <summary>The same scope, environment and band set without the period, for a comparison whose periods are its own.</summary>
    public DashboardFilter ScopeOnly() =>
        new() { Service = Service, Team = Team, BusinessService = BusinessService, Environment = Environment, Bands = Bands };

    /// <summary>The filters given, as a query string (with its "?", or empty) for links to the other dashboards.</summary>
    public string ToQueryString() => QueryString.Create(Pairs().Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();

    /// <summary>The same query string with one more parameter first (for example the CSV handler or a page number).</summary>
    public string ToQueryString(string name, string value) =>
        QueryString.Create([new(name, value), .. Pairs().Where(p => !string.IsNullOrEmpty(p.Value))]).ToUriComponent();

    private IEnumerable<KeyValuePair<string, string?>> Pairs() =>
    [
        new("service", Service), new("team", Team), new("businessService", BusinessService), new("environment", Environment),
        new("window", Window), new("from", From), new("to", To), new("bands", Bands), new("trend", Trend),
    ];

    /// <summary>The first instant of a day in the organisation's time zone, as the engine takes it.</summary>
    public static DateTimeOffset? Start(DateOnly? day, TimeZoneInfo zone) =>
        day is { } date ? new DateTimeOffset(Buckets.ToUtc(date, zone), TimeSpan.Zero) : null;

    public static Result<DateOnly?> Day(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
            return (DateOnly?)null;
        return DateOnly.TryParseExact(text.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : Error.Invalid(field, $"'{field}' is a date written {DateFormat}, not '{text}'.");
    }
}
