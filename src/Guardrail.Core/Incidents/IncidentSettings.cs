using System.Text.Json;
using System.Text.Json.Serialization;

namespace Guardrail.Core.Incidents;

/// <summary>Which hours an SLA target's clock runs in: around the clock, or the business hours (minus holidays).</summary>
public enum SlaCalendarKind
{
    AroundTheClock,
    BusinessHours,
}

public sealed record PriorityCell(IncidentImpact Impact, IncidentUrgency Urgency, IncidentPriority Priority);

/// <summary>The response (to acknowledgement) and resolution targets of a priority, and the hours their clocks run in.</summary>
public sealed record SlaTarget(IncidentPriority Priority, TimeSpan Response, TimeSpan Resolution, SlaCalendarKind Calendar);

/// <summary>The working week in the organisation's time zone (an IANA id such as Europe/Berlin).</summary>
public sealed record BusinessHours(string TimeZone, IReadOnlyList<DayOfWeek> WorkingDays, TimeOnly Start, TimeOnly End);

/// <summary>A day off in the business hours' time zone.</summary>
public sealed record Holiday(DateOnly Date, string Name);

/// <summary>An alert severity (Alertmanager's <c>severity</c> label, PagerDuty's priority or urgency) and the priority it opens an incident with.</summary>
public sealed record SeverityPriority(string Severity, IncidentPriority Priority);

/// <summary>
/// The incident practice's settings. <see cref="WarningShare"/> is the share of a target used when the SLA state turns to
/// warning; <see cref="ReopenWindow"/> is how long after resolution a re-firing alert reopens its incident instead of
/// opening a new one.
/// </summary>
public sealed record IncidentSettings(
    IReadOnlyList<PriorityCell> PriorityMatrix,
    IReadOnlyList<SlaTarget> Targets,
    BusinessHours BusinessHours,
    IReadOnlyList<Holiday> Holidays,
    double WarningShare,
    IReadOnlyList<SeverityPriority> SeverityPriorities,
    IncidentPriority DefaultAlertPriority,
    TimeSpan ReopenWindow)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>ITIL's usual 3 × 3 matrix, P1 around the clock and the rest in business hours (Monday to Friday, 09:00 to 17:00 UTC).</summary>
    public static IncidentSettings Default { get; } = new(
        [
            new(IncidentImpact.High, IncidentUrgency.High, IncidentPriority.P1),
            new(IncidentImpact.High, IncidentUrgency.Medium, IncidentPriority.P2),
            new(IncidentImpact.High, IncidentUrgency.Low, IncidentPriority.P3),
            new(IncidentImpact.Medium, IncidentUrgency.High, IncidentPriority.P2),
            new(IncidentImpact.Medium, IncidentUrgency.Medium, IncidentPriority.P3),
            new(IncidentImpact.Medium, IncidentUrgency.Low, IncidentPriority.P4),
            new(IncidentImpact.Low, IncidentUrgency.High, IncidentPriority.P3),
            new(IncidentImpact.Low, IncidentUrgency.Medium, IncidentPriority.P4),
            new(IncidentImpact.Low, IncidentUrgency.Low, IncidentPriority.P5),
        ],
        [
            new(IncidentPriority.P1, TimeSpan.FromMinutes(15), TimeSpan.FromHours(4), SlaCalendarKind.AroundTheClock),
            new(IncidentPriority.P2, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), SlaCalendarKind.BusinessHours),
            new(IncidentPriority.P3, TimeSpan.FromHours(4), TimeSpan.FromHours(24), SlaCalendarKind.BusinessHours),
            new(IncidentPriority.P4, TimeSpan.FromHours(8), TimeSpan.FromHours(40), SlaCalendarKind.BusinessHours),
            new(IncidentPriority.P5, TimeSpan.FromHours(16), TimeSpan.FromHours(80), SlaCalendarKind.BusinessHours),
        ],
        new BusinessHours("UTC", [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
            new TimeOnly(9, 0), new TimeOnly(17, 0)),
        [],
        0.75,
        [
            new("critical", IncidentPriority.P1),
            new("p1", IncidentPriority.P1),
            new("high", IncidentPriority.P2),
            new("error", IncidentPriority.P2),
            new("p2", IncidentPriority.P2),
            new("warning", IncidentPriority.P3),
            new("p3", IncidentPriority.P3),
            new("low", IncidentPriority.P4),
            new("p4", IncidentPriority.P4),
            new("info", IncidentPriority.P5),
            new("p5", IncidentPriority.P5),
        ],
        IncidentPriority.P3,
        TimeSpan.FromHours(1));

    public static IncidentSettings Parse(string document) =>
        JsonSerializer.Deserialize<IncidentSettings>(document, s_json) ?? throw new JsonException("The incident settings document is null.");

    public string ToDocument() => JsonSerializer.Serialize(this, s_json);

    public IncidentPriority PriorityOf(IncidentImpact impact, IncidentUrgency urgency) =>
        PriorityMatrix.First(cell => cell.Impact == impact && cell.Urgency == urgency).Priority;

    public SlaTarget TargetOf(IncidentPriority priority) => Targets.First(target => target.Priority == priority);

    /// <summary>The priority an alert of this severity opens its incident with; matched without regard to case.</summary>
    public IncidentPriority PriorityOfSeverity(string? severity) =>
        SeverityPriorities.FirstOrDefault(s => string.Equals(s.Severity, severity?.Trim(), StringComparison.OrdinalIgnoreCase))?.Priority ?? DefaultAlertPriority;

    /// <summary>
    /// The impact and urgency an alert's incident is given: the matrix's first cell (highest impact first) of its priority,
    /// or medium and medium when the matrix never gives that priority.
    /// </summary>
    public PriorityCell CellOf(IncidentPriority priority) =>
        PriorityMatrix.OrderBy(cell => cell.Impact).ThenBy(cell => cell.Urgency).FirstOrDefault(cell => cell.Priority == priority)
            ?? new PriorityCell(IncidentImpact.Medium, IncidentUrgency.Medium, priority);
}
