using System.Net;
using System.Net.Http.Json;
using LiveBoard.Server.Tests.Infrastructure;
using LiveBoard.Server.Tests.Live;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Tests.Marking;

/// One current mark per cell, marks only in one's own name, and idempotency keys bound to who sent them and what.
public class MarkIntegrityTests : CompetitionTest
{
    HttpClient Judge(int index) => app.Client(TestAuthHandler.Token($"judge-{index}", "", t.Judges[index]));

    Task<int> CurrentMarks(int aspect, string bib, int judge) => app.WithDb(db => db.Marks
        .Where(m => m.AspectId == aspect && m.CompetitorId == t.Competitors[bib] && m.JudgeId == judge)
        .CountAsync(m => !db.Marks.Any(n => n.SupersedesId == m.Id)));

    [Fact]
    public async Task ConcurrentSubmissionsForOneCellLeaveExactlyOneCurrentMark()
    {
        // The probe that found the defect: eight submissions for one cell at once, each with its own key, from the
        // tablet (HTTP), the hub and the chief expert's desk. Before the fix all eight were stored as current.
        var tablet = Judge(0);
        var desk = app.Client(TestAuthHandler.Token("chief", "", t.Chief));
        await using var hub = await Viewer.StartAsync(app.Hub(TestAuthHandler.Token("judge-0", "", t.Judges[0])));
        for (var round = 0; round < 3; round++)
        {
            var bib = $"C-0{round + 2}";
            var attempts = Enumerable.Range(0, 8).Select(async i => i switch
            {
                < 4 => (int)(await tablet.PostAsJsonAsync($"{t.Base}/marks", t.Mark(t.JudgeAspect, bib, t.Judges[0], i % 4))).StatusCode,
                < 6 => (await hub.Connection.InvokeAsync<MarkReply>("SubmitMark", t.CompetitionId, t.Mark(t.JudgeAspect, bib, t.Judges[0], i % 4))).Status,
                _ => (int)(await desk.PostAsJsonAsync($"{t.Base}/marks", t.Mark(t.JudgeAspect, bib, t.Judges[0], i % 4))).StatusCode,
            }).ToList();
            var statuses = await Task.WhenAll(attempts);
            Assert.Equal(1, statuses.Count(s => s is 200 or 201));
            Assert.All(statuses.Where(s => s is not (200 or 201)), s => Assert.Equal(409, s));
            Assert.Equal(1, await CurrentMarks(t.JudgeAspect, bib, t.Judges[0]));
        }
        // A lost race is an answer (409), not an error with a SQL statement in the log.
        Assert.DoesNotContain(app.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.Contains("INSERT INTO"));
    }

