using Guardrail.Core.Audit;

namespace Guardrail.Core.Changes.Policy;

/// <summary>One applied version of the change policy, kept for ever; every decision names the version that made it.</summary>
[AuditedAs("change-policy")]
public sealed class ChangePolicyVersion
{
    /// <summary>The version number: versions are numbered 1, 2, 3… in the order they were applied.</summary>
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string Document { get; set; }

    /// <summary>SHA-256 of the document, so applying the same text again is recognised and makes no new version.</summary>
    public required string Digest { get; set; }

    public required string AppliedBy { get; set; }

    public DateTime AppliedAt { get; set; }
}
