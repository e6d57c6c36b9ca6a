using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LiveBoard.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Tests.Marking;

/// Issue 11, "lock only what is complete": a module locks only when every cell is complete; a final becomes official
/// only without a tie for gold the rules cannot break; an admin may override with a written reason, audited and shown.
public class LockTests : CompetitionTest
{
    string Status(int moduleId) => $"{t.Base}/modules/{moduleId}/status";

    async Task MarkAll(string bib, double measure, double band, int[] judgement)
    {
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, bib, t.Judges[0], measure));
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.BandAspect, bib, t.Judges[0], band));
        for (var j = 0; j < judgement.Length; j++) await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, bib, t.Judges[j], judgement[j]));
    }

    async Task<string> ModuleStatus(int moduleId) =>
        (await admin.GetOk($"{t.Base}/modules")).AsArray().Single(m => m!.Id() == moduleId)!["status"]!.GetValue<string>();

    async Task<JsonArray> Audit() => (await admin.GetOk($"{t.Base}/audit")).AsArray();

    static JsonNode Blocker(JsonNode check, string field) =>
        check["blockers"]!.AsArray().Single(b => b!["field"]!.GetValue<string>() == field)!;

    [Fact]
    public async Task ModuleWithPendingCellsCannotBeLockedAndTheRefusalNamesEachCell()
    {
        // C-01 marked in full; C-02's judgement has one score of three; C-03 and C-04 have nothing.
        await MarkAll("C-01", 1, 0.01, [3, 3, 3]);
        await MarkAll("C-02", 1, 0.01, [2]);

        var refused = await admin.PostAsJsonAsync(Status(t.ModuleId), new { status = "Locked", confirm = "P1" });
        var problem = await refused.AssertProblem(HttpStatusCode.Conflict, "status");
        var errors = problem["errors"]!.AsObject();
        // 1 (C-02 judgement) + 3 (C-03) + 3 (C-04) cells, each named by bib and aspect; C-01 is complete.
        Assert.Equal(7, errors.Count(e => e.Key.StartsWith("cells[", StringComparison.Ordinal)));
        Assert.DoesNotContain(errors, e => e.Key.StartsWith("cells[C-01]", StringComparison.Ordinal));
        // The message says who is missing: C-02 (Bolt) has four eligible judges; judge 1 scored, two more scores needed.
        var c02 = errors["cells[C-02].B1.1"]![0]!.GetValue<string>();
        Assert.Contains("还需 2 个评分", c02);
        Assert.Contains("2 more score(s) needed", c02);
        Assert.Contains("Zhao Ping", c02);
        Assert.DoesNotContain("Chen Ping", c02);
        Assert.Contains("not measured yet", errors["cells[C-03].A1.1"]![0]!.GetValue<string>());
        // The desk gets the same blockers as data.
        var blocker = problem["blockers"]!.AsArray().Single(b => b!["field"]!.GetValue<string>() == "cells[C-02].B1.1")!;
        Assert.Equal("pending", blocker["kind"]!.GetValue<string>());
        Assert.Equal("C-02", blocker["competitors"]![0]!["bib"]!.GetValue<string>());

        // A rejected lock changes nothing.
        Assert.Equal("Live", await ModuleStatus(t.ModuleId));
        Assert.DoesNotContain(await Audit(), a => a!["action"]!.GetValue<string>() == "module-status" && a["detail"]!.GetValue<string>().Contains("Locked"));
        Assert.Single(app.Logs.Named("ModuleLockRefused"));
    }

    [Fact]
    public async Task LockBlockersListWhatBlocksCellByCellWithTheJudgesMissing()
    {
        await MarkAll("C-01", 1, 0.01, [3, 3]);

        var check = await admin.GetOk($"{t.Base}/modules/{t.ModuleId}/lock-blockers");
        Assert.Equal("P1", check["moduleCode"]!.GetValue<string>());
        // Four competitors × three aspects, less C-01's two measurements: ten cells.
        Assert.Equal(10, check["blockers"]!.AsArray().Count);
        var c01 = Blocker(check, "cells[C-01].B1.1");
        Assert.Equal(("pending", "B1.1", 1), (c01["kind"]!.GetValue<string>(), c01["aspectCode"]!.GetValue<string>(), c01["scoresNeeded"]!.GetValue<int>()));
        // C-01 is Acme's: the Acme judge abstains, so only judge 3 (Zhou Ping) is missing.
        Assert.Equal([t.Judges[2]], c01["judges"]!.AsArray().Select(j => j!.Id()));
        Assert.Equal(3, Blocker(check, "cells[C-03].B1.1")["scoresNeeded"]!.GetValue<int>());
        // The preliminary has other stages after it, so locking P1 makes the preliminary (its only module) official.
        Assert.True(check["makesOfficial"]!.GetValue<bool>());

        // A judge cannot read the desk's list; the chief expert can.
        var judge = app.Client(TestAuthHandler.Token("judge", "", t.Judges[0]));
        Assert.Equal(HttpStatusCode.Forbidden, (await judge.GetAsync($"{t.Base}/modules/{t.ModuleId}/lock-blockers")).StatusCode);
        var chief = app.Client(TestAuthHandler.Token("chief", "", t.Chief));
        await chief.GetOk($"{t.Base}/modules/{t.ModuleId}/lock-blockers");
    }

    [Fact]
    public async Task CompleteModuleLocksWithNothingBlocking()
    {
        await MarkAll("C-01", 1, 0.01, [3, 3, 3]);
        await t.CompleteModuleAsync(admin, t.ModuleId);
        Assert.Empty((await admin.GetOk($"{t.Base}/modules/{t.ModuleId}/lock-blockers"))["blockers"]!.AsArray());

        var locked = await admin.PostOk(Status(t.ModuleId), new { status = "Locked", confirm = "P1" }, HttpStatusCode.OK);
        Assert.Equal("Locked", locked["status"]!.GetValue<string>());
        Assert.Null(locked["lockOverrideReason"]);
    }

    [Fact]
    public async Task AspectFlaggedForRescoreBlocksTheLockUntilCorrected()
    {
        // C-04's panel gave 0, 2, 3: more than 1 apart, re-score required.
        await MarkAll("C-04", 1, 0.09, [0, 2, 3]);
        await t.CompleteModuleAsync(admin, t.ModuleId);

        var refused = await admin.PostAsJsonAsync(Status(t.ModuleId), new { status = "Locked", confirm = "P1" });
        var problem = await refused.AssertProblem(HttpStatusCode.Conflict, "cells[C-04].B1.1");
        Assert.Single(problem["errors"]!.AsObject(), e => e.Key.StartsWith("cells[", StringComparison.Ordinal));
        var blocker = problem["blockers"]![0]!;
        Assert.Equal("rescore-required", blocker["kind"]!.GetValue<string>());
        // Each judge of the cell with the value they gave.
        Assert.Equal([0m, 2m, 3m], blocker["judges"]!.AsArray().Select(j => j!["value"]!.GetValue<decimal>()));
        Assert.Contains("Chen Ping 0, Zhao Ping 2, Zhou Ping 3", problem["errors"]!["cells[C-04].B1.1"]![0]!.GetValue<string>());

        // Judge 1 re-scores 0 → 2: scores 2, 2, 3 agree within 1, and the module locks.
        var zero = (await admin.GetOk($"{t.Base}/marks?competitorId={t.Competitors["C-04"]}&aspectId={t.JudgeAspect}")).AsArray()
            .Single(m => m!["judgeId"]!.GetValue<int>() == t.Judges[0])!;
        await admin.PostOk($"{t.Base}/marks/{zero.Id()}/corrections", new { value = 2, reason = "重评 re-scored" });
        await admin.PostOk(Status(t.ModuleId), new { status = "Locked", confirm = "P1" }, HttpStatusCode.OK);
    }

    [Fact]
    public async Task AdminMayLockOverBlockersWithAWrittenReasonWhichIsAuditedAndShown()
    {
        await MarkAll("C-01", 1, 0.01, [3, 3, 3]);

        var noReason = await admin.PostAsJsonAsync(Status(t.ModuleId), new { status = "Locked", confirm = "P1", @override = true });
        await noReason.AssertProblem(HttpStatusCode.BadRequest, "reason");
        Assert.Equal("Live", await ModuleStatus(t.ModuleId));

        var locked = await admin.PostOk(Status(t.ModuleId),
            new { status = "Locked", confirm = "P1", @override = true, reason = "选手弃赛 C-02–C-04 withdrew" }, HttpStatusCode.OK);
        Assert.Equal("Locked", locked["status"]!.GetValue<string>());
        Assert.Equal("选手弃赛 C-02–C-04 withdrew", locked["lockOverrideReason"]!.GetValue<string>());
        // Shown wherever the module is read, and on the live module event.
        var listed = (await app.CreateClient().GetOk($"{t.Base}/modules")).AsArray().Single(m => m!.Id() == t.ModuleId)!;
        Assert.Equal("选手弃赛 C-02–C-04 withdrew", listed["lockOverrideReason"]!.GetValue<string>());
        var channel = LiveBoard.Server.Live.Channels.Public(t.CompetitionId);
        var events = await app.WithDb(db => db.Events.Where(e => e.Channel == channel && e.Type == "module").Select(e => e.Data).ToListAsync());
        Assert.Contains(events, e => e!.Contains("选手弃赛 C-02–C-04 withdrew"));

        var audit = await Audit();
        var entry = audit.Single(a => a!["action"]!.GetValue<string>() == "lock-override")!;
        Assert.Equal("选手弃赛 C-02–C-04 withdrew", entry["reason"]!.GetValue<string>());
        Assert.Equal("admin", entry["actor"]!.GetValue<string>());
        Assert.StartsWith("P1 locked over 9 blocker(s): cells[C-02].A1.1 pending", entry["detail"]!.GetValue<string>());
        Assert.Single(app.Logs.Named("ModuleLockOverridden"));

        // Unlocked, the module no longer carries the override.
        var unlocked = await admin.PostOk(Status(t.ModuleId), new { status = "Closed", reason = "marks found" }, HttpStatusCode.OK);
        Assert.Null(unlocked["lockOverrideReason"]);
    }

    [Fact]
    public async Task OnlyAnAdminMayOverride()
    {
        var chief = app.Client(TestAuthHandler.Token("chief", "", t.Chief));

        var refused = await chief.PostAsJsonAsync(Status(t.ModuleId), new { status = "Locked", confirm = "P1", @override = true, reason = "trust me" });
        await refused.AssertProblem(HttpStatusCode.Forbidden, "override");
        Assert.Equal("Live", await ModuleStatus(t.ModuleId));

        // Without the override the chief expert is told what blocks, like anyone.
        var plain = await chief.PostAsJsonAsync(Status(t.ModuleId), new { status = "Locked", confirm = "P1" });
        await plain.AssertProblem(HttpStatusCode.Conflict, "cells[C-01].A1.1");
    }

    /// The preliminary locked and C-01, C-02 in the final, where both score the same (A1.1 full, the panel's `judgement`
    /// on B1.1, A1.2 outside the bands): a tie that the tie-break (criterion B) cannot break either.
    async Task<int> TiedFinalAsync(int[] judgement)
    {
        await MarkAll("C-01", 1, 0.01, [3, 3, 3]);
        await MarkAll("C-02", 1, 0.01, [2, 2, 3]);
        await t.CompleteModuleAsync(admin, t.ModuleId);
        await admin.PostOk(Status(t.ModuleId), new { status = "Locked", confirm = "P1" }, HttpStatusCode.OK);
        await (await admin.PostAsync($"{t.Base}/stages/{t.PrelimId}/advance", null)).Json(HttpStatusCode.OK);
        await admin.PostOk(Status(t.FinalModuleId), new { status = "Live" }, HttpStatusCode.OK);
        var aspects = (await admin.GetOk($"{t.Base}/stages/{t.FinalId}/scheme"))["aspects"]!.AsArray();
        int Aspect(string code) => aspects.First(a => a!["code"]!.GetValue<string>() == code)!.Id();
        foreach (var bib in new[] { "C-01", "C-02" })
        {
            await admin.PostOk($"{t.Base}/marks", new { aspectId = Aspect("A1.1"), competitorId = t.Competitors[bib], judgeId = t.Judges[0], value = 1 });
            for (var j = 0; j < judgement.Length; j++)
                await admin.PostOk($"{t.Base}/marks", new { aspectId = Aspect("B1.1"), competitorId = t.Competitors[bib], judgeId = t.Judges[j], value = judgement[j] });
        }
        await t.CompleteModuleAsync(admin, t.FinalModuleId);
        return Aspect("B1.1");
    }

    [Fact]
    public async Task FinalWithAnUnresolvedTieForGoldCannotBecomeOfficial()
    {
        var judgeAspect = await TiedFinalAsync([3, 3, 3]);
        var standings = await admin.GetOk($"{t.Base}/stages/{t.FinalId}/standings");
        Assert.Contains("unresolved-tie-for-gold", standings["warnings"]!.AsArray().Select(w => w!.GetValue<string>()));

        var refused = await admin.PostAsJsonAsync(Status(t.FinalModuleId), new { status = "Locked", confirm = "F1" });
        var problem = await refused.AssertProblem(HttpStatusCode.Conflict, "medals.gold");
        var message = problem["errors"]!["medals.gold"]![0]!.GetValue<string>();
        Assert.Contains("C-01 Zhang Wei", message);
        Assert.Contains("C-02 Li Na", message);
        Assert.Contains("C-01 张伟", message);
        var tie = problem["blockers"]!.AsArray().Single()!;
        Assert.Equal("unresolved-tie-for-gold", tie["kind"]!.GetValue<string>());
        Assert.Equal([t.Competitors["C-01"], t.Competitors["C-02"]], tie["competitors"]!.AsArray().Select(c => c!.Id()).Order());
        // Nothing became official.
        Assert.Equal("Live", await ModuleStatus(t.FinalModuleId));
        Assert.Empty((await admin.GetOk($"/api/series/{t.SeriesId}/medals"))["rows"]!.AsArray());

        // A correction separates them (C-02's judge 1: 3 → 2), and the final locks official with one gold.
        var mark = (await admin.GetOk($"{t.Base}/marks?competitorId={t.Competitors["C-02"]}&aspectId={judgeAspect}")).AsArray()
            .Single(m => m!["judgeId"]!.GetValue<int>() == t.Judges[0])!;
        await admin.PostOk($"{t.Base}/marks/{mark.Id()}/corrections", new { value = 2, reason = "复核 reviewed" });
        await admin.PostOk(Status(t.FinalModuleId), new { status = "Locked", confirm = "F1" }, HttpStatusCode.OK);
        var rows = (await admin.GetOk($"{t.Base}/stages/{t.FinalId}/standings"))["rows"]!.AsArray();
        Assert.Single(rows, r => r!["medal"]!.GetValue<string>() == "Gold");
        Assert.All(rows, r => Assert.Equal("Official", r!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task FinalLockedWithARescoreAndATieForGoldIsRefusedNamingBoth()
    {
        // The issue's case: a final locked with aspects flagged for re-scoring (panels of 3, 3, 1) and an unresolved tie
        // for gold (both on 1.00 from A1.1, the re-scored aspect counting nothing).
        await TiedFinalAsync([3, 3, 1]);

        var refused = await admin.PostAsJsonAsync(Status(t.FinalModuleId), new { status = "Locked", confirm = "F1" });
        var problem = await refused.AssertProblem(HttpStatusCode.Conflict, "medals.gold");
        Assert.Equal(["cells[C-01].B1.1", "cells[C-02].B1.1", "medals.gold"],
            problem["blockers"]!.AsArray().Select(b => b!["field"]!.GetValue<string>()).Order());
        Assert.Equal("Live", await ModuleStatus(t.FinalModuleId));
    }

    [Fact]
    public async Task AdminMayMakeATiedFinalOfficialOnlyByOverrideWithAReason()
    {
        await TiedFinalAsync([3, 3, 3]);
        await admin.PostOk(Status(t.FinalModuleId),
            new { status = "Locked", confirm = "F1", @override = true, reason = "组委会决定并列金牌 The organisers award two golds" }, HttpStatusCode.OK);

        var entry = (await Audit()).Single(a => a!["action"]!.GetValue<string>() == "lock-override")!;
        Assert.Equal("F1 locked over 1 blocker(s): medals.gold unresolved-tie-for-gold", entry["detail"]!.GetValue<string>());
        var rows = (await admin.GetOk($"{t.Base}/stages/{t.FinalId}/standings"))["rows"]!.AsArray();
        Assert.Equal(2, rows.Count(r => r!["medal"]!.GetValue<string>() == "Gold"));
    }
}
