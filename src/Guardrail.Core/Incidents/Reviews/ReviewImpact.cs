using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Incidents.Reviews;

/// <summary>
/// The impact of an incident as its records measure it: how long until it was detected (logged), acknowledged and restored,
/// counted from when the impact started and from when it was logged, and which services, and so which business
/// services, it affected.
/// </summary>
public sealed record ReviewImpact(
    TimeSpan? TimeToDetect,
    TimeSpan? TimeToAcknowledge,
    TimeSpan? TimeToRestoreFromStart,
    TimeSpan? TimeToRestoreFromOpened,
    IReadOnlyList<Service> Services,
    IReadOnlyList<Service> BusinessServices)
{
    public static ReviewImpact Of(Incident incident, ServiceCatalogIndex catalog)
    {
        var services = incident.Services
            .Select(l => catalog.Find(new RecordReference(l.ServiceId, null)))
            .OfType<Service>().OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        var businessServices = services
            .Select(s => s.Kind == ServiceKind.Business ? s : s.BusinessService)
            .OfType<Service>().DistinctBy(s => s.Id).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        return new ReviewImpact(
            Between(incident.StartedAt, incident.OpenedAt),
            Between(incident.OpenedAt, incident.AcknowledgedAt),
            Between(incident.StartedAt, incident.ResolvedAt),
            Between(incident.OpenedAt, incident.ResolvedAt),
            services, businessServices);
    }

    private static TimeSpan? Between(DateTime from, DateTime? to) => to is { } end && end >= from ? end - from : null;
}
