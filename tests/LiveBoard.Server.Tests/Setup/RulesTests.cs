using System.Net;
using System.Net.Http.Json;
using LiveBoard.Server.Tests.Infrastructure;

namespace LiveBoard.Server.Tests.Setup;

/// Issue 11, "rules are fixed once marking starts": after the first mark, a change to what results are computed from
/// needs an amendment with a reason, which is audited.
public class RulesTests : CompetitionTest
{
    string Rules => $"{t.Base}/rules";

    static object Changed(object? amendment = null) => new
    {
        panelRule = "WorldSkills", panelSize = 3, goldCount = 2, tieBreakCriteria = new[] { "A" }, amendment,
    };

    async Task<System.Text.Json.Nodes.JsonNode> StoredRules() => (await admin.GetOk(t.Base))["rules"]!;

    [Fact]
    public async Task RulesChangeFreelyBeforeMarkingStarts()
    {
        var updated = await (await admin.PutAsJsonAsync(Rules, Changed())).Json(HttpStatusCode.OK);

        Assert.Equal(2, updated["rules"]!["goldCount"]!.GetValue<int>());
        Assert.Equal(["A"], (await StoredRules())["tieBreakCriteria"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public async Task RulesCannotChangeOnceAStageHasMarksAndTheRefusalNamesEachField()
    {
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 2));

        var refused = await admin.PutAsJsonAsync(Rules, Changed());
        var problem = await refused.AssertProblem(HttpStatusCode.Conflict, "rules.goldCount");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("rules.tieBreakCriteria"));
        Assert.Contains("[B] → [A]", problem["errors"]!["rules.tieBreakCriteria"]![0]!.GetValue<string>());
        // The panel was not changed, so it is not named.
        Assert.False(problem["errors"]!.AsObject().ContainsKey("rules.panelSize"));

        // A rejected request changes nothing.
        var stored = await StoredRules();
        Assert.Equal(1, stored["goldCount"]!.GetValue<int>());
        Assert.Equal(["B"], stored["tieBreakCriteria"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.DoesNotContain((await admin.GetOk($"{t.Base}/audit")).AsArray(), a => a!["action"]!.GetValue<string>().StartsWith("rules"));
    }

    [Fact]
    public async Task ScalingAndPanelAreFixedToo()
    {
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 2));

        var refused = await admin.PutAsJsonAsync(Rules, new
        {
            panelRule = "Mean", panelSize = 3, tieBreakCriteria = new[] { "B" }, scalingEnabled = true, maxPanelSpread = 2,
        });

        var problem = await refused.AssertProblem(HttpStatusCode.Conflict, "rules.scalingEnabled");
        Assert.Equal(["rules.maxPanelSpread", "rules.panelRule", "rules.scalingEnabled"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
    }

    [Fact]
    public async Task SendingTheSameRulesAgainAfterMarksIsNoChange()
    {
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 2));

        await (await admin.PutAsJsonAsync(Rules, new { panelRule = "WorldSkills", panelSize = 3, tieBreakCriteria = new[] { "B" } })).Json(HttpStatusCode.OK);
        // Whether the public sees judges' marks before lock changes no result.
        await (await admin.PutAsJsonAsync(Rules, new { panelRule = "WorldSkills", panelSize = 3, tieBreakCriteria = new[] { "B" }, publicMarksBeforeLock = true }))
            .Json(HttpStatusCode.OK);
        Assert.True((await StoredRules())["publicMarksBeforeLock"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnAmendmentWithAReasonChangesTheRulesAndIsAudited()
    {
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 2));

        var noReason = await admin.PutAsJsonAsync(Rules, Changed(new { reason = " " }));
        await noReason.AssertProblem(HttpStatusCode.BadRequest, "amendment.reason");
        Assert.Equal(1, (await StoredRules())["goldCount"]!.GetValue<int>());

        var amended = await (await admin.PutAsJsonAsync(Rules, Changed(new { reason = "组委会决议 Organising committee decision 2026-06-13" }))).Json(HttpStatusCode.OK);
        Assert.Equal(2, amended["rules"]!["goldCount"]!.GetValue<int>());
        // The amendment itself is not stored as a rule.
        Assert.Null((await StoredRules())["amendment"]);

        var entry = (await admin.GetOk($"{t.Base}/audit")).AsArray().Single(a => a!["action"]!.GetValue<string>() == "rules-amendment")!;
        Assert.Equal("goldCount: 1 → 2; tieBreakCriteria: [B] → [A]", entry["detail"]!.GetValue<string>());
        Assert.Equal("组委会决议 Organising committee decision 2026-06-13", entry["reason"]!.GetValue<string>());
        Assert.Equal("admin", entry["actor"]!.GetValue<string>());
    }
}
