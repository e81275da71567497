namespace Guardrail.Contracts;

public sealed record AuditEntryResponse(
    long Id,
    DateTime At,
    string Actor,
    string Action,
    string RecordType,
    string RecordId,
    string? Before,
    string? After,
    string PreviousHash,
    string Hash);

public sealed record AuditVerificationResponse(bool Intact, long EntriesChecked, long? FirstBrokenEntryId, string? Problem);
