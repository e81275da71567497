using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guardrail.Core.Problems;

internal sealed class ProblemConfiguration : IEntityTypeConfiguration<Problem>
{
    public void Configure(EntityTypeBuilder<Problem> problem)
    {
        problem.ToTable("Problems");
        problem.Ignore(p => p.Number);
        problem.Ignore(p => p.IsKnownError);
        // The known-error list: problems in that state, newest known error first.
        problem.HasIndex(p => new { p.State, p.KnownErrorAt });
        problem.HasIndex(p => p.FixChangeId);
        problem.Property(p => p.Title).HasMaxLength(300);
        problem.Property(p => p.Description).HasMaxLength(10_000);
        problem.Property(p => p.Symptoms).HasMaxLength(10_000);
        problem.Property(p => p.State).HasConversion<string>().HasMaxLength(30);
        problem.Property(p => p.RootCause).HasMaxLength(10_000);
        problem.Property(p => p.Workaround).HasMaxLength(10_000);
        problem.Property(p => p.Fix).HasMaxLength(10_000);
        problem.Property(p => p.CreatedBy).HasMaxLength(200);
        problem.Property(p => p.Version).IsConcurrencyToken();
        problem.HasOne(p => p.FixChange).WithMany().HasForeignKey(p => p.FixChangeId).OnDelete(DeleteBehavior.Restrict);
        problem.HasMany(p => p.Services).WithOne().HasForeignKey(l => l.ProblemId).OnDelete(DeleteBehavior.Cascade);
        problem.HasMany(p => p.Incidents).WithOne().HasForeignKey(l => l.ProblemId).OnDelete(DeleteBehavior.Cascade);
        problem.HasMany(p => p.Events).WithOne().HasForeignKey(e => e.ProblemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProblemServiceConfiguration : IEntityTypeConfiguration<ProblemService>
{
    public void Configure(EntityTypeBuilder<ProblemService> link)
    {
        link.ToTable("ProblemServices");
        link.HasKey(l => new { l.ProblemId, l.ServiceId });
        link.HasIndex(l => l.ServiceId);
        link.HasOne(l => l.Service).WithMany().HasForeignKey(l => l.ServiceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProblemIncidentConfiguration : IEntityTypeConfiguration<ProblemIncident>
{
    public void Configure(EntityTypeBuilder<ProblemIncident> link)
    {
        link.ToTable("ProblemIncidents");
        link.HasIndex(l => new { l.ProblemId, l.IncidentId }).IsUnique();
        link.HasIndex(l => l.IncidentId);
        link.Property(l => l.LinkedBy).HasMaxLength(200);
        link.HasOne(l => l.Incident).WithMany().HasForeignKey(l => l.IncidentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProblemEventConfiguration : IEntityTypeConfiguration<ProblemEvent>
{
    public void Configure(EntityTypeBuilder<ProblemEvent> problemEvent)
    {
        problemEvent.ToTable("ProblemEvents");
        problemEvent.HasIndex(e => new { e.ProblemId, e.Id });
        problemEvent.Property(e => e.Actor).HasMaxLength(200);
        problemEvent.Property(e => e.Kind).HasMaxLength(50);
        problemEvent.Property(e => e.Message).HasMaxLength(4000);
    }
}
