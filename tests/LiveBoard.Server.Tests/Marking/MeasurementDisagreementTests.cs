using System.Net;
using System.Net.Http.Json;
using LiveBoard.Server.Tests.Infrastructure;

namespace LiveBoard.Server.Tests.Marking;

/// Issue 11, "one agreed value per measurement cell": two judges' different values are a disagreement, flagged like a
/// judgement spread, counted for nothing and blocking the lock until a correction agrees them.
public class MeasurementDisagreementTests : CompetitionTest
{
    [Fact]
    public async Task TwoJudgesEnteringDifferentMeasurementsAreFlaggedNotSilentlyResolved()
    {
        // The issue's case: judge 3 enters full marks, judge 2 then enters 0.
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-02", t.Judges[2], 1));
        var zero = await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-02", t.Judges[1], 0));

        var row = (await admin.GetOk($"{t.Base}/stages/{t.PrelimId}/standings"))["rows"]!.AsArray()
            .Single(r => r!["bib"]!.GetValue<string>() == "C-02")!;
        Assert.Equal(1, row["rescoreRequired"]!.GetValue<int>());
        Assert.Equal(0m, row["total"]!.GetValue<decimal>());

        var breakdown = await admin.GetOk($"{t.Base}/stages/{t.PrelimId}/competitors/{t.Competitors["C-02"]}");
        var aspect = breakdown["criteria"]!.AsArray().Single(c => c!["code"]!.GetValue<string>() == "A")!["aspects"]!.AsArray()
            .Single(a => a!["code"]!.GetValue<string>() == "A1.1")!;
        Assert.Equal("RescoreRequired", aspect["outcome"]!.GetValue<string>());
        Assert.Equal(1m, aspect["spread"]!.GetValue<decimal>());
        Assert.Equal(2, aspect["scores"]!.AsArray().Count);

        var desk = await admin.GetOk($"{t.Base}/desk/modules/{t.ModuleId}");
        Assert.Equal(1, desk["summary"]!["rescoreRequired"]!.GetValue<int>());

        var blocker = (await admin.GetOk($"{t.Base}/modules/{t.ModuleId}/lock-blockers"))["blockers"]!.AsArray()
            .Single(b => b!["field"]!.GetValue<string>() == "cells[C-02].A1.1")!;
        Assert.Equal("measurement-disagreement", blocker["kind"]!.GetValue<string>());
        Assert.Equal([(t.Judges[1], 0m), (t.Judges[2], 1m)],
            blocker["judges"]!.AsArray().Select(j => (j!.Id(), j!["value"]!.GetValue<decimal>())));
        Assert.Contains("Zhao Ping 0, Zhou Ping 1", blocker["message"]!.GetValue<string>());

        // Judge 2 re-measures and agrees: one value, scored in full.
        await admin.PostOk($"{t.Base}/marks/{zero.Id()}/corrections", new { value = 1, reason = "重新测量 re-measured" });
        row = (await admin.GetOk($"{t.Base}/stages/{t.PrelimId}/standings"))["rows"]!.AsArray().Single(r => r!["bib"]!.GetValue<string>() == "C-02")!;
        Assert.Equal((0, 1m), (row["rescoreRequired"]!.GetValue<int>(), row["total"]!.GetValue<decimal>()));
        Assert.DoesNotContain((await admin.GetOk($"{t.Base}/modules/{t.ModuleId}/lock-blockers"))["blockers"]!.AsArray(),
            b => b!["field"]!.GetValue<string>() == "cells[C-02].A1.1");
    }

    [Fact]
    public async Task AModuleWithAMeasurementDisagreementCannotBeLocked()
    {
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.BandAspect, "C-03", t.Judges[0], 0.01));
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.BandAspect, "C-03", t.Judges[1], 0.04));
        await t.CompleteModuleAsync(admin, t.ModuleId);

        var refused = await admin.PostAsJsonAsync($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Locked", confirm = "P1" });
        var problem = await refused.AssertProblem(HttpStatusCode.Conflict, "cells[C-03].A1.2");
        Assert.Single(problem["blockers"]!.AsArray());
    }
}
