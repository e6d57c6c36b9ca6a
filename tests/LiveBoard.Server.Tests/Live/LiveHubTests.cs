using System.Net;
using System.Net.Http.Json;
using LiveBoard.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBoard.Server.Tests.Live;

public class LiveHubTests() : CompetitionTest(new Dictionary<string, string> { ["Live:MaxReplay"] = "20" })
{
    string Public => $"competition:{t.CompetitionId}";
    string Staff => $"competition:{t.CompetitionId}:staff";
    string JudgeToken(int judgeIndex = 0) =>
        TestAuthHandler.Token($"judge{judgeIndex}", "judge", t.Judges[judgeIndex]);

    [Fact]
    public async Task ViewerReceivesAMarkSubmittedByAJudgeThroughTheHub()
    {
        await using var viewer = await Viewer.StartAsync(app.Hub());
        var reply = await viewer.Subscribe(Public);
        Assert.True(reply.Snapshot);
        Assert.Contains(reply.Events, e => e.Type == "stage" && e.Id == t.PrelimId.ToString());
        Assert.Contains(reply.Events, e => e.IsRowOf(t.PrelimId, t.Competitors["C-01"]));

        await using var judge = await Viewer.StartAsync(app.Hub(JudgeToken()));
        var submitted = await judge.Connection.InvokeAsync<MarkReply>("SubmitMark", t.CompetitionId, t.Mark(t.MeasureAspect, "C-01", t.Judges[0], 1));
        Assert.True(submitted.Accepted, string.Join("; ", submitted.Errors.SelectMany(e => e.Value)));

        var row = await viewer.WaitFor(e => e.IsRowOf(t.PrelimId, t.Competitors["C-01"]) && e.Seq > reply.Head);
        Assert.Equal(1.00m, row.RowTotal());
        // The push continues where the reply ended (no gap; a push of what the reply held may still arrive late), and
        // carries only rows (the others' ranks moved too), no whole stage.
        Assert.InRange(viewer.Batches.First(b => b.To > reply.Head).From, 1, reply.Head + 1);
        Assert.All(viewer.Pushed.Where(e => e.Seq > reply.Head), e => Assert.Contains(e.Type, new[] { "row", "stage" }));
    }

    [Fact]
    public async Task ReconnectingViewerReceivesExactlyTheEventsItMissedInOrder()
    {
        long held;
        await using (var first = await Viewer.StartAsync(app.Hub()))
            held = (await first.Subscribe(Public)).Head;

        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-01", t.Judges[0], 1));
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-02", t.Judges[0], 1));
        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Closed" }, HttpStatusCode.OK);

        await using var again = await Viewer.StartAsync(app.Hub());
        var reply = await again.Subscribe(Public, held);
        Assert.False(reply.Snapshot);
        Assert.Equal(Enumerable.Range(1, (int)(reply.Head - held)).Select(i => held + i), reply.Events.Select(e => e.Seq));
        // Each mark → the rows it changed; closing → module, then every row (status becomes Unofficial).
        Assert.Equal(["module", "row", "stage"], reply.Events.Select(e => e.Type).Distinct().Order());
        var closed = reply.Events.First(e => e.Type == "module").Seq;
        var c02 = reply.Events.Last(e => e.IsRowOf(t.PrelimId, t.Competitors["C-02"]) && e.Seq < closed);
        Assert.Equal(2.00m - 1.00m, c02.RowTotal());
    }

