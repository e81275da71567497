using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Changes.Policy;

/// <summary>Validating, applying, showing and comparing versions of the change policy.</summary>
public sealed class ChangePolicies(GuardrailDb db, AuditTrail audit, TimeProvider clock, ActivePolicy active)
{
    public const int MaxDocumentLength = 1_000_000;

    public static Result<PolicyParseResult> Validate(string? document)
    {
        if (string.IsNullOrWhiteSpace(document))
            return Error.Invalid("document", "'document' is required: the YAML text of a ChangePolicy.");
        if (document.Length > MaxDocumentLength)
            return Error.Invalid("document", $"The policy document must be at most {MaxDocumentLength:N0} characters long (it has {document.Length:N0}).");
        return ChangePolicyDocument.Parse(document);
    }

    /// <summary>Stores the document as the next version and puts it in force; the same text as the version in force changes nothing.</summary>
    public async Task<Result<(ChangePolicyVersion Version, bool Created)>> ApplyAsync(string? document, Actor actor, CancellationToken cancellationToken)
    {
        var parsed = Validate(document);
        if (!parsed.Succeeded)
            return parsed.Error;
        if (!parsed.Value.IsValid)
            return Invalid(parsed.Value);
        var digest = ChangePolicyDocument.Digest(document!);
        var newest = await db.ChangePolicyVersions.AsNoTracking().OrderByDescending(v => v.Id).FirstOrDefaultAsync(cancellationToken);
        if (newest?.Digest == digest)
            return (newest, false);
        var version = new ChangePolicyVersion
        {
            Name = parsed.Value.Policy!.Name,
            Document = document!,
            Digest = digest,
            AppliedBy = actor.Name,
            AppliedAt = clock.UtcNow(),
        };
        db.ChangePolicyVersions.Add(version);
        await audit.SaveAsync(db, actor, cancellationToken);
        active.Invalidate();
        return (version, true);
    }

    /// <summary>Applies the built-in default policy when no version exists yet, so the gate can decide from the first start.</summary>
    public async Task EnsureInForceAsync(CancellationToken cancellationToken)
    {
        if (await db.ChangePolicyVersions.AnyAsync(cancellationToken))
            return;
        var applied = await ApplyAsync(ChangePolicyDocument.DefaultYaml, Actor.System, cancellationToken);
        if (!applied.Succeeded)
            throw new InvalidOperationException("The built-in default change policy is invalid: " + applied.Error.Message);
    }

    public async Task<IReadOnlyList<ChangePolicyVersion>> ListAsync(CancellationToken cancellationToken) =>
        await db.ChangePolicyVersions.AsNoTracking().OrderByDescending(v => v.Id)
            .Select(v => new ChangePolicyVersion { Id = v.Id, Name = v.Name, Digest = v.Digest, AppliedBy = v.AppliedBy, AppliedAt = v.AppliedAt, Document = "" })
            .ToListAsync(cancellationToken);

    /// <summary>A version by number, or the one in force when <paramref name="version"/> is null.</summary>
    public async Task<Result<ChangePolicyVersion>> GetAsync(long? version, CancellationToken cancellationToken)
    {
        var query = db.ChangePolicyVersions.AsNoTracking();
        var found = version is { } number
            ? await query.FirstOrDefaultAsync(v => v.Id == number, cancellationToken)
            : await query.OrderByDescending(v => v.Id).FirstOrDefaultAsync(cancellationToken);
        return found is null ? Error.NotFound("policy version", version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "current") : found;
    }

    /// <summary>What applying <paramref name="document"/> would change against the version in force.</summary>
    public async Task<Result<(long? CurrentVersion, string Unified)>> DiffAsync(string? document, CancellationToken cancellationToken)
    {
        var parsed = Validate(document);
        if (!parsed.Succeeded)
            return parsed.Error;
        var current = await db.ChangePolicyVersions.AsNoTracking().OrderByDescending(v => v.Id).FirstOrDefaultAsync(cancellationToken);
        return (current?.Id, PolicyDiff.Unified(current?.Document ?? "", document!));
    }

    public static Error Invalid(PolicyParseResult parsed) =>
        new("policy.invalid",
            $"The policy is invalid ({parsed.Problems.Count} problem{(parsed.Problems.Count == 1 ? "" : "s")}): {parsed.Problems[0]}",
            ErrorKind.Validation,
            parsed.Problems.GroupBy(p => string.IsNullOrEmpty(p.Path) ? "document" : p.Path)
                .ToDictionary(g => g.Key, g => g.Select(p => p.ToString()).ToArray()));
}
