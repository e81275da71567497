using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Integrations.Outbox;

/// <summary>A run with the outbox message that carries its request.</summary>
public sealed record AutomationRunView(AutomationRun Run, OutboxMessage? Dispatch);

/// <summary>A run with what came back carrying its correlation id.</summary>
public sealed record AutomationRunDetail(AutomationRunView View, IReadOnlyList<PipelineRun> PipelineRuns, IReadOnlyList<Deployment> Deployments);

/// <summary>What came back carrying one correlation id: the pipeline runs it started and their deployments.</summary>
public sealed record AutomationRunReturns(IReadOnlyList<PipelineRun> PipelineRuns, IReadOnlyList<Deployment> Deployments);

/// <summary>
/// Asking a pipeline to run: the run and its outbox message are written in one audited save, so a run is never asked for
/// without being sent, nor sent without being recorded. The pipeline's own events find their way back by the run's
/// correlation id.
/// </summary>
public sealed partial class AutomationRuns(GuardrailDb db, Outbox outbox, AuditTrail audit, TimeProvider clock)
{
    public const int MaxInputs = 24;
    public const int MaxInputLength = 4000;

    /// <summary>The kinds that start something; chat and event sinks only hear about it.</summary>
    public static readonly OutboundTargetKind[] TriggerKinds =
    [
        OutboundTargetKind.GithubWorkflowDispatch, OutboundTargetKind.GithubRepositoryDispatch, OutboundTargetKind.GitlabPipelineTrigger,
        OutboundTargetKind.JenkinsBuild, OutboundTargetKind.Webhook,
    ];

    public async Task<Result<AutomationRunView>> RequestAsync(AutomationRunRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required("target", request.Target, 200).Required("reason", request.Reason, 2000);
        var inputs = request.Inputs ?? new Dictionary<string, string>();
        CheckInputs(validation, inputs);
        if (!validation.IsValid)
            return validation.ToError();

        var target = await FindTargetAsync(request.Target!, cancellationToken);
        if (target is null)
            return new Error("automation-run.unknown_target", $"No target '{request.Target}' exists.", ErrorKind.Validation,
                new Dictionary<string, string[]> { ["target"] = [$"No target '{request.Target}' exists; give a target's name or id."] });
        if (!TriggerKinds.Contains(target.Kind))
            return new Error("automation-run.target_not_triggerable",
                $"A {WireNames.Of(target.Kind)} target cannot run anything; runs go to: {string.Join(", ", TriggerKinds.Select(WireNames.Of))}.", ErrorKind.Validation,
                new Dictionary<string, string[]> { ["target"] = [$"'{target.Name}' is a {WireNames.Of(target.Kind)} target."] });
        if (!target.Enabled)
            return new Error("automation-run.target_disabled", $"The target '{target.Name}' is disabled; enable it first.", ErrorKind.Conflict);

        var now = clock.UtcNow();
        var reason = request.Reason!.Trim();
        var run = new AutomationRun
        {
            TargetId = target.Id,
            CorrelationId = CorrelationIds.New(),
            Inputs = JsonSerializer.Serialize(inputs),
            Reason = reason,
            RequestedBy = actor.Name,
            RequestedAt = now,
            Status = AutomationRunStatus.Requested,
            UpdatedAt = now,
        };
        db.AutomationRuns.Add(run);
        outbox.Enqueue(db, target, OutboxTopics.AutomationRun, new OutboundContent($"{actor} asked {target.Name} to run: {reason}", inputs), run.CorrelationId);
        await audit.SaveAsync(db, actor, cancellationToken);
        return await ViewAsync(run.Id, cancellationToken);
    }

    public async Task<Result<Page<AutomationRunView>>> ListAsync(string? status, long? targetId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        var runs = db.AutomationRuns.AsNoTracking().Include(r => r.Target).AsQueryable();
        if (paging.Value.AfterId > 0)
            runs = runs.Where(r => r.Id < paging.Value.AfterId);
        if (status is not null)
        {
            if (!WireNames.TryParse<AutomationRunStatus>(status, out var wanted))
                return Error.Invalid("status", $"Unknown status '{status}'; one of: {string.Join(", ", WireNames.All<AutomationRunStatus>())}.");
            runs = runs.Where(r => r.Status == wanted);
        }
        if (targetId is { } id)
            runs = runs.Where(r => r.TargetId == id);
        var rows = await runs.OrderByDescending(r => r.Id).Take(paging.Value.Limit + 1).ToListAsync(cancellationToken);
        var page = paging.Value.ToPage(rows, r => r.Id);
        var dispatches = await DispatchesAsync([.. page.Items.Select(r => r.CorrelationId)], cancellationToken);
        return new Page<AutomationRunView>([.. page.Items.Select(r => new AutomationRunView(r, dispatches.GetValueOrDefault(r.CorrelationId)))], page.NextCursor);
    }

