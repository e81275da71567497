using Guardrail.Core.Audit;

namespace Guardrail.Core.Tests.Audit;

public class AuditHashTests
{
    private static AuditEntry Entry() => new()
    {
        Id = 7,
        At = new DateTime(2026, 11, 26, 13, 0, 0, DateTimeKind.Utc),
        Actor = "user:alice",
        Action = "service.updated",
        RecordType = "service",
        RecordId = "42",
        Before = """{"name":"Payments"}""",
        After = """{"name":"Payments API"}""",
        PreviousHash = AuditTrail.GenesisHash,
        Hash = "",
    };

    [Fact]
    public void The_hash_is_deterministic_hex_sha256()
    {
        var hash = AuditTrail.ComputeHash(Entry());

        Assert.Equal(hash, AuditTrail.ComputeHash(Entry()));
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }

    [Fact]
    public void The_hash_ignores_the_id_and_the_stored_hash()
    {
        var other = Entry();
        other.Id = 8;
        other.Hash = "something";

        Assert.Equal(AuditTrail.ComputeHash(Entry()), AuditTrail.ComputeHash(other));
    }

    public static TheoryData<string> Fields =>
        ["Actor", "Action", "RecordType", "RecordId", "Before", "After", "Before=null", "After=null", "At", "PreviousHash"];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Changing_any_single_field_changes_the_hash(string field)
    {
        var changed = Entry();
        switch (field)
        {
            case "Actor": changed.Actor = "user:mallory"; break;
            case "Action": changed.Action = "service.deleted"; break;
            case "RecordType": changed.RecordType = "team"; break;
            case "RecordId": changed.RecordId = "43"; break;
            case "Before": changed.Before = """{"name":"Payment"}"""; break;
            case "After": changed.After = """{"name":"Payments API!"}"""; break;
            case "Before=null": changed.Before = null; break;
            case "After=null": changed.After = null; break;
            case "At": changed.At = changed.At.AddTicks(1); break;
            case "PreviousHash": changed.PreviousHash = new string('1', 64); break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "No such field.");
        }

        Assert.NotEqual(AuditTrail.ComputeHash(Entry()), AuditTrail.ComputeHash(changed));
    }
}