    [Fact]
    public async Task AJudgeTakenOffThePanelIsRefusedOnThisNodeAtOnceAndOnOthersOnceTheRecheckPasses()
    {
        var tablet = Judge(0);
        await tablet.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 2));
        // Through this node: the change is saved here, so the role it remembered is forgotten at once.
        await app.WithDb(async db =>
        {
            db.JudgeAssignments.RemoveRange(db.JudgeAssignments.Where(a => a.JudgeId == t.Judges[0]));
            return await db.SaveChangesAsync();
        });
        var refused = await tablet.PostAsJsonAsync($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-03", t.Judges[0], 2));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // Through another node (straight to the shared database): honoured within Accounts:SessionRecheck.
        var other = Judge(1);
        await other.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[1], 2));
        await app.WithDb(db => db.JudgeAssignments.Where(a => a.JudgeId == t.Judges[1]).ExecuteDeleteAsync());
        app.Time.Advance(TimeSpan.FromSeconds(3));
        refused = await other.PostAsJsonAsync($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-03", t.Judges[1], 2));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task TheLosingSubmissionIsToldWhichMarkIsCurrent()
    {
        var first = await Judge(0).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 2));
        var second = await Judge(0).PostAsJsonAsync($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 3));
        var problem = await second.AssertProblem(HttpStatusCode.Conflict, "aspectId");
        Assert.Contains($"#{first.Id()}", problem.ToJsonString());
    }

    [Fact]
    public async Task ConcurrentCorrectionsOfOneMarkLeaveOneCurrentMark()
    {
        var mark = await Judge(0).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 1));
        var desk = app.Client(TestAuthHandler.Token("chief", "", t.Chief));
        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
            (await desk.PostAsJsonAsync($"{t.Base}/marks/{mark.Id()}/corrections", new { value = i % 4, reason = $"recount {i}" })).StatusCode));
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(1, await CurrentMarks(t.JudgeAspect, "C-02", t.Judges[0]));
    }

    [Fact]
    public async Task AJudgeCannotCorrectTheirOwnMarkIntoAnotherJudgesName()
    {
        var mark = await Judge(0).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 1));
        var response = await Judge(0).PostAsJsonAsync($"{t.Base}/marks/{mark.Id()}/corrections", new { value = 0, reason = "x", judgeId = t.Judges[1] });
        await response.AssertProblem(HttpStatusCode.Forbidden, "judgeId");
        Assert.Equal(1, await app.CountMarks());
    }

    [Fact]
    public async Task AChiefExpertMovingAMarkToAnotherJudgeCannotGiveThatJudgeASecondCurrentMark()
    {
        var wrong = await Judge(0).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 1));
        await Judge(1).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[1], 2));
        var desk = app.Client(TestAuthHandler.Token("chief", "", t.Chief));
        var response = await desk.PostAsJsonAsync($"{t.Base}/marks/{wrong.Id()}/corrections", new { value = 1, reason = "entered under the wrong judge", judgeId = t.Judges[1] });
        await response.AssertProblem(HttpStatusCode.Conflict, "aspectId");
        // Into a judge with no mark in the cell it is allowed, and recorded as the chief expert's.
        var moved = await desk.PostOk($"{t.Base}/marks/{wrong.Id()}/corrections", new { value = 1, reason = "entered under the wrong judge", judgeId = t.Judges[2] });
        Assert.Equal(t.Judges[2], moved["judgeId"]!.GetValue<int>());
        Assert.Equal(0, await CurrentMarks(t.JudgeAspect, "C-02", t.Judges[0]));
        Assert.Equal(1, await CurrentMarks(t.JudgeAspect, "C-02", t.Judges[2]));
    }

    [Fact]
    public async Task AnotherJudgesIdempotencyKeyNeitherReplaysTheirMarkNorRevealsIt()
    {
        var theirs = await Judge(1).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[1], 3, key: "shared-key"));
        // Judge 0 using judge 1's key gets their own mark stored, never judge 1's back.
        var mine = await Judge(0).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 1, key: "shared-key"));
        Assert.NotEqual(theirs.Id(), mine.Id());
        Assert.Equal(t.Judges[0], mine["judgeId"]!.GetValue<int>());
        Assert.Equal(2, await app.CountMarks());
    }

    [Fact]
    public async Task TheSameKeyWithTheSameBodyReturnsTheFirstMark()
    {
        var body = t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 2, key: "k-retry");
        var first = await Judge(0).PostOk($"{t.Base}/marks", body);
        var again = await Judge(0).PostOk($"{t.Base}/marks", body, HttpStatusCode.OK);
        Assert.Equal(first.Id(), again.Id());
        Assert.Equal(1, await app.CountMarks());
    }

    [Theory]
    [InlineData("value")]
    [InlineData("competitor")]
    [InlineData("aspect")]
    public async Task TheSameKeyWithADifferentBodyIsRefusedNamingTheKey(string changed)
    {
        await Judge(0).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 2, key: "k-once"));
        var other = changed switch
        {
            "value" => t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 3, key: "k-once"),
            "competitor" => t.Mark(t.JudgeAspect, "C-03", t.Judges[0], 2, key: "k-once"),
            _ => t.Mark(t.MeasureAspect, "C-02", t.Judges[0], 1, key: "k-once"),
        };
        var response = await Judge(0).PostAsJsonAsync($"{t.Base}/marks", other);
        await response.AssertProblem(HttpStatusCode.UnprocessableEntity, "idempotencyKey");
        Assert.Equal(1, await app.CountMarks());
    }

    [Fact]
    public async Task ACorrectionRetriedWithItsKeyIsRecordedOnceAndAChangedReasonIsRefused()
    {
        var mark = await Judge(0).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 1));
        var body = new { value = 2, reason = "misread", idempotencyKey = "c-1" };
        var first = await Judge(0).PostOk($"{t.Base}/marks/{mark.Id()}/corrections", body);
        var again = await Judge(0).PostOk($"{t.Base}/marks/{mark.Id()}/corrections", body, HttpStatusCode.OK);
        Assert.Equal(first.Id(), again.Id());
        var changed = await Judge(0).PostAsJsonAsync($"{t.Base}/marks/{mark.Id()}/corrections", new { value = 2, reason = "other", idempotencyKey = "c-1" });
        await changed.AssertProblem(HttpStatusCode.UnprocessableEntity, "idempotencyKey");
        Assert.Equal(2, await app.CountMarks());
    }

    [Fact]
    public async Task ConcurrentRetriesOfOneCorrectionRecordItOnce()
    {
        var mark = await Judge(0).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 1));
        var body = new { value = 2, reason = "misread", idempotencyKey = "c-storm" };
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            (await Judge(0).PostAsJsonAsync($"{t.Base}/marks/{mark.Id()}/corrections", body)).StatusCode));
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(2, await app.CountMarks());
    }

    [Fact]
    public async Task AReplayIsAnsweredOnlyAfterTheRightsCheck()
    {
        // A judge removed from the competition cannot read back even their own earlier mark through its key.
        var body = t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 2, key: "k-rights");
        await Judge(0).PostOk($"{t.Base}/marks", body);
        var outsider = app.Client(TestAuthHandler.Token("judge-0", "", t.Outsider));
        var response = await outsider.PostAsJsonAsync($"{t.Base}/marks", body);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("idempotencyKey", 101)]
    [InlineData("device", 101)]
    public async Task OverLongSubmissionFieldsAreRefusedNotCut(string field, int length)
    {
        var text = new string('k', length);
        var response = await Judge(0).PostAsJsonAsync($"{t.Base}/marks", new Dictionary<string, object>
        {
            ["aspectId"] = t.JudgeAspect, ["competitorId"] = t.Competitors["C-02"], ["judgeId"] = t.Judges[0], ["value"] = 2, [field] = text,
        });
        await response.AssertProblem(HttpStatusCode.BadRequest, field);
        Assert.Equal(0, await app.CountMarks());
    }

    [Fact]
    public async Task AnOverLongReasonIsRefusedNotCut()
    {
        var mark = await Judge(0).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 1));
        var response = await Judge(0).PostAsJsonAsync($"{t.Base}/marks/{mark.Id()}/corrections", new { value = 2, reason = new string('r', 501) });
        await response.AssertProblem(HttpStatusCode.BadRequest, "reason");
        // A megabyte is stopped before it is read at all.
        var huge = await Judge(0).PostAsJsonAsync($"{t.Base}/marks/{mark.Id()}/corrections", new { value = 2, reason = new string('r', 1_000_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(1, await app.CountMarks());
    }

    [Theory]
    [InlineData("reason", "tool\u0000slipped")]
    [InlineData("reason", "\u202Etxet")]
    [InlineData("device", "tablet\u0007")]
    [InlineData("idempotencyKey", "key\u2066")]
    public async Task ControlAndBidiCharactersInACorrectionAreRefused(string field, string jsonText)
    {
        var mark = await Judge(0).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 1));
        var fields = new Dictionary<string, string> { ["reason"] = "\"misread\"", [field] = $"\"{jsonText}\"" };
        var response = await Judge(0).PostRaw($"{t.Base}/marks/{mark.Id()}/corrections",
            "{\"value\":2," + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}");
        await response.AssertProblem(HttpStatusCode.BadRequest, field);
        Assert.Equal(1, await app.CountMarks());
    }

    [Fact]
    public async Task AReasonMayRunOverSeveralLines()
    {
        var mark = await Judge(0).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 1));
        var corrected = await Judge(0).PostOk($"{t.Base}/marks/{mark.Id()}/corrections", new { value = 2, reason = "重新测量\nremeasured" });
        Assert.Equal("重新测量\nremeasured", corrected["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheHubAndHttpRecordTheSameActor()
    {
        await Judge(0).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 1));
        await using var hub = await Viewer.StartAsync(app.Hub(TestAuthHandler.Token("judge-0", "", t.Judges[0])));
        var reply = await hub.Connection.InvokeAsync<MarkReply>("SubmitMark", t.CompetitionId, t.Mark(t.JudgeAspect, "C-03", t.Judges[0], 1));
        Assert.True(reply.Accepted);
        var actors = await app.WithDb(db => db.Marks.Select(m => m.RecordedBy).Distinct().ToListAsync());
        Assert.Equal(["judge-0"], actors);
    }
}
