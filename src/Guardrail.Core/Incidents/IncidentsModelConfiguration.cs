using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guardrail.Core.Incidents;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> alert)
    {
        alert.HasIndex(a => new { a.Source, a.Fingerprint, a.StartsAt }).IsUnique();
        alert.HasIndex(a => new { a.State, a.ServiceId });
        alert.HasIndex(a => a.IncidentId);
        alert.Property(a => a.Source).HasConversion<string>().HasMaxLength(20);
        alert.Property(a => a.Fingerprint).HasMaxLength(300);
        alert.Property(a => a.State).HasConversion<string>().HasMaxLength(20);
        alert.Property(a => a.Title).HasMaxLength(1000);
        alert.Property(a => a.Severity).HasMaxLength(50);
        alert.Property(a => a.ServiceHint).HasMaxLength(300);
        alert.Property(a => a.EnvironmentName).HasMaxLength(200);
        alert.Property(a => a.Url).HasMaxLength(2000);
        alert.HasOne<Service>().WithMany().HasForeignKey(a => a.ServiceId).OnDelete(DeleteBehavior.SetNull);
        alert.HasOne(a => a.Incident).WithMany().HasForeignKey(a => a.IncidentId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> incident)
    {
        incident.ToTable("Incidents");
        incident.Ignore(i => i.Number);
        incident.Ignore(i => i.IsOpen);
        // The queue: open incidents by priority, then by the resolution time they are due.
        incident.HasIndex(i => new { i.State, i.Priority, i.ResolutionDueAt });
        incident.HasIndex(i => i.AlertKey);
        incident.HasIndex(i => i.AssigneeId);
        incident.HasIndex(i => i.TeamId);
        incident.HasIndex(i => i.OpenedAt);
        // The measures read the incidents of a window by resolution and by due time, from these two indexes alone.
        incident.HasIndex(i => new { i.ResolvedAt, i.OpenedAt, i.Priority, i.StartedAt, i.AcknowledgedAt, i.ResolutionDueAt })
            .HasDatabaseName("IX_Incidents_MeasuresByResolution");
        incident.HasIndex(i => new { i.ResolutionDueAt, i.ResolvedAt, i.OpenedAt, i.Priority, i.StartedAt, i.AcknowledgedAt })
            .HasDatabaseName("IX_Incidents_MeasuresByDueTime");
        incident.Property(i => i.Title).HasMaxLength(300);
        incident.Property(i => i.Description).HasMaxLength(10_000);
        incident.Property(i => i.Impact).HasConversion<string>().HasMaxLength(20);
        incident.Property(i => i.Urgency).HasConversion<string>().HasMaxLength(20);
        incident.Property(i => i.Priority).HasConversion<string>().HasMaxLength(20);
        incident.Property(i => i.PrioritySource).HasConversion<string>().HasMaxLength(20);
        incident.Property(i => i.State).HasConversion<string>().HasMaxLength(20);
        incident.Property(i => i.ReporterName).HasMaxLength(200);
        incident.Property(i => i.ReporterEmail).HasMaxLength(320);
        incident.Property(i => i.AlertKey).HasMaxLength(400);
        incident.Property(i => i.ResolutionNotes).HasMaxLength(10_000);
        incident.Property(i => i.ResponseSla).HasConversion<string>().HasMaxLength(20);
        incident.Property(i => i.ResolutionSla).HasConversion<string>().HasMaxLength(20);
        incident.Property(i => i.Version).IsConcurrencyToken();
        incident.HasOne(i => i.Assignee).WithMany().HasForeignKey(i => i.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        incident.HasOne(i => i.Team).WithMany().HasForeignKey(i => i.TeamId).OnDelete(DeleteBehavior.Restrict);
        incident.HasMany(i => i.Services).WithOne().HasForeignKey(l => l.IncidentId).OnDelete(DeleteBehavior.Cascade);
        incident.HasMany(i => i.Cis).WithOne().HasForeignKey(l => l.IncidentId).OnDelete(DeleteBehavior.Cascade);
        incident.HasMany(i => i.Pauses).WithOne().HasForeignKey(p => p.IncidentId).OnDelete(DeleteBehavior.Cascade);
        incident.HasMany(i => i.Events).WithOne().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IncidentServiceConfiguration : IEntityTypeConfiguration<IncidentService>
{
    public void Configure(EntityTypeBuilder<IncidentService> link)
    {
        link.ToTable("IncidentServices");
        link.HasKey(l => new { l.IncidentId, l.ServiceId });
        link.HasIndex(l => l.ServiceId);
        link.HasOne(l => l.Service).WithMany().HasForeignKey(l => l.ServiceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IncidentCiConfiguration : IEntityTypeConfiguration<IncidentCi>
{
    public void Configure(EntityTypeBuilder<IncidentCi> link)
    {
        link.ToTable("IncidentCis");
        link.HasKey(l => new { l.IncidentId, l.CiId });
        link.HasIndex(l => l.CiId);
        link.HasOne(l => l.Ci).WithMany().HasForeignKey(l => l.CiId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IncidentPauseConfiguration : IEntityTypeConfiguration<IncidentPause>
{
    public void Configure(EntityTypeBuilder<IncidentPause> pause)
    {
        pause.ToTable("IncidentPauses");
        pause.HasIndex(p => p.IncidentId);
    }
}

internal sealed class IncidentEventConfiguration : IEntityTypeConfiguration<IncidentEvent>
{
    public void Configure(EntityTypeBuilder<IncidentEvent> incidentEvent)
    {
        incidentEvent.ToTable("IncidentEvents");
        incidentEvent.HasIndex(e => new { e.IncidentId, e.Id });
        incidentEvent.Property(e => e.Actor).HasMaxLength(200);
        incidentEvent.Property(e => e.Kind).HasMaxLength(50);
        incidentEvent.Property(e => e.Message).HasMaxLength(4000);
    }
}

internal sealed class IncidentSettingsConfiguration : IEntityTypeConfiguration<IncidentSettingsRecord>
{
    public void Configure(EntityTypeBuilder<IncidentSettingsRecord> settings)
    {
        settings.ToTable("IncidentSettings");
        settings.Property(s => s.Id).ValueGeneratedNever();
        settings.Property(s => s.Document).HasMaxLength(100_000);
        settings.Property(s => s.Version).IsConcurrencyToken();
    }
}
