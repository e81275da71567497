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
        alert.Property(a => a.Source).HasConversion<string>().HasMaxLength(20);
        alert.Property(a => a.Fingerprint).HasMaxLength(300);
        alert.Property(a => a.State).HasConversion<string>().HasMaxLength(20);
        alert.Property(a => a.Title).HasMaxLength(1000);
        alert.Property(a => a.Severity).HasMaxLength(50);
        alert.Property(a => a.ServiceHint).HasMaxLength(300);
        alert.Property(a => a.EnvironmentName).HasMaxLength(200);
        alert.Property(a => a.Url).HasMaxLength(2000);
        alert.HasOne<Service>().WithMany().HasForeignKey(a => a.ServiceId).OnDelete(DeleteBehavior.SetNull);
    }
}
