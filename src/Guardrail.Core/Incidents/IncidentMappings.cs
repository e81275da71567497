using Guardrail.Contracts;
using Guardrail.Core.Common;

namespace Guardrail.Core.Incidents;

public static class IncidentMappings
{
    public static IncidentResponse ToResponse(this Incident incident) =>
        new(incident.Id, incident.Number, incident.Title, WireNames.Of(incident.State), WireNames.Of(incident.Priority), WireNames.Of(incident.PrioritySource),
            WireNames.Of(incident.Impact), WireNames.Of(incident.Urgency), incident.IsMajor, incident.Assignee?.UserName, incident.Team?.Key,
            [.. incident.Services.Select(l => l.Service?.Key ?? "").Order(StringComparer.Ordinal)], incident.ReporterName, incident.ReporterEmail,
            incident.StartedAt, incident.OpenedAt, incident.AcknowledgedAt, incident.ResolvedAt, incident.ClosedAt,
            Sla(incident.ResponseSla, incident.ResponseDueAt, incident, stopped: incident.AcknowledgedAt is not null),
            Sla(incident.ResolutionSla, incident.ResolutionDueAt, incident, stopped: false),
            incident.Version, incident.UpdatedAt);

    public static IncidentDetailResponse ToResponse(this Incident incident, IReadOnlyList<Alert> alerts) =>
        new(incident.ToResponse(), incident.Description, incident.ResolutionNotes,
            [.. incident.Cis.Select(l => new IncidentCiResponse(l.CiId, l.Ci?.Key ?? "", l.Ci is { } ci ? WireNames.Of(ci.Class) : "", l.Ci?.Name ?? ""))],
            [.. alerts.Select(a => new IncidentAlertResponse(a.Id, WireNames.Of(a.Source), a.Fingerprint, WireNames.Of(a.State), a.Title, a.Severity, a.StartsAt, a.EndsAt, a.Url))],
            [.. incident.Events.Select(e => new IncidentEventResponse(e.At, e.Actor, e.Kind, e.Message))],
            [.. IncidentTransitions.From(incident.State).Select(WireNames.Of)]);

    public static IncidentSettingsResponse ToResponse(this StoredIncidentSettings stored)
    {
        var settings = stored.Settings;
        return new(
            [.. settings.PriorityMatrix.Select(c => new PriorityMatrixCell(WireNames.Of(c.Impact), WireNames.Of(c.Urgency), WireNames.Of(c.Priority)))],
            [.. settings.Targets.Select(t => new SlaTargetSetting(WireNames.Of(t.Priority), (int)t.Response.TotalMinutes, (int)t.Resolution.TotalMinutes, WireNames.Of(t.Calendar)))],
            new BusinessHoursSetting(settings.BusinessHours.TimeZone, [.. settings.BusinessHours.WorkingDays.Select(WireNames.Of)],
                settings.BusinessHours.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                settings.BusinessHours.End.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)),
            [.. settings.Holidays.Select(h => new HolidaySetting(h.Date, h.Name))],
            settings.WarningShare,
            [.. settings.SeverityPriorities.Select(s => new SeverityPrioritySetting(s.Severity, WireNames.Of(s.Priority)))],
            WireNames.Of(settings.DefaultAlertPriority),
            (int)settings.ReopenWindow.TotalMinutes,
            stored.Version,
            stored.UpdatedAt);
    }

    /// <summary>A clock is paused while the incident is on hold, unless it stopped already.</summary>
    private static IncidentSlaResponse Sla(SlaState state, DateTime? dueAt, Incident incident, bool stopped) =>
        new(WireNames.Of(state), dueAt, incident.State == IncidentState.OnHold && !stopped);
}
