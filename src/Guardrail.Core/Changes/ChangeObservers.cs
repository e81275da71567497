using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Changes;

/// <summary>A change with the service and environment it is about, as observers need them.</summary>
public sealed record ObservedChange(ChangeRecord Change, Service Service, DeploymentEnvironment Environment);

/// <summary>
/// Told about a change's decisions inside the write that makes them, so what it enqueues (chat messages, callbacks)
/// is saved with the decision or not at all. The toolchain integration implements it; change enablement knows no tool.
/// </summary>
public interface IChangeObserver
{
    /// <summary>The change waits for approvals: ask the approvers.</summary>
    Task AwaitingApprovalAsync(GuardrailDb db, ObservedChange observed, CancellationToken cancellationToken);

    /// <summary>The change was approved or rejected (by the policy, a vote or expiry): answer whoever waits for it.</summary>
    Task DecidedAsync(GuardrailDb db, ObservedChange observed, CancellationToken cancellationToken);
}

/// <summary>
/// Which callback URLs the gate may call: only under a URL an administrator configured, so a pipeline token cannot make
/// Guardrail send requests anywhere it likes.
/// </summary>
public interface ICallbackUrlPolicy
{
    /// <summary>Null when <paramref name="url"/> may be called; else why not, for the caller.</summary>
    Task<string?> RefusalAsync(string url, CancellationToken cancellationToken);
}

/// <summary>Wakes the callers long-polling a change's decision on this node as soon as it is saved.</summary>
public sealed class ChangeDecisionSignal
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, TaskCompletionSource> _waiting = [];

    /// <summary>A task that completes at the next <see cref="Notify"/> of the change.</summary>
    public Task NextAsync(long changeId)
    {
        lock (_lock)
        {
            if (!_waiting.TryGetValue(changeId, out var source))
                _waiting[changeId] = source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return source.Task;
        }
    }

    public void Notify(long changeId)
    {
        TaskCompletionSource? source;
        lock (_lock)
        {
            if (_waiting.Remove(changeId, out source) is false)
                return;
        }
        source!.TrySetResult();
    }
}