    [Fact]
    public async Task ViewerFarBehindReceivesASnapshotOfEveryObject()
    {
        for (var i = 1; i <= 4; i++) await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, $"C-0{i}", t.Judges[0], 2));
        for (var i = 1; i <= 4; i++) await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, $"C-0{i}", t.Judges[1], 2));
        for (var i = 1; i <= 4; i++) await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, $"C-0{i}", t.Judges[0], i % 2));

        await using var viewer = await Viewer.StartAsync(app.Hub());
        var reply = await viewer.Subscribe(Public, since: 1);   // more than Live:MaxReplay (20) events behind
        Assert.True(reply.Snapshot);
        Assert.Equal(reply.Events.Count, reply.Events.Select(e => (e.Type, e.Id)).Distinct().Count());
        Assert.Equal(reply.Head, reply.Events.Max(e => e.Seq));
        Assert.Contains(reply.Events, e => e.Type == "module" && e.Id == t.ModuleId.ToString());
    }

    [Fact]
    public async Task PublicViewerNeverReceivesMarksOrStaffChannels()
    {
        await using var publicViewer = await Viewer.StartAsync(app.Hub());
        await publicViewer.Subscribe(Public);
        await using var staffViewer = await Viewer.StartAsync(app.Hub(TestAuthHandler.Token("chief", "", t.Chief)));
        await staffViewer.Subscribe(Staff);

        var denied = await Assert.ThrowsAsync<HubException>(() => publicViewer.Subscribe(Staff));
        Assert.Contains("Not allowed", denied.Message);
        await using var otherJudge = await Viewer.StartAsync(app.Hub(TestAuthHandler.Token("other", "", t.Outsider)));
        await Assert.ThrowsAsync<HubException>(() => otherJudge.Subscribe(Staff));

        // One judgement score (pending, so no public change), then a measurement that moves the public standings.
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 3));
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-01", t.Judges[0], 1));
        var mark = await staffViewer.WaitFor(e => e.Type == "mark");
        Assert.Equal(3m, mark.Data!.Value.GetProperty("value").GetDecimal());
        await publicViewer.WaitFor(e => e.Type == "row");
        await staffViewer.WaitFor(e => e.Type == "mark" && e.Data!.Value.GetProperty("aspectId").GetInt32() == t.MeasureAspect);
        Assert.DoesNotContain(publicViewer.Pushed, e => e.Type == "mark" || e.Channel.EndsWith(":staff"));
    }

    [Fact]
    public async Task JudgeRetryingWithTheSameIdempotencyKeyRecordsOneMark()
    {
        await using var judge = await Viewer.StartAsync(app.Hub(JudgeToken()));
        var body = t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 2, key: "tablet-7-0001");
        var first = await judge.Connection.InvokeAsync<MarkReply>("SubmitMark", t.CompetitionId, body);
        var retry = await judge.Connection.InvokeAsync<MarkReply>("SubmitMark", t.CompetitionId, body);
        Assert.True(first.Accepted && !first.Replayed);
        Assert.True(retry.Accepted && retry.Replayed);
        Assert.Equal(first.Mark!.Value.GetProperty("id").GetInt64(), retry.Mark!.Value.GetProperty("id").GetInt64());
        Assert.Equal(1, await app.CountMarks());
    }

    [Fact]
    public async Task HubRefusesMarksFromAnonymousCallersAndJudgesMarkingAsSomeoneElse()
    {
        await using var anonymous = await Viewer.StartAsync(app.Hub());
        await Assert.ThrowsAsync<HubException>(() =>
            anonymous.Connection.InvokeAsync<MarkReply>("SubmitMark", t.CompetitionId, t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 2)));

        await using var judge = await Viewer.StartAsync(app.Hub(JudgeToken(0)));
        var impersonation = await judge.Connection.InvokeAsync<MarkReply>("SubmitMark", t.CompetitionId, t.Mark(t.JudgeAspect, "C-01", t.Judges[1], 2));
        Assert.False(impersonation.Accepted);
        Assert.True(impersonation.Errors.ContainsKey("judgeId"));
        Assert.Equal(0, await app.CountMarks());
    }

    [Fact]
    public async Task HeadsTellAViewerThatMissedAPushWhereTheLogStands()
    {
        await using var viewer = await Viewer.StartAsync(app.Hub());
        var reply = await viewer.Subscribe(Public);
        // Simulate a push lost on the backplane: the connection leaves the group but stays subscribed on this node.
        var hub = app.Services.GetRequiredService<IHubContext<LiveBoard.Server.Live.LiveHub>>();
        await hub.Groups.RemoveFromGroupAsync(viewer.Connection.ConnectionId!, $"ch|{Public}");
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-03", t.Judges[0], 1));
        Assert.DoesNotContain(viewer.Pushed, e => e.Seq > reply.Head);

        app.Time.Advance(TimeSpan.FromSeconds(2));
        var until = DateTime.UtcNow.AddSeconds(10);
        while (viewer.Heads.IsEmpty && DateTime.UtcNow < until) { await Task.Delay(20); }
        var heads = Assert.Single(viewer.Heads);
        Assert.Equal(reply.Epoch, heads.Epoch);
        var head = await app.WithDb(db => db.ChannelHeads.Where(h => h.Channel == Public).Select(h => h.Seq).SingleAsync());
        Assert.True(head > reply.Head);
        Assert.Equal(head, heads.Heads[Public]);

        // Resuming from what it holds gives exactly the missed events.
        var resumed = await viewer.Subscribe(Public, reply.Head);
        Assert.Equal(Enumerable.Range(1, (int)(head - reply.Head)).Select(i => reply.Head + i), resumed.Events.Select(e => e.Seq));
    }

    [Fact]
    public async Task FrozenBoardKeepsThePublicAtTheFreezeWhileStaffSeeEverything()
    {
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-01", t.Judges[0], 1));
        await admin.PostOk($"{t.Base}/freeze", new { frozen = true }, HttpStatusCode.OK);
        await using var publicViewer = await Viewer.StartAsync(app.Hub());
        var publicReply = await publicViewer.Subscribe(Public);
        await using var staff = await Viewer.StartAsync(app.Hub(TestAuthHandler.Token("chief", "", t.Chief)));
        await staff.Subscribe(Staff);

        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-02", t.Judges[0], 1));
        var staffRow = await staff.WaitFor(e => e.IsRowOf(t.PrelimId, t.Competitors["C-02"]));
        Assert.Equal(1.00m, staffRow.RowTotal());
        // (A push of the freeze itself may still arrive after the reply that held it: a repeat the viewer ignores.)
        Assert.DoesNotContain(publicViewer.Pushed, e => e.Seq > publicReply.Head);
        var publicStandings = await app.CreateClient().GetOk($"{t.Base}/stages/{t.PrelimId}/standings");
        Assert.Equal(0m, publicStandings["rows"]!.AsArray().First(r => r!["bib"]!.GetValue<string>() == "C-02")!["total"]!.GetValue<decimal>());

        await admin.PostOk($"{t.Base}/freeze", new { frozen = false }, HttpStatusCode.OK);
        var revealed = await publicViewer.WaitFor(e => e.IsRowOf(t.PrelimId, t.Competitors["C-02"]) && e.Seq > publicReply.Head);
        Assert.Equal(1.00m, revealed.RowTotal());
    }

    [Fact]
    public async Task EveryAcceptedChangeIsInTheLogWithGapFreeSequences()
    {
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-01", t.Judges[0], 1));
        var bad = await admin.PostAsJsonAsync($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-01", t.Judges[0], 7));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var seqs = await app.WithDb(db => db.Events.Where(e => e.Channel == Staff).OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync());
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
        var marks = await app.WithDb(db => db.Events.CountAsync(e => e.Channel == Staff && e.Type == "mark"));
        Assert.Equal(1, marks);
    }
}
