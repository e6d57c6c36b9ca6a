using System.Net;
using LiveBoard.Server.Tests.Infrastructure;
using LiveBoard.Server.Tests.Live;

namespace LiveBoard.Server.Tests.Marking;

public class JudgingTests : CompetitionTest
{
    HttpClient Judge(int index) => app.Client(TestAuthHandler.Token($"judge{index}", "", t.Judges[index]));

    System.Text.Json.Nodes.JsonNode Cell(System.Text.Json.Nodes.JsonNode sheet, string bib) =>
        sheet["cells"]!.AsArray().Single(c => c!["aspectId"]!.GetValue<int>() == t.JudgeAspect && c["competitorId"]!.GetValue<int>() == t.Competitors[bib])!;

    [Fact]
    public async Task SheetHidesThePanelUntilEveryJudgeHasScoredThenShowsTheRescoreFlag()
    {
        var sheetUrl = $"{t.Base}/judging/modules/{t.ModuleId}/sheet";
        var empty = await Judge(0).GetOk(sheetUrl);
        Assert.Equal(4 * 3, empty["cells"]!.AsArray().Count);
        Assert.Contains(empty["competitors"]!.AsArray(), c => c!["bib"]!.GetValue<string>() == "C-01" && !c["conflict"]!.GetValue<bool>());

        await Judge(0).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 0));
        await Judge(1).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[1], 2));
        var partial = Cell(await Judge(0).GetOk(sheetUrl), "C-01");
        Assert.Equal(0m, partial["myValue"]!.GetValue<decimal>());
        Assert.Null(partial["panel"]);
        Assert.Equal("Pending", partial["outcome"]!.GetValue<string>());

        await Judge(2).PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[2], 3));
        var complete = Cell(await Judge(0).GetOk(sheetUrl), "C-01");
        Assert.Equal(3, complete["panel"]!.AsArray().Count);
        Assert.Equal("RescoreRequired", complete["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeskShowsMissingJudgesAndMarkingPatterns()
    {
        foreach (var (bib, scores) in new[] { ("C-01", new[] { 3, 2, 2 }), ("C-02", new[] { 2, 1, 1 }) })
            for (var j = 0; j < 3; j++) await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, bib, t.Judges[j], scores[j]));
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-03", t.Judges[0], 2));

        var chief = app.Client(TestAuthHandler.Token("chief", "", t.Chief));
        var desk = await chief.GetOk($"{t.Base}/desk/modules/{t.ModuleId}");
        var c03 = desk["cells"]!.AsArray().Single(c => c!["aspectId"]!.GetValue<int>() == t.JudgeAspect && c["competitorId"]!.GetValue<int>() == t.Competitors["C-03"])!;
        // The Acme judge also sits on this module's panel and has no conflict with C-03 (Bolt).
        Assert.Equal([t.Judges[1], t.Judges[2], t.AcmeJudge], c03["missingJudgeIds"]!.AsArray().Select(j => j!.GetValue<int>()).Order().ToArray());
        // Judge 0 scored 3 vs (2,2) and 2 vs (1,1): +1 both times, the generous one.
        var pattern = desk["patterns"]!.AsArray().Single(p => p!["judgeId"]!.GetValue<int>() == t.Judges[0])!;
        Assert.Equal(1.00m, pattern["meanDeviation"]!.GetValue<decimal>());
        // Of 12 cells: C-01 and C-02's judgement aspect scored (spread 1 is within the rule); C-03's pending; measurements pending.
        Assert.Equal(2, desk["summary"]!["scored"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Forbidden, (await Judge(0).GetAsync($"{t.Base}/desk/modules/{t.ModuleId}")).StatusCode);
    }

    [Fact]
    public async Task JudgesHearThatMarksWereEnteredButNeverTheirValues()
    {
        await using var judge = await Viewer.StartAsync(app.Hub(TestAuthHandler.Token("judge1", "", t.Judges[1])));
        await judge.Subscribe($"competition:{t.CompetitionId}:judging");
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 3));
        var notice = await judge.WaitFor(e => e.Type == "mark");
        Assert.Equal(t.Judges[0], notice.Data!.Value.GetProperty("judgeId").GetInt32());
        Assert.False(notice.Data!.Value.TryGetProperty("value", out _));
    }
}
