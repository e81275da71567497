using System.Text.Json;
using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Changes;

public enum GateDecision
{
    Approved,
    Pending,
    Rejected,

    /// <summary>A receipt: the change was recorded without gating the pipeline.</summary>
    Recorded,
}

/// <summary>Where a gate request came from, for the GitHub deployment protection rule that must be answered at its callback URL.</summary>
public sealed record GithubProtectionRule(string CallbackUrl, string Environment);

/// <summary>
/// The pipeline gate: "may this commit of this service go to this environment?". It finds the change of the pipeline run
/// or makes one, lets the policy decide, and answers at once; a pending change is awaited by long-poll or answered by
/// callback, so no runner has to sit and poll.
/// </summary>
public sealed class PipelineGate(
    GuardrailDb db, TimeProvider clock, ServiceCatalogIndex catalog, ChangeAssessment assessment, ChangeWriter writer,
    ICallbackUrlPolicy callbacks, ChangeDecisionSignal signal)
{
    public const string ReceiptMode = "receipt";
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(2);

    public async Task<Result<ChangeRecord>> DecideAsync(GateRequest request, Actor actor, GithubProtectionRule? githubRule, CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .Optional("artifact", request.Artifact, 1000)
            .Optional("repository", request.Repository, 300)
            .Optional("pipelineRunUrl", request.PipelineRunUrl, 2000)
            .Optional("pipelineRunId", request.PipelineRunId, 500)
            .Optional("requester", request.Requester, 200)
            .Optional("implementer", request.Implementer, 200)
            .Optional("justification", request.Justification, 2000)
            .Optional("model", request.Model, 100)
            .Optional("title", request.Title, 300);
        var service = string.IsNullOrWhiteSpace(request.Service) ? null : catalog.Find(RecordReference.Parse(request.Service));
        if (service is null)
            validation.Add("service", string.IsNullOrWhiteSpace(request.Service) ? "'service' is required: the key of the service being deployed." : $"No service has the key '{request.Service}'.");
        var environment = string.IsNullOrWhiteSpace(request.Environment) ? null : catalog.FindEnvironment(RecordReference.Parse(request.Environment));
        if (environment is null)
            validation.Add("environment", string.IsNullOrWhiteSpace(request.Environment) ? "'environment' is required: the key of the target environment." : $"No environment has the key '{request.Environment}'.");
        if (request.Commit is null && request.Artifact is null)
            validation.Add("commit", "Name what is deployed: 'commit' (a SHA) or 'artifact'.");
        if (request.Commit is { } commit && !ChangeRecords.ShaPattern().IsMatch(commit))
            validation.Add("commit", $"'commit' must be a hexadecimal commit SHA of 7 to 64 characters (got '{commit}').");
        foreach (var sha in request.Commits ?? [])
        {
            if (!ChangeRecords.ShaPattern().IsMatch(sha))
                validation.Add("commits", $"'{sha}' is not a commit SHA (7 to 64 hexadecimal characters).");
        }
        if (request.Files is < 0)
            validation.Add("files", "'files' must not be negative.");
        if (request.Lines is < 0)
            validation.Add("lines", "'lines' must not be negative.");
        if (request.Emergency && string.IsNullOrWhiteSpace(request.Justification))
            validation.Add("justification", "An emergency change needs a 'justification'.");
        if (request.Mode is not (null or "gate" or ReceiptMode))
            validation.Add("mode", "'mode' must be gate (wait for a decision) or receipt (record the change without gating).");
        foreach (var (key, value) in request.Evidence ?? new Dictionary<string, string>())
        {
            if (key.Length is 0 or > 100 || value.Length > 200)
                validation.Add("evidence", $"Evidence '{key}' is too long: keys up to 100 characters, values up to 200.");
        }
        if (request.Evidence is { Count: > 50 })
            validation.Add("evidence", "At most 50 pieces of evidence.");
        var callbackUrl = request.CallbackUrl?.Trim();
        if (callbackUrl is not null)
        {
            if (await callbacks.RefusalAsync(callbackUrl, cancellationToken) is { } refusal)
                validation.Add("callbackUrl", refusal);
        }
        if (!validation.IsValid)
            return validation.ToError();

        var runKey = RunKey(request, githubRule);
        if (runKey is not null && await ExistingAsync(runKey, cancellationToken) is { } existing)
            return existing;

        var now = clock.UtcNow();
        var receipt = request.Mode == ReceiptMode;
        var change = new ChangeRecord
        {
            Title = request.Title?.Trim() ?? $"Deploy {service!.Key} {ShortVersion(request)} to {environment!.Key}",
            Model = request.Model?.Trim() ?? ChangeRecord.DeploymentModel,
            Type = request.Emergency ? ChangeType.Emergency : ChangeType.Normal,
            State = ChangeState.Requested,
            ServiceId = service!.Id,
            EnvironmentId = environment!.Id,
            Requester = request.Requester?.Trim() ?? actor.Name,
            Implementer = request.Implementer?.Trim(),
            PlannedStart = now,
            PlannedEnd = now,
            Repository = request.Repository?.Trim(),
            CommitSha = request.Commit?.ToLowerInvariant(),
            Artifact = request.Artifact,
            PipelineRunUrl = request.PipelineRunUrl,
            PipelineRunKey = runKey,
            Evidence = JsonSerializer.Serialize(request.Evidence ?? new Dictionary<string, string>(), ChangeAssessment.Json),
            Justification = request.Justification?.Trim(),
            IsReceipt = receipt,
            CallbackUrl = callbackUrl,
            GithubCallbackUrl = githubRule?.CallbackUrl,
            GithubEnvironment = githubRule?.Environment,
            CreatedAt = now,
            UpdatedAt = now,
        };
        change.Commits.AddRange((request.Commits ?? []).Select(s => s.ToLowerInvariant()).Distinct().Select(s => new ChangeCommit { Sha = s }));
        change.Record(now, actor, "requested", $"Requested by {change.Requester} through the pipeline gate" + (request.PipelineRunUrl is null ? "." : $" from {request.PipelineRunUrl}."));
        await assessment.AssessAsync(change, service, environment, new ChangeSize(request.Files, request.Lines), actor, cancellationToken);
        if (receipt && change.State is ChangeState.Scheduled or ChangeState.Authorisation or ChangeState.Rejected)
        {
            // A receipt records what the pipeline does anyway: the assessment stays on record, the change goes on.
            change.State = ChangeState.Implementation;
            change.Record(now, actor, "receipt", "Recorded as a receipt: the pipeline did not wait for a decision.");
        }
        try
        {
            await writer.WriteAsync(new ObservedChange(change, service, environment), actor, cancellationToken);
        }
        catch (PipelineRunTakenException taken)
        {
            // Another call for the same run won the race; answer with its change. Without one, the write failed for another reason.
            return await ExistingAsync(runKey!, cancellationToken) ?? throw new InvalidOperationException("The gate's change could not be written.", taken.InnerException);
        }
        change.Service = service;
        change.Environment = environment;
        return change;
    }

    /// <summary>The change's current decision; while pending, waits up to <paramref name="wait"/> for one (long-poll).</summary>
    public async Task<Result<ChangeRecord>> AwaitAsync(string reference, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait < TimeSpan.Zero || wait > MaxWait)
            return Error.Invalid("wait", $"'wait' must be between 0 and {MaxWait.TotalSeconds:0} seconds.");
        if (!RecordNumber.Change.TryParse(reference, out var id))
            return Error.NotFound("change", reference);
        var deadline = clock.GetUtcNow() + wait;
        while (true)
        {
            var next = signal.NextAsync(id);
            var change = await db.Changes.AsNoTracking().Include(c => c.Service).Include(c => c.Environment).Include(c => c.Approvals)
                .AsSplitQuery().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (change is null)
                return Error.NotFound("change", reference);
            var left = deadline - clock.GetUtcNow();
            if (DecisionOf(change) != GateDecision.Pending || left <= TimeSpan.Zero)
                return change;
            // Woken at once by a decision on this node; another node's decision is seen at the next look, within a second.
            await Task.WhenAny(next, Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), clock, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public static GateDecision DecisionOf(ChangeRecord change) => change switch
    {
        { IsReceipt: true } => GateDecision.Recorded,
        { State: ChangeState.Requested or ChangeState.Assessment or ChangeState.Authorisation } => GateDecision.Pending,
        { State: ChangeState.Rejected or ChangeState.Cancelled } => GateDecision.Rejected,
        _ => GateDecision.Approved,
    };

    /// <summary>The change of a pipeline run; a cheap look-up first, as nearly every call is for a new run.</summary>
    private async Task<ChangeRecord?> ExistingAsync(string runKey, CancellationToken cancellationToken)
    {
        var id = await db.Changes.Where(c => c.PipelineRunKey == runKey).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken);
        return id is null ? null
            : await db.Changes.AsNoTracking().Include(c => c.Service).Include(c => c.Environment).Include(c => c.Approvals)
                .AsSplitQuery().FirstAsync(c => c.Id == id, cancellationToken);
    }

    /// <summary>What makes a retried call the same request: the run's id, its URL, or the GitHub callback of the protection rule.</summary>
    private static string? RunKey(GateRequest request, GithubProtectionRule? githubRule) =>
        githubRule?.CallbackUrl
        ?? (string.IsNullOrWhiteSpace(request.PipelineRunId) ? null : $"{request.Service}|{request.Environment}|{request.PipelineRunId.Trim()}")
        ?? (string.IsNullOrWhiteSpace(request.PipelineRunUrl) ? null : $"{request.Service}|{request.Environment}|{request.PipelineRunUrl.Trim()}");

    private static string ShortVersion(GateRequest request) =>
        request.Commit is { } sha ? sha[..Math.Min(7, sha.Length)].ToLowerInvariant() : request.Artifact!;
}
