using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Incidents;

/// <summary>
/// Keeps the SLA clocks of open incidents current: a clock that passes its warning share or breaches is flagged when it
/// happens, with one timeline line each, and new settings move the due times. Safe on several nodes at once: the version
/// of each incident decides which node's write lands, and the other finds nothing left to flag.
/// </summary>
public sealed class IncidentSlaMonitor(GuardrailDb db, AuditTrail audit, IncidentSettingsStore settings, TimeProvider clock)
{
    /// <summary>Returns how many incidents changed.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var current = await settings.CurrentAsync(cancellationToken);
        var now = clock.UtcNow();
        var open = await db.Incidents.Include(i => i.Pauses)
            .Where(i => i.State != IncidentState.Resolved && i.State != IncidentState.Closed)
            .AsSplitQuery().ToListAsync(cancellationToken);
        var changed = open.Where(incident => IncidentSla.Refresh(incident, current, now)).ToList();
        if (changed.Count == 0)
            return 0;
        foreach (var incident in changed)
        {
            incident.Version++;
            incident.UpdatedAt = now;
        }
        try
        {
            await audit.SaveAsync(db, IncidentSla.Monitor, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone wrote one of these incidents meanwhile, and refreshed its clocks with it; the next check sees the rest.
            db.ChangeTracker.Clear();
            return 0;
        }
        return changed.Count;
    }
}
