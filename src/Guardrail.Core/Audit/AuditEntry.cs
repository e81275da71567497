namespace Guardrail.Core.Audit;

/// <summary>One append-only link of the audit chain. <see cref="Hash"/> covers every other field and <see cref="PreviousHash"/>.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string RecordType { get; set; }

    public required string RecordId { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }
}
