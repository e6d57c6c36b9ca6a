using LiveBoard.Core.Marking;
using System.Collections.Concurrent;
using LiveBoard.Server.Data;
using LiveBoard.Server.Live;
using Microsoft.Extensions.Options;

namespace LiveBoard.Server.Marking;

/// A mark that could not be stored because another write reached its cell, key or superseded mark first
/// (a unique index said no). Thrown by MarkingService.SaveBatchAsync for a batch of one, answered by MarkingService.ConflictAnswerAsync.
public sealed class MarkConflict(Mark mark, Exception inner) : Exception("Another write reached the same cell first", inner)
{
    public Mark Mark { get; } = mark;
}

/// A job that depends on a mark saved earlier in the same batch (its cell, key or superseded mark): the batch runs
/// again one job at a time, where each sees the one before it committed.
public sealed class MarkBatchCollision() : Exception("A job depends on an unsaved mark of its batch");

/// The one writer of marks on this node. Submissions and corrections queue here and commit together, many in one
/// transaction (group commit): a burst of marks costs one BEGIN/COMMIT and one recomputation of each stage it
/// touched, not one per mark, and writers never wait on each other's database lock (SQLite waits for a busy lock by
/// sleeping and retrying, which under load cost seconds per mark).
/// Whatever fails in a batch of several, the batch is rolled back and each of its jobs runs again alone, so one
/// conflicting mark never costs the others theirs; alone, a conflict is answered with what is current now.
/// No thread waits for work: the first caller that finds the writer idle starts it, and it stops when the queue is empty.
public sealed partial class MarkWriter(IServiceScopeFactory scopes, IOptions<MarkingOptions> options, ILogger<MarkWriter> logger,
    Telemetry.LiveMetrics metrics, TimeProvider time)
{
    public delegate Task<MarkResult> Work(MarkingService marking, CancellationToken ct);

    sealed record Job(Work Work, CancellationToken Aborted)
    {
        public TaskCompletionSource<MarkResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    readonly ConcurrentQueue<Job> queue = new();
    int running;

    /// Runs `work` in the next batch. The caller's token only withdraws a job that has not started: once its batch
    /// runs, the job finishes (its mark may commit after the caller left, and a retry with the same key finds it).
    public Task<MarkResult> RunAsync(Work work, CancellationToken ct)
    {
        var job = new Job(work, ct);
        queue.Enqueue(job);
        if (Interlocked.CompareExchange(ref running, 1, 0) == 0) _ = Task.Run(DrainAsync, CancellationToken.None);
        return job.Done.Task.WaitAsync(ct);
    }

    async Task DrainAsync()
    {
        while (true)
        {
            var batch = new List<Job>();
            while (batch.Count < options.Value.MaxBatch && queue.TryDequeue(out var job))
                if (job.Aborted.IsCancellationRequested) job.Done.TrySetCanceled(job.Aborted);
                else batch.Add(job);
            if (batch.Count == 0)
            {
                Volatile.Write(ref running, 0);
                // A job queued after the look above but before the flag dropped would wait for the next caller: look again.
                if (queue.IsEmpty || Interlocked.CompareExchange(ref running, 1, 0) != 0) return;
                continue;
            }
            try { await WriteAsync(batch); }
            catch (Exception e)
            {
                // WriteAsync answers every job itself; this only keeps an unforeseen failure from stopping the writer.
                foreach (var job in batch) job.Done.TrySetException(e);
            }
        }
    }

    async Task WriteAsync(List<Job> batch)
    {
        if (batch.Count > 1)
        {
            try
            {
                Complete(batch, await CommitAsync(batch));
                return;
            }
            catch (Exception e)
            {
                Log.BatchRetried(logger, batch.Count, e.GetType().Name);
            }
        }
        foreach (var job in batch)
        {
            try { Complete([job], await CommitAsync([job])); }
            catch (Exception e) { job.Done.TrySetException(e); }
        }
    }

    static void Complete(List<Job> jobs, MarkResult[] results)
    {
        for (var i = 0; i < jobs.Count; i++) jobs[i].Done.TrySetResult(results[i]);
    }

    /// One transaction for the jobs: their marks and events, then the standings of every stage they touched.
    async Task<MarkResult[]> CommitAsync(List<Job> jobs)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveBoardDb>();
        var live = scope.ServiceProvider.GetRequiredService<LiveChanges>();
        var marking = scope.ServiceProvider.GetRequiredService<MarkingService>();
        var started = time.GetTimestamp();
        var ct = CancellationToken.None; // jobs share the transaction: one caller leaving must not undo the others
        var results = new MarkResult[jobs.Count];
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            try
            {
                for (var i = 0; i < jobs.Count; i++) results[i] = await jobs[i].Work(marking, ct);
                await marking.SaveBatchAsync(ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (MarkConflict conflict) when (jobs.Count == 1)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                live.Discard();
                return [await marking.ConflictAnswerAsync(conflict.Mark, ct)];
            }
            catch
            {
                live.Discard();
                throw;
            }
        }
        var published = live.Publish();
        var took = time.GetElapsedTime(started);
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i] is not { Mark: { } mark, Replayed: false }) continue;
            metrics.RecordMarkWrite(took);
            MarkingService.LogIfSlow(logger, mark, took, options.Value.SlowWrite);
            // The highest public seq of the batch: a viewer holding it has seen this mark too.
            var channel = Channels.Public(mark.CompetitionId);
            results[i] = results[i] with { PublicSeq = published.Where(e => e.Channel == channel).Select(e => (long?)e.Seq).Max() };
        }
        return results;
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 2010, EventName = "MarkBatchRetried", Level = LogLevel.Information,
            Message = "A batch of {Count} marks failed ({Error}); each runs again alone")]
        public static partial void BatchRetried(ILogger logger, int count, string error);
    }
}
