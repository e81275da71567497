using System.Globalization;
using Guardrail.Core.Common;

namespace Guardrail.Server.Pages.Dashboards;

/// <summary>The comparison's form: one scope, environment and band set over two periods given as days, both ends included.</summary>
public sealed class CompareFilter
{
    public const int DefaultDays = 90;

    public string? Service { get; set; }

    public string? Team { get; set; }

    public string? BusinessService { get; set; }

    public string? Environment { get; set; }

    public string? Bands { get; set; }

    public string? BeforeFrom { get; set; }

    public string? BeforeTo { get; set; }

    public string? AfterFrom { get; set; }

    public string? AfterTo { get; set; }

    public DashboardFilter Scope => new() { Service = Service, Team = Team, BusinessService = BusinessService, Environment = Environment, Bands = Bands };

    /// <summary>
    /// The two periods. Without dates "after" is the trailing 90 days to <paramref name="today"/>, and "before" is as long
    /// as "after" and ends the day before it starts.
    /// </summary>
    public Result<(Period Before, Period After)> Periods(DateOnly today)
    {
        var after = Read(AfterFrom, AfterTo, "after", new Period(today.AddDays(1 - DefaultDays), today));
        if (!after.Succeeded)
            return after.Error;
        var length = after.Value.To.DayNumber - after.Value.From.DayNumber;
        var before = Read(BeforeFrom, BeforeTo, "before", new Period(after.Value.From.AddDays(-length - 1), after.Value.From.AddDays(-1)));
        if (!before.Succeeded)
            return before.Error;
        return (before.Value, after.Value);
    }

    private static Result<Period> Read(string? fromText, string? toText, string name, Period fallback)
    {
        var (fromField, toField) = (name + "From", name + "To");
        var from = DashboardFilter.Day(fromText, fromField);
        if (!from.Succeeded)
            return from.Error;
        var to = DashboardFilter.Day(toText, toField);
        if (!to.Succeeded)
            return to.Error;
        return (from.Value, to.Value) switch
        {
            (null, null) => fallback,
            ({ } start, { } end) when start <= end => new Period(start, end),
            ({ }, { }) => Error.Invalid(toField, $"The '{name}' period ends before it starts."),
            _ => Error.Invalid(from.Value is null ? fromField : toField, $"Give both dates of the '{name}' period, or neither."),
        };
    }
}

/// <summary>Days in the organisation's time zone, both included.</summary>
public sealed record Period(DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    public string FromText => From.ToString(DashboardFilter.DateFormat, CultureInfo.InvariantCulture);

    public string ToText => To.ToString(DashboardFilter.DateFormat, CultureInfo.InvariantCulture);

    /// <summary>The dashboards' filter for this period over the scope, for the figures and the links to their records.</summary>
    public DashboardFilter Over(DashboardFilter scope)
    {
        var filter = scope.ScopeOnly();
        (filter.From, filter.To) = (FromText, ToText);
        return filter;
    }
}
