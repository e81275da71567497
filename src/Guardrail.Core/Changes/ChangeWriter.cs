using System.Threading.Channels;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Changes;

/// <summary>A gate's change could not be written because another call for the same pipeline run was written first.</summary>
public sealed class PipelineRunTakenException(Exception cause) : Exception("A change for this pipeline run was written by another call.", cause);

/// <summary>
/// Writes the gate's new changes by group commit: concurrent decisions are saved together, with their audit entries and
/// what the observers enqueue, in one transaction, and each caller is answered once its change is committed. Under load
/// the database sees a few large commits instead of many small ones competing for its one write lock. If a batch fails
/// (two calls for one pipeline run raced), its changes are written one at a time so only the loser is refused.
/// </summary>
public sealed class ChangeWriter(IServiceScopeFactory scopes) : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly Channel<Waiting> _queue = Channel.CreateBounded<Waiting>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Lock _startLock = new();
    private Task? _writer;

    /// <summary>Saves <paramref name="observed"/>'s change, new and assessed, as done by <paramref name="actor"/>; tells the observers unless it is a receipt.</summary>
    public async Task WriteAsync(ObservedChange observed, Actor actor, CancellationToken cancellationToken)
    {
        EnsureStarted();
        var waiting = new Waiting(observed, actor, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(waiting, cancellationToken);
        await waiting.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is { } writer)
            await writer;
    }

    private void EnsureStarted()
    {
        if (_writer is not null)
            return;
        lock (_startLock)
            _writer ??= Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        var batch = new List<Waiting>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                batch.Add(next);
            try
            {
                await SaveAsync(batch);
                foreach (var waiting in batch)
                    waiting.Completion.TrySetResult();
            }
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var waiting in batch)
                    await SaveAloneAsync(waiting);
            }
            catch (Exception failure)
            {
                Fail(batch[0], failure);
            }
        }
    }

    private async Task SaveAloneAsync(Waiting waiting)
    {
        try
        {
            await SaveAsync([waiting]);
            waiting.Completion.TrySetResult();
        }
        catch (Exception failure)
        {
            Fail(waiting, failure);
        }
    }

    private static void Fail(Waiting waiting, Exception failure) =>
        waiting.Completion.TrySetException(failure is DbUpdateException && waiting.Observed.Change.PipelineRunKey is not null
            ? new PipelineRunTakenException(failure)
            : failure);

    private async Task SaveAsync(List<Waiting> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<GuardrailDb>();
        var audit = services.GetRequiredService<AuditTrail>();
        var observers = services.GetServices<IChangeObserver>().ToList();
        var actors = batch.ToDictionary(w => (object)w.Observed.Change, w => w.Actor, ReferenceEqualityComparer.Instance);
        foreach (var waiting in batch)
            db.Changes.Add(waiting.Observed.Change);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await audit.SaveAsync(db, batch[0].Actor, CancellationToken.None, actorOf: entity => actors.GetValueOrDefault(entity));
        foreach (var waiting in batch.Where(w => !w.Observed.Change.IsReceipt))
            await ChangeAssessment.TellAsync(db, observers, waiting.Observed, CancellationToken.None);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private sealed record Waiting(ObservedChange Observed, Actor Actor, TaskCompletionSource Completion);
}
