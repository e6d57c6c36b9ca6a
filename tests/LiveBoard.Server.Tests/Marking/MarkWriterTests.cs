using LiveBoard.Server.Marking;
using LiveBoard.Server.Tests.Infrastructure;
using LiveBoard.Server.Tests.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBoard.Server.Tests.Marking;

/// Marks commit in batches (group commit): the marks queued together share one transaction, and whatever fails in a
/// batch costs only the job that failed.
public class MarkWriterTests : CompetitionTest
{
    MarkWriter Writer => app.Services.GetRequiredService<MarkWriter>();

    MarkWriter.Work Measure(string bib, double value) => (marking, ct) => marking.SubmitUnloggedAsync(t.CompetitionId,
        new MarkSubmission(t.MeasureAspect, t.Competitors[bib], t.Judges[0], value, Guid.NewGuid().ToString(), null), Caller.Internal("test"), ct);

    /// Keeps the writer busy until released, so that the jobs queued meanwhile make up the next batch together.
    async Task<TaskCompletionSource> HoldTheWriter()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Writer.RunAsync(async (_, _) =>
        {
            started.SetResult();
            await release.Task;
            return MarkResult.Reject(400, "test", "held");
        }, default);
        await started.Task;
        return release;
    }

    [Fact]
    public async Task MarksQueuedTogetherCommitTogetherAndEachReachesTheStandings()
    {
        await using var viewer = await Viewer.StartAsync(app.Hub());
        var reply = await viewer.Subscribe($"competition:{t.CompetitionId}");
        var release = await HoldTheWriter();
        var bibs = new[] { "C-01", "C-02", "C-03" };
        var jobs = bibs.Select(bib => Writer.RunAsync(Measure(bib, 1), default)).ToList();
        release.SetResult();
        var results = await Task.WhenAll(jobs);

        Assert.All(results, r => Assert.True(r.Accepted));
        // One commit: every mark of the batch answers with the public seq that carries them all.
        Assert.Single(results.Select(r => r.PublicSeq).Distinct());
        foreach (var bib in bibs)
        {
            var row = await viewer.WaitFor(e => e.IsRowOf(t.PrelimId, t.Competitors[bib]) && e.Seq > reply.Head);
            Assert.Equal(1.00m, row.RowTotal());
        }
    }

    [Fact]
    public async Task AJobFailingInABatchCostsOnlyItselfAndLeavesNoHalfWrittenBatch()
    {
        await using var viewer = await Viewer.StartAsync(app.Hub());
        var reply = await viewer.Subscribe($"competition:{t.CompetitionId}");
        var release = await HoldTheWriter();
        var first = Writer.RunAsync(Measure("C-01", 1), default);
        // Fails after adding a mark of its own to the shared transaction: that mark must not survive.
        var failing = Writer.RunAsync(async (marking, ct) =>
        {
            await Measure("C-02", 1)(marking, ct);
            throw new InvalidOperationException("boom");
        }, default);
        var last = Writer.RunAsync(Measure("C-03", 1), default);
        release.SetResult();

        Assert.True((await first).Accepted);
        Assert.True((await last).Accepted);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        var stored = await app.WithDb(db => db.Marks.Select(m => m.CompetitorId).ToListAsync());
        Assert.Equal(new[] { t.Competitors["C-01"], t.Competitors["C-03"] }.Order(), stored.Order());

        // The log holds the stored marks' events, gap-free, and nothing of the rolled-back attempt; viewers follow it.
        var channel = $"competition:{t.CompetitionId}";
        var logged = await app.WithDb(db => db.Events.Where(e => e.Channel == channel && e.Seq > reply.Head).OrderBy(e => e.Seq).ToListAsync());
        Assert.Equal(Enumerable.Range((int)reply.Head + 1, logged.Count).Select(s => (long)s), logged.Select(e => e.Seq));
        Assert.Contains(logged, e => e.Type == "row" && e.ObjectId == StandingsJson.RowId(t.PrelimId, t.Competitors["C-03"]));
        Assert.All(logged.Where(e => e.Type == "row" && e.ObjectId == StandingsJson.RowId(t.PrelimId, t.Competitors["C-02"])), e =>
            Assert.Equal(0m, System.Text.Json.JsonDocument.Parse(e.Data!).RootElement.GetProperty("row").GetProperty("total").GetDecimal()));
        await viewer.WaitFor(e => e.IsRowOf(t.PrelimId, t.Competitors["C-03"]) && e.Seq > reply.Head && e.RowTotal() == 1.00m);
    }

    [Fact]
    public async Task TwoJobsOfOneBatchForTheSameCellOrKeyAreAnsweredAsIfTheyCameOneAfterTheOther()
    {
        MarkWriter.Work Submit(string bib, double value, string key) => (marking, ct) => marking.SubmitUnloggedAsync(t.CompetitionId,
            new MarkSubmission(t.JudgeAspect, t.Competitors[bib], t.Judges[0], value, key, null), Caller.Internal("test"), ct);
        var release = await HoldTheWriter();
        var first = Writer.RunAsync(Submit("C-01", 2, "key-1"), default);
        var sameCell = Writer.RunAsync(Submit("C-01", 3, "key-2"), default);
        var sameKeyAgain = Writer.RunAsync(Submit("C-01", 2, "key-1"), default);
        var other = Writer.RunAsync(Submit("C-02", 1, "key-3"), default);
        release.SetResult();

        var accepted = await first;
        Assert.True(accepted.Accepted);
        var refused = await sameCell;
        Assert.Equal(409, refused.Status);
        Assert.Contains($"#{accepted.Mark!.Id}", string.Join(" ", refused.Errors["aspectId"]));
        var replayed = await sameKeyAgain;
        Assert.True(replayed.Replayed);
        Assert.Equal(accepted.Mark.Id, replayed.Mark!.Id);
        Assert.True((await other).Accepted);
        Assert.Equal(2, await app.CountMarks());
    }

    [Fact]
    public async Task ACallerThatLeavesBeforeItsBatchStartsWritesNothing()
    {
        var release = await HoldTheWriter();
        using var leaving = new CancellationTokenSource();
        var withdrawn = Writer.RunAsync(Measure("C-01", 1), leaving.Token);
        leaving.Cancel();
        var kept = Writer.RunAsync(Measure("C-02", 1), default);
        release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => withdrawn);
        Assert.True((await kept).Accepted);
        Assert.Equal(new[] { t.Competitors["C-02"] }, await app.WithDb(db => db.Marks.Select(m => m.CompetitorId).ToListAsync()));
    }
}
