using Guardrail.Core.Integrations.Inbox;
using Guardrail.Core.Integrations.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guardrail.Core.Integrations;

internal sealed class IntegrationConfiguration : IEntityTypeConfiguration<Integration>
{
    public void Configure(EntityTypeBuilder<Integration> integration)
    {
        integration.HasIndex(i => new { i.Kind, i.Name }).IsUnique();
        integration.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
        integration.Property(i => i.Name).HasMaxLength(63);
        integration.Property(i => i.Description).HasMaxLength(2000);
        integration.Property(i => i.ProtectedSecret).HasMaxLength(4000);
        integration.Property(i => i.SecretHint).HasMaxLength(8);
        integration.Property(i => i.Version).IsConcurrencyToken();
    }
}

internal sealed class InboundDeliveryConfiguration : IEntityTypeConfiguration<InboundDelivery>
{
    public void Configure(EntityTypeBuilder<InboundDelivery> delivery)
    {
        delivery.ToTable("InboundDeliveries");
        delivery.HasIndex(d => new { d.IntegrationId, d.DeliveryId }).IsUnique();
        delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
        delivery.HasIndex(d => new { d.IntegrationId, d.ReceivedAt });
        delivery.Property(d => d.Source).HasConversion<string>().HasMaxLength(20);
        delivery.Property(d => d.DeliveryId).HasMaxLength(200);
        delivery.Property(d => d.EventType).HasMaxLength(200);
        delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        delivery.Property(d => d.LastError).HasMaxLength(2000);
        delivery.Property(d => d.Outcome).HasMaxLength(2000);
        delivery.HasOne<Integration>().WithMany().HasForeignKey(d => d.IntegrationId).OnDelete(DeleteBehavior.Restrict);
        delivery.HasOne(d => d.Body).WithOne().HasForeignKey<InboundDeliveryBody>(b => b.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InboundDeliveryBodyConfiguration : IEntityTypeConfiguration<InboundDeliveryBody>
{
    public void Configure(EntityTypeBuilder<InboundDeliveryBody> body)
    {
        body.ToTable("InboundDeliveryBodies");
        body.HasKey(b => b.DeliveryId);
        body.Property(b => b.DeliveryId).ValueGeneratedNever();
    }
}

internal sealed class ExternalWorkItemConfiguration : IEntityTypeConfiguration<ExternalWorkItem>
{
    public void Configure(EntityTypeBuilder<ExternalWorkItem> item)
    {
        item.HasIndex(i => new { i.Source, i.Kind, i.ExternalId }).IsUnique();
        item.Property(i => i.Source).HasConversion<string>().HasMaxLength(20);
        item.Property(i => i.Kind).HasMaxLength(20);
        item.Property(i => i.ExternalId).HasMaxLength(300);
        item.Property(i => i.LastAction).HasMaxLength(50);
        item.Property(i => i.Repository).HasMaxLength(300);
        item.Property(i => i.Title).HasMaxLength(500);
        item.Property(i => i.Url).HasMaxLength(2000);
    }
}

internal sealed class OutboundTargetConfiguration : IEntityTypeConfiguration<OutboundTarget>
{
    public void Configure(EntityTypeBuilder<OutboundTarget> target)
    {
        target.HasIndex(t => t.Name).IsUnique();
        target.Property(t => t.Name).HasMaxLength(63);
        target.Property(t => t.Kind).HasConversion<string>().HasMaxLength(40);
        target.Property(t => t.Url).HasMaxLength(2000);
        target.Property(t => t.ProtectedSecret).HasMaxLength(4000);
        target.Property(t => t.Version).IsConcurrencyToken();
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.ToTable("OutboxMessages");
        message.HasIndex(m => m.IdempotencyKey).IsUnique();
        message.HasIndex(m => new { m.Status, m.NextAttemptAt });
        message.HasIndex(m => m.CorrelationId);
        message.Property(m => m.IdempotencyKey).HasMaxLength(200);
        message.Property(m => m.Topic).HasMaxLength(50);
        message.Property(m => m.CorrelationId).HasMaxLength(100);
        message.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        message.Property(m => m.LastError).HasMaxLength(2000);
        message.Property(m => m.Url).HasMaxLength(2000);
        message.HasOne(m => m.Target).WithMany().HasForeignKey(m => m.TargetId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AutomationRunConfiguration : IEntityTypeConfiguration<AutomationRun>
{
    public void Configure(EntityTypeBuilder<AutomationRun> run)
    {
        run.HasIndex(r => r.CorrelationId).IsUnique();
        run.Property(r => r.CorrelationId).HasMaxLength(100);
        run.Property(r => r.Reason).HasMaxLength(2000);
        run.Property(r => r.RequestedBy).HasMaxLength(200);
        run.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        run.HasOne(r => r.Target).WithMany().HasForeignKey(r => r.TargetId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProtectionRuleRequestConfiguration : IEntityTypeConfiguration<ProtectionRules.ProtectionRuleRequest>
{
    public void Configure(EntityTypeBuilder<ProtectionRules.ProtectionRuleRequest> request)
    {
        request.HasIndex(r => r.AnsweredAt);
        request.Property(r => r.Repository).HasMaxLength(300);
        request.Property(r => r.Environment).HasMaxLength(200);
        request.Property(r => r.Sha).HasMaxLength(64);
        request.Property(r => r.Ref).HasMaxLength(300);
        request.Property(r => r.CallbackUrl).HasMaxLength(2000);
        request.Property(r => r.Requester).HasMaxLength(200);
        request.Property(r => r.Problem).HasMaxLength(1000);
        request.HasOne<Inbox.InboundDelivery>().WithMany().HasForeignKey(r => r.InboundDeliveryId).OnDelete(DeleteBehavior.Cascade);
        request.HasOne<Changes.ChangeRecord>().WithMany().HasForeignKey(r => r.ChangeId).OnDelete(DeleteBehavior.SetNull);
    }
}
