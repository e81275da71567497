using Guardrail.Core.Access;
using Guardrail.Core.Audit;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guardrail.Core.Persistence;

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> team)
    {
        team.HasIndex(t => t.Key).IsUnique();
        team.Property(t => t.Key).HasMaxLength(63);
        team.Property(t => t.Name).HasMaxLength(200);
        team.Property(t => t.Description).HasMaxLength(2000);
        team.Property(t => t.ContactEmail).HasMaxLength(254);
        team.Property(t => t.Version).IsConcurrencyToken();
    }
}

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> service)
    {
        service.HasIndex(s => s.Key).IsUnique();
        service.HasIndex(s => s.Name);
        service.Property(s => s.Key).HasMaxLength(63);
        service.Property(s => s.Name).HasMaxLength(200);
        service.Property(s => s.Description).HasMaxLength(2000);
        service.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        service.Property(s => s.Criticality).HasConversion<string>().HasMaxLength(20);
        service.Property(s => s.Version).IsConcurrencyToken();
        service.HasOne(s => s.OwnerTeam).WithMany().HasForeignKey(s => s.OwnerTeamId).OnDelete(DeleteBehavior.Restrict);
        service.HasOne(s => s.BusinessService).WithMany().HasForeignKey(s => s.BusinessServiceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EnvironmentConfiguration : IEntityTypeConfiguration<DeploymentEnvironment>
{
    public void Configure(EntityTypeBuilder<DeploymentEnvironment> environment)
    {
        environment.ToTable("Environments");
        environment.HasIndex(e => e.Key).IsUnique();
        environment.Property(e => e.Key).HasMaxLength(63);
        environment.Property(e => e.Name).HasMaxLength(200);
        environment.Property(e => e.Description).HasMaxLength(2000);
        environment.Property(e => e.Tier).HasConversion<string>().HasMaxLength(20);
        environment.Property(e => e.Version).IsConcurrencyToken();
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> token)
    {
        token.HasIndex(t => t.SecretHash).IsUnique();
        token.Property(t => t.Name).HasMaxLength(100);
        token.Property(t => t.Prefix).HasMaxLength(16);
        token.Property(t => t.SecretHash).HasMaxLength(64);
        token.Property(t => t.CreatedBy).HasMaxLength(200);
        token.Property(t => t.OwnerUserName).HasMaxLength(100);
        token.Property(t => t.Role).HasConversion<string>().HasMaxLength(20);
        token.Property(t => t.Version).IsConcurrencyToken();
    }
}

internal sealed class UserAccountConfiguration : IEntityTypeConfiguration<UserAccount>
{
    public void Configure(EntityTypeBuilder<UserAccount> user)
    {
        user.ToTable("Users");
        user.HasIndex(u => u.UserName).IsUnique();
        user.Property(u => u.UserName).HasMaxLength(100);
        user.Property(u => u.DisplayName).HasMaxLength(200);
        user.Property(u => u.PasswordHash).HasMaxLength(200);
        user.Property(u => u.Role).HasConversion<string>().HasMaxLength(20);
        user.Property(u => u.Email).HasMaxLength(320);
        user.Property(u => u.ScmLogin).HasMaxLength(100);
        user.Property(u => u.SlackUserId).HasMaxLength(50);
        user.HasIndex(u => u.SlackUserId).IsUnique();
        user.Property(u => u.Version).IsConcurrencyToken();
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.HasIndex(e => new { e.RecordType, e.RecordId });
        entry.Property(e => e.Actor).HasMaxLength(200);
        entry.Property(e => e.Action).HasMaxLength(100);
        entry.Property(e => e.RecordType).HasMaxLength(50);
        entry.Property(e => e.RecordId).HasMaxLength(100);
        entry.Property(e => e.PreviousHash).HasMaxLength(64);
        entry.Property(e => e.Hash).HasMaxLength(64);
    }
}

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> key)
    {
        key.Property(k => k.FriendlyName).HasMaxLength(200);
    }
}