    public async Task<Result<AutomationRunDetail>> GetAsync(long id, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(id, cancellationToken);
        if (!view.Succeeded)
            return view.Error;
        var returns = (await ReturnsAsync([view.Value.Run.CorrelationId], cancellationToken))[view.Value.Run.CorrelationId];
        return new AutomationRunDetail(view.Value, returns.PipelineRuns, returns.Deployments);
    }

    /// <summary>
    /// What came back for each correlation id, in two queries for a whole list of runs: the pipeline runs carrying it, and
    /// the deployments carrying it or made by one of those pipeline runs.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, AutomationRunReturns>> ReturnsAsync(IReadOnlyCollection<string> correlationIds, CancellationToken cancellationToken)
    {
        var ids = correlationIds.Distinct().ToList();
        var pipelineRuns = await db.PipelineRuns.AsNoTracking().Where(r => r.CorrelationId != null && ids.Contains(r.CorrelationId))
            .OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var correlationOfRun = pipelineRuns.ToDictionary(r => r.Id, r => r.CorrelationId);
        var pipelineRunIds = pipelineRuns.Select(r => (long?)r.Id).ToList();
        var deployments = await db.Deployments.AsNoTracking().Include(d => d.Service)
            .Where(d => (d.CorrelationId != null && ids.Contains(d.CorrelationId)) || pipelineRunIds.Contains(d.PipelineRunId))
            .OrderBy(d => d.Id).ToListAsync(cancellationToken);
        return ids.ToDictionary(id => id, id => new AutomationRunReturns(
            [.. pipelineRuns.Where(r => r.CorrelationId == id)],
            [.. deployments.Where(d => d.CorrelationId == id || (d.PipelineRunId is { } run && correlationOfRun.GetValueOrDefault(run) == id))]));
    }

    private async Task<Result<AutomationRunView>> ViewAsync(long id, CancellationToken cancellationToken)
    {
        var run = await db.AutomationRuns.AsNoTracking().Include(r => r.Target).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null)
            return Error.NotFound("automation-run", id.ToString(CultureInfo.InvariantCulture));
        var dispatches = await DispatchesAsync([run.CorrelationId], cancellationToken);
        return new AutomationRunView(run, dispatches.GetValueOrDefault(run.CorrelationId));
    }

    private async Task<Dictionary<string, OutboxMessage>> DispatchesAsync(List<string> correlationIds, CancellationToken cancellationToken)
    {
        var messages = await db.OutboxMessages.AsNoTracking().Include(m => m.Target)
            .Where(m => m.Topic == OutboxTopics.AutomationRun && m.CorrelationId != null && correlationIds.Contains(m.CorrelationId))
            .ToListAsync(cancellationToken);
        return messages.ToDictionary(m => m.CorrelationId!);
    }

    private Task<OutboundTarget?> FindTargetAsync(string reference, CancellationToken cancellationToken) =>
        long.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? db.OutboundTargets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken)
            : db.OutboundTargets.AsNoTracking().FirstOrDefaultAsync(t => t.Name == reference, cancellationToken);

    private static void CheckInputs(Validation validation, IReadOnlyDictionary<string, string> inputs)
    {
        if (inputs.Count > MaxInputs)
            validation.Add("inputs", $"At most {MaxInputs} inputs can be passed (got {inputs.Count}); GitHub takes 25, one of which is the correlation id.");
        foreach (var (name, value) in inputs)
        {
            if (!InputName().IsMatch(name))
                validation.Add($"inputs.{name}", $"'{name}' must be 1 to 100 letters, digits or underscores, not starting with a digit, so every kind of pipeline takes it.");
            else if (string.Equals(name, OutboundRequests.CorrelationInput, StringComparison.OrdinalIgnoreCase))
                validation.Add($"inputs.{name}", $"'{name}' is set by Guardrail to the run's correlation id.");
            if (value is null)
                validation.Add($"inputs.{name}", $"'inputs.{name}' must be a string.");
            else if (value.Length > MaxInputLength)
                validation.Add($"inputs.{name}", $"'inputs.{name}' must be at most {MaxInputLength} characters long (it has {value.Length}).");
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,99}$")]
    private static partial Regex InputName();
}
