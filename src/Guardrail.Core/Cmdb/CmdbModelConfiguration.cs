using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guardrail.Core.Cmdb;

internal sealed class ConfigurationItemConfiguration : IEntityTypeConfiguration<ConfigurationItem>
{
    public void Configure(EntityTypeBuilder<ConfigurationItem> ci)
    {
        ci.ToTable("ConfigurationItems");
        ci.HasIndex(c => c.Key).IsUnique();
        ci.HasIndex(c => new { c.Class, c.Name });
        ci.HasIndex(c => c.Name);
        ci.HasIndex(c => c.ServiceId);
        ci.Property(c => c.Key).HasMaxLength(512);
        ci.Property(c => c.Name).HasMaxLength(300);
        ci.Property(c => c.Scope).HasMaxLength(300);
        ci.Property(c => c.Class).HasConversion<string>().HasMaxLength(30);
        ci.Property(c => c.Status).HasConversion<string>().HasMaxLength(10);
        ci.Property(c => c.Version).IsConcurrencyToken();
        ci.HasOne<ServiceCatalog.Service>().WithMany().HasForeignKey(c => c.ServiceId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class CiSourceFactConfiguration : IEntityTypeConfiguration<CiSourceFact>
{
    public void Configure(EntityTypeBuilder<CiSourceFact> fact)
    {
        fact.ToTable("CiSourceFacts");
        fact.HasKey(f => new { f.ImportScope, f.CiId });
        fact.HasIndex(f => f.CiId);
        fact.Property(f => f.ImportScope).HasMaxLength(200);
        fact.Property(f => f.Source).HasMaxLength(50);
        fact.Property(f => f.Name).HasMaxLength(300);
        fact.Property(f => f.Scope).HasMaxLength(300);
        fact.Property(f => f.Fingerprint).HasMaxLength(64);
        fact.Property(f => f.Class).HasConversion<string>().HasMaxLength(30);
        fact.HasOne(f => f.Ci).WithMany().HasForeignKey(f => f.CiId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CiVersionConfiguration : IEntityTypeConfiguration<CiVersion>
{
    public void Configure(EntityTypeBuilder<CiVersion> version)
    {
        version.ToTable("CiVersions");
        version.HasIndex(v => new { v.CiId, v.Version }).IsUnique();
        version.HasIndex(v => v.ValidFrom);
        version.Property(v => v.Name).HasMaxLength(300);
        version.Property(v => v.Scope).HasMaxLength(300);
        version.Property(v => v.ChangedBy).HasMaxLength(200);
        version.Property(v => v.Class).HasConversion<string>().HasMaxLength(30);
        version.Property(v => v.Status).HasConversion<string>().HasMaxLength(10);
        version.HasOne(v => v.Ci).WithMany().HasForeignKey(v => v.CiId).OnDelete(DeleteBehavior.Cascade);
        version.HasOne(v => v.Run).WithMany().HasForeignKey(v => v.RunId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class RelationshipConfiguration : IEntityTypeConfiguration<Relationship>
{
    public void Configure(EntityTypeBuilder<Relationship> relationship)
    {
        relationship.ToTable("CiRelationships");
        relationship.HasIndex(r => new { r.FromCiId, r.Type, r.ToCiId, r.ImportScope });
        relationship.HasIndex(r => r.ToCiId);
        relationship.HasIndex(r => r.ImportScope);
        relationship.Property(r => r.ImportScope).HasMaxLength(200);
        relationship.Property(r => r.Evidence).HasMaxLength(1000);
        relationship.Property(r => r.Type).HasConversion<string>().HasMaxLength(20);
        relationship.Property(r => r.Status).HasConversion<string>().HasMaxLength(10);
        relationship.Property(r => r.Version).IsConcurrencyToken();
        relationship.HasOne(r => r.From).WithMany().HasForeignKey(r => r.FromCiId).OnDelete(DeleteBehavior.Cascade);
        relationship.HasOne(r => r.To).WithMany().HasForeignKey(r => r.ToCiId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> run)
    {
        run.ToTable("CmdbImportRuns");
        run.HasIndex(r => r.ImportScope);
        run.Property(r => r.Source).HasMaxLength(50);
        run.Property(r => r.ImportScope).HasMaxLength(200);
        run.Property(r => r.RequestedBy).HasMaxLength(200);
        run.Property(r => r.Version).IsConcurrencyToken();
    }
}

internal sealed class UnresolvedRecordConfiguration : IEntityTypeConfiguration<UnresolvedRecord>
{
    public void Configure(EntityTypeBuilder<UnresolvedRecord> unresolved)
    {
        unresolved.ToTable("CmdbUnresolvedReferences");
        unresolved.HasIndex(u => u.RunId);
        unresolved.Property(u => u.FromKey).HasMaxLength(512);
        unresolved.Property(u => u.Reference).HasMaxLength(1000);
        unresolved.Property(u => u.Reason).HasMaxLength(1000);
        unresolved.HasOne(u => u.Run).WithMany().HasForeignKey(u => u.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
