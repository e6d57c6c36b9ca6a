using System.Net;
using System.Net.Http.Json;
using LiveBoard.Server.Tests.Infrastructure;

namespace LiveBoard.Server.Tests.Setup;

/// Issue 11, "entries follow the stage's state": nobody is entered in a stage that has a locked module.
public class StageEntriesTests : CompetitionTest
{
    async Task<int[]> Entries(int stageId) =>
        [.. (await admin.GetOk($"{t.Base}/stages/{stageId}/entries")).AsArray().Select(e => e!["competitorId"]!.GetValue<int>())];

    /// The preliminary marked and locked, C-01 and C-02 advanced, the final marked and locked: an official final.
    async Task OfficialFinalAsync()
    {
        foreach (var (bib, score) in new[] { ("C-01", 3), ("C-02", 2) })
            foreach (var j in t.Judges) await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, bib, j, score));
        await t.CompleteModuleAsync(admin, t.ModuleId);
        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Locked", confirm = "P1" }, HttpStatusCode.OK);
        await (await admin.PostAsync($"{t.Base}/stages/{t.PrelimId}/advance", null)).Json(HttpStatusCode.OK);
        await admin.PostOk($"{t.Base}/modules/{t.FinalModuleId}/status", new { status = "Live" }, HttpStatusCode.OK);
        var judgeAspect = (await admin.GetOk($"{t.Base}/stages/{t.FinalId}/scheme"))["aspects"]!.AsArray()
            .First(a => a!["code"]!.GetValue<string>() == "B1.1")!.Id();
        foreach (var (bib, score) in new[] { ("C-01", 3), ("C-02", 2) })
            foreach (var j in t.Judges)
                await admin.PostOk($"{t.Base}/marks", new { aspectId = judgeAspect, competitorId = t.Competitors[bib], judgeId = j, value = score });
        await t.CompleteModuleAsync(admin, t.FinalModuleId);
        await admin.PostOk($"{t.Base}/modules/{t.FinalModuleId}/status", new { status = "Locked", confirm = "F1" }, HttpStatusCode.OK);
    }

    [Fact]
    public async Task NoCompetitorIsAddedToAnOfficialFinal()
    {
        await OfficialFinalAsync();

        var refused = await admin.PostAsJsonAsync($"{t.Base}/stages/{t.FinalId}/entries", new { competitorIds = new[] { t.Competitors["C-03"] } });
        var problem = await refused.AssertProblem(HttpStatusCode.Conflict, "stage");
        Assert.Contains("Final has a locked module", problem["errors"]!["stage"]![0]!.GetValue<string>());

        Assert.Equal([t.Competitors["C-01"], t.Competitors["C-02"]], (await Entries(t.FinalId)).Order());
        var rows = (await admin.GetOk($"{t.Base}/stages/{t.FinalId}/standings"))["rows"]!.AsArray();
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task EnteringSomeoneAlreadyInTheLockedStageChangesNothingAndIsAccepted()
    {
        await OfficialFinalAsync();

        await (await admin.PostAsJsonAsync($"{t.Base}/stages/{t.FinalId}/entries", new { competitorIds = new[] { t.Competitors["C-01"] } }))
            .Json(HttpStatusCode.OK);
        // Advancing again adds nobody, so it is not refused either.
        await (await admin.PostAsync($"{t.Base}/stages/{t.PrelimId}/advance", null)).Json(HttpStatusCode.OK);
        Assert.Equal(2, (await Entries(t.FinalId)).Length);
    }

    [Fact]
    public async Task ANewCompetitorIsNotCreatedWhileTheFirstStageIsLocked()
    {
        await t.CompleteModuleAsync(admin, t.ModuleId);
        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Locked", confirm = "P1" }, HttpStatusCode.OK);

        var refused = await admin.PostAsJsonAsync($"{t.Base}/competitors", new { bib = "C-05", nameZh = "陈晨", nameEn = "Chen Chen", organisationId = t.Bolt });
        await refused.AssertProblem(HttpStatusCode.Conflict, "stage");

        Assert.Equal(4, (await admin.GetOk($"{t.Base}/competitors")).AsArray().Count);
        Assert.Equal(4, (await Entries(t.PrelimId)).Length);
    }

    [Fact]
    public async Task AdvancingIntoAStageWithALockedModuleIsRefused()
    {
        await OfficialFinalAsync();
        // The preliminary is reopened and C-03 rises into the top two; the final is already signed.
        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Closed", reason = "复核 review" }, HttpStatusCode.OK);
        var marks = (await admin.GetOk($"{t.Base}/marks?competitorId={t.Competitors["C-03"]}&aspectId={t.JudgeAspect}")).AsArray();
        foreach (var mark in marks) await admin.PostOk($"{t.Base}/marks/{mark!.Id()}/corrections", new { value = 3, reason = "复核 review" });
        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Locked", confirm = "P1" }, HttpStatusCode.OK);

        var refused = await admin.PostAsync($"{t.Base}/stages/{t.PrelimId}/advance", null);
        await refused.AssertProblem(HttpStatusCode.Conflict, "stage");
        Assert.Equal(2, (await Entries(t.FinalId)).Length);
    }
}
