using System.Globalization;
using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Incidents;

/// <summary>The settings in force, with the version a change must name (0 while the defaults apply).</summary>
public sealed record StoredIncidentSettings(IncidentSettings Settings, long Version, DateTime? UpdatedAt);

/// <summary>Reads and changes the incident practice's settings: one audited record, the defaults until someone saves it.</summary>
public sealed class IncidentSettingsStore(GuardrailDb db, AuditTrail audit, TimeProvider clock)
{
    private const int MaxMinutes = 366 * 24 * 60;

    private StoredIncidentSettings? _read;

    public async Task<StoredIncidentSettings> GetAsync(CancellationToken cancellationToken)
    {
        if (_read is not null)
            return _read;
        var record = await db.IncidentSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == IncidentSettingsRecord.SingletonId, cancellationToken);
        return _read = record is null
            ? new StoredIncidentSettings(IncidentSettings.Default, 0, null)
            : new StoredIncidentSettings(IncidentSettings.Parse(record.Document), record.Version, record.UpdatedAt);
    }

    public async Task<IncidentSettings> CurrentAsync(CancellationToken cancellationToken) => (await GetAsync(cancellationToken)).Settings;

    /// <summary>Replaces the parts the request names; the rest stays. Nothing is saved unless the whole result is valid.</summary>
    public async Task<Result<StoredIncidentSettings>> UpdateAsync(IncidentSettingsRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (request.Version is not { } version)
            return Error.Invalid("version", "'version' is required: send the version you read (0 while the defaults apply).");
        _read = null;
        var current = await GetAsync(cancellationToken);
        if (version != current.Version)
            return Error.StaleVersion("incident settings", version, current.Version);
        var validation = new Validation();
        var settings = current.Settings with
        {
            PriorityMatrix = request.PriorityMatrix is null ? current.Settings.PriorityMatrix : Matrix(request.PriorityMatrix, validation),
            Targets = request.Targets is null ? current.Settings.Targets : Targets(request.Targets, validation),
            BusinessHours = request.BusinessHours is null ? current.Settings.BusinessHours : Hours(request.BusinessHours, validation),
            Holidays = request.Holidays is null ? current.Settings.Holidays : Holidays(request.Holidays, validation),
            WarningShare = request.WarningShare ?? current.Settings.WarningShare,
            SeverityPriorities = request.SeverityPriorities is null ? current.Settings.SeverityPriorities : Severities(request.SeverityPriorities, validation),
            DefaultAlertPriority = request.DefaultAlertPriority is null ? current.Settings.DefaultAlertPriority
                : Parse<IncidentPriority>(request.DefaultAlertPriority, "defaultAlertPriority", validation),
            ReopenWindow = request.ReopenWindowMinutes is { } reopen ? TimeSpan.FromMinutes(reopen) : current.Settings.ReopenWindow,
        };
        if (request.WarningShare is { } share && share is not (> 0 and < 1))
            validation.Add("warningShare", $"'warningShare' must be above 0 and below 1, the share of a target used when its state turns to warning (got {share.ToString(CultureInfo.InvariantCulture)}).");
        if (request.ReopenWindowMinutes is { } minutes && minutes is < 0 or > MaxMinutes)
            validation.Add("reopenWindowMinutes", $"'reopenWindowMinutes' must be between 0 and {MaxMinutes} (got {minutes}).");
        if (!validation.IsValid)
            return validation.ToError();

        var now = clock.UtcNow();
        var record = await db.IncidentSettings.FirstOrDefaultAsync(s => s.Id == IncidentSettingsRecord.SingletonId, cancellationToken);
        if (record is null)
            db.IncidentSettings.Add(new IncidentSettingsRecord { Document = settings.ToDocument(), UpdatedAt = now });
        else
        {
            record.Document = settings.ToDocument();
            record.Version = version + 1;
            record.UpdatedAt = now;
        }
        try
        {
            await audit.SaveAsync(db, actor, cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Error.StaleVersion("incident settings", version, version + 1);
        }
        return _read = new StoredIncidentSettings(settings, version + 1, now);
    }

    private static List<PriorityCell> Matrix(IReadOnlyList<PriorityMatrixCell> cells, Validation validation)
    {
        var parsed = new List<PriorityCell>();
        foreach (var cell in cells)
        {
            var impact = Parse<IncidentImpact>(cell.Impact, "priorityMatrix", validation);
            var urgency = Parse<IncidentUrgency>(cell.Urgency, "priorityMatrix", validation);
            var priority = Parse<IncidentPriority>(cell.Priority, "priorityMatrix", validation);
            if (parsed.Any(p => p.Impact == impact && p.Urgency == urgency))
                validation.Add("priorityMatrix", $"Impact {WireNames.Of(impact)} with urgency {WireNames.Of(urgency)} is given more than once.");
            parsed.Add(new PriorityCell(impact, urgency, priority));
        }
        foreach (var impact in Enum.GetValues<IncidentImpact>())
            foreach (var urgency in Enum.GetValues<IncidentUrgency>().Where(u => !parsed.Any(p => p.Impact == impact && p.Urgency == u)))
                validation.Add("priorityMatrix", $"The matrix has no priority for impact {WireNames.Of(impact)} with urgency {WireNames.Of(urgency)}; it needs all 9 cells.");
        return parsed;
    }

    private static List<SlaTarget> Targets(IReadOnlyList<SlaTargetSetting> targets, Validation validation)
    {
        var parsed = new List<SlaTarget>();
        foreach (var target in targets)
        {
            var priority = Parse<IncidentPriority>(target.Priority, "targets", validation);
            var calendar = Parse<SlaCalendarKind>(target.Calendar, "targets", validation);
            if (target.ResponseMinutes is not (> 0 and <= MaxMinutes) || target.ResolutionMinutes is not (> 0 and <= MaxMinutes))
                validation.Add("targets", $"The {WireNames.Of(priority)} targets need 'responseMinutes' and 'resolutionMinutes' between 1 and {MaxMinutes}.");
            else if (target.ResponseMinutes > target.ResolutionMinutes)
                validation.Add("targets", $"The {WireNames.Of(priority)} response target ({target.ResponseMinutes} min) is longer than its resolution target ({target.ResolutionMinutes} min).");
            if (parsed.Any(p => p.Priority == priority))
                validation.Add("targets", $"{WireNames.Of(priority)} has more than one target.");
            parsed.Add(new SlaTarget(priority, TimeSpan.FromMinutes(target.ResponseMinutes ?? 0), TimeSpan.FromMinutes(target.ResolutionMinutes ?? 0), calendar));
        }
        foreach (var priority in Enum.GetValues<IncidentPriority>().Where(p => parsed.All(t => t.Priority != p)))
            validation.Add("targets", $"{WireNames.Of(priority)} has no targets; every priority needs one.");
        return parsed;
    }

    private static BusinessHours Hours(BusinessHoursSetting hours, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(hours.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(hours.TimeZone.Trim(), out _))
            validation.Add("businessHours.timeZone", $"'{hours.TimeZone}' is not a time zone this server knows; use an IANA id such as Europe/Berlin.");
        var days = new List<DayOfWeek>();
        foreach (var day in hours.WorkingDays ?? [])
        {
            if (Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(day[0]))
                days.Add(parsed);
            else
                validation.Add("businessHours.workingDays", $"'{day}' is not a day of the week (monday … sunday).");
        }
        if (days.Count == 0)
            validation.Add("businessHours.workingDays", "Business hours need at least one working day.");
        var start = Time(hours.Start, "businessHours.start", validation);
        var end = Time(hours.End, "businessHours.end", validation);
        if (start >= end)
            validation.Add("businessHours.end", $"Business hours must end after they start ({hours.Start} to {hours.End}).");
        return new BusinessHours(hours.TimeZone?.Trim() ?? "", [.. days.Distinct().Order()], start ?? default, end ?? default);
    }

    private static TimeOnly? Time(string? text, string field, Validation validation)
    {
        if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return time;
        validation.Add(field, $"'{field}' must be a time of day as HH:mm (got '{text}').");
        return null;
    }

    private static List<Holiday> Holidays(IReadOnlyList<HolidaySetting> holidays, Validation validation)
    {
        var parsed = new List<Holiday>();
        foreach (var holiday in holidays)
        {
            if (holiday.Date is not { } date)
                validation.Add("holidays", "Every holiday needs a 'date' (yyyy-MM-dd).");
            else if (parsed.Any(h => h.Date == date))
                validation.Add("holidays", $"{date:yyyy-MM-dd} is given more than once.");
            else
                parsed.Add(new Holiday(date, string.IsNullOrWhiteSpace(holiday.Name) ? "Holiday" : holiday.Name.Trim()));
            if (holiday.Name is { Length: > 200 })
                validation.Add("holidays", "A holiday's name must be at most 200 characters long.");
        }
        return [.. parsed.OrderBy(h => h.Date)];
    }

    private static List<SeverityPriority> Severities(IReadOnlyList<SeverityPrioritySetting> severities, Validation validation)
    {
        var parsed = new List<SeverityPriority>();
        foreach (var severity in severities)
        {
            var priority = Parse<IncidentPriority>(severity.Priority, "severityPriorities", validation);
            if (string.IsNullOrWhiteSpace(severity.Severity) || severity.Severity.Length > 50)
                validation.Add("severityPriorities", "Every severity needs a name of 1 to 50 characters.");
            else if (parsed.Any(p => string.Equals(p.Severity, severity.Severity.Trim(), StringComparison.OrdinalIgnoreCase)))
                validation.Add("severityPriorities", $"Severity '{severity.Severity}' is given more than once.");
            else
                parsed.Add(new SeverityPriority(severity.Severity.Trim(), priority));
        }
        return parsed;
    }

    private static TEnum Parse<TEnum>(string? text, string field, Validation validation)
        where TEnum : struct, Enum
    {
        if (WireNames.TryParse<TEnum>(text, out var value))
            return value;
        validation.Add(field, $"'{text}' is not one of: {string.Join(", ", WireNames.All<TEnum>())}.");
        return default;
    }
}
