using System.Net;
using System.Net.Http.Json;
using LiveBoard.Server.Tests.Infrastructure;

namespace LiveBoard.Server.Tests.Results;

public class StandingsTests : CompetitionTest
{
    async Task MarkAll(string bib, double measure, double band, int[] judgement)
    {
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, bib, t.Judges[0], measure));
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.BandAspect, bib, t.Judges[0], band));
        for (var j = 0; j < judgement.Length; j++) await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, bib, t.Judges[j], judgement[j]));
    }

    [Fact]
    public async Task StandingsRankByTotalWithTiesSharingRank()
    {
        // C-01: 1 + 2 (deviation 0.01 → full) + 3 × 3/3 = 6.00
        await MarkAll("C-01", 1, 0.01, [3, 3, 3]);
        // C-02: 1 + 1 (deviation 0.04 → half) + 3 × (2+2+2)/3/3 = 2.00 → 4.00
        await MarkAll("C-02", 1, 0.04, [2, 2, 2]);
        // C-03: 0 + 2 + 3 × 2/3 = 2 → 4.00, equal total and equal B: a shared rank
        await MarkAll("C-03", 0, 0.02, [2, 2, 2]);
        // C-04: judgement panel 0,2,3 differs by more than 1 → re-score required, counts nothing: 1 + 0 (0.09 outside bands) = 1.00
        await MarkAll("C-04", 1, 0.09, [0, 2, 3]);

        var standings = await admin.GetOk($"{t.Base}/stages/{t.PrelimId}/standings");
        var rows = standings["rows"]!.AsArray();
        Assert.Equal(["C-01", "C-02", "C-03", "C-04"], rows.Select(r => r!["bib"]!.GetValue<string>()).OrderBy(b => b).ToArray());
        Assert.Equal("C-01", rows[0]!["bib"]!.GetValue<string>());
        Assert.Equal(6.00m, rows[0]!["total"]!.GetValue<decimal>());
        Assert.Equal(1, rows[0]!["rank"]!.GetValue<int>());
        Assert.Equal(2, rows[1]!["rank"]!.GetValue<int>());
        Assert.Equal(2, rows[2]!["rank"]!.GetValue<int>());
        Assert.Equal(4.00m, rows[2]!["total"]!.GetValue<decimal>());
        var last = rows[3]!;
        Assert.Equal(4, last["rank"]!.GetValue<int>());
        Assert.Equal(1.00m, last["total"]!.GetValue<decimal>());
        Assert.Equal(1, last["rescoreRequired"]!.GetValue<int>());
        Assert.Equal("Live", last["status"]!.GetValue<string>());
        // Top 2 advance; the tie at rank 2 takes both tied competitors through, so the line sits after rank 2.
        Assert.Equal(2, standings["advancementLineAfterRank"]!.GetValue<int>());
        Assert.Equal(3, rows.Count(r => r!["advances"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task BreakdownShowsEachJudgesScoreAndTheAspectOutcome()
    {
        await MarkAll("C-04", 1, 0.09, [0, 2, 3]);
        var breakdown = await admin.GetOk($"{t.Base}/stages/{t.PrelimId}/competitors/{t.Competitors["C-04"]}");
        var b = breakdown["criteria"]!.AsArray().Single(c => c!["code"]!.GetValue<string>() == "B")!;
        var aspect = b["aspects"]![0]!;
        Assert.Equal("RescoreRequired", aspect["outcome"]!.GetValue<string>());
        Assert.Equal(3, aspect["scores"]!.AsArray().Count);
        Assert.Equal(3m, aspect["spread"]!.GetValue<decimal>());

        // The public sees the outcome but no judge's score until the stage is locked.
        var publicView = await app.CreateClient().GetOk($"{t.Base}/stages/{t.PrelimId}/competitors/{t.Competitors["C-04"]}");
        var publicAspect = publicView["criteria"]!.AsArray().Single(c => c!["code"]!.GetValue<string>() == "B")!["aspects"]![0]!;
        Assert.Equal("RescoreRequired", publicAspect["outcome"]!.GetValue<string>());
        Assert.Empty(publicAspect["scores"]!.AsArray());
        // Judge 1 re-scores 0 → 2 (scores 2, 2, 3 agree), the other cells are completed, and the module locks.
        var zero = aspect["scores"]!.AsArray().Single(s => s!["judgeId"]!.GetValue<int>() == t.Judges[0])!;
        await admin.PostOk($"{t.Base}/marks/{zero["markId"]!.GetValue<long>()}/corrections", new { value = 2, reason = "重评 re-scored" });
        await t.CompleteModuleAsync(admin, t.ModuleId);
        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Locked", confirm = "P1" }, HttpStatusCode.OK);
        publicView = await app.CreateClient().GetOk($"{t.Base}/stages/{t.PrelimId}/competitors/{t.Competitors["C-04"]}");
        Assert.Equal(3, publicView["criteria"]!.AsArray().Single(c => c!["code"]!.GetValue<string>() == "B")!["aspects"]![0]!["scores"]!.AsArray().Count);
    }

    [Fact]
    public async Task LockingEveryModuleMakesResultsOfficialAndAllowsAdvancement()
    {
        await MarkAll("C-01", 1, 0.01, [3, 3, 3]);
        await MarkAll("C-02", 1, 0.01, [2, 2, 3]);
        var early = await admin.PostAsync($"{t.Base}/stages/{t.PrelimId}/advance", null);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        await t.CompleteModuleAsync(admin, t.ModuleId);
        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Closed" }, HttpStatusCode.OK);
        var closed = await admin.GetOk($"{t.Base}/stages/{t.PrelimId}/standings");
        Assert.All(closed["rows"]!.AsArray(), r => Assert.Equal("Unofficial", r!["status"]!.GetValue<string>()));

        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Locked", confirm = "P1" }, HttpStatusCode.OK);
        var locked = await admin.GetOk($"{t.Base}/stages/{t.PrelimId}/standings");
        Assert.All(locked["rows"]!.AsArray(), r => Assert.Equal("Official", r!["status"]!.GetValue<string>()));

        var entries = (await (await admin.PostAsync($"{t.Base}/stages/{t.PrelimId}/advance", null)).Json(HttpStatusCode.OK)).AsArray();
        Assert.Equal([t.Competitors["C-01"], t.Competitors["C-02"]], entries.Select(e => e!["competitorId"]!.GetValue<int>()).ToArray());
        // Advancing twice adds nobody twice.
        var again = (await (await admin.PostAsync($"{t.Base}/stages/{t.PrelimId}/advance", null)).Json(HttpStatusCode.OK)).AsArray();
        Assert.Equal(2, again.Count);
    }

    [Fact]
    public async Task ProtestedResultShowsProtestedUntilResolved()
    {
        await MarkAll("C-01", 1, 0.01, [3, 3, 3]);
        await admin.PostOk($"{t.Base}/stages/{t.PrelimId}/protests", new { competitorId = t.Competitors["C-01"], reason = "测量争议 measuring dispute" }, HttpStatusCode.OK);
        var row = (await admin.GetOk($"{t.Base}/stages/{t.PrelimId}/standings"))["rows"]!.AsArray().First(r => r!["bib"]!.GetValue<string>() == "C-01")!;
        Assert.Equal("Protested", row["status"]!.GetValue<string>());
        await admin.PostOk($"{t.Base}/stages/{t.PrelimId}/protests/{t.Competitors["C-01"]}/resolve", new { reason = "rejected" }, HttpStatusCode.OK);
        row = (await admin.GetOk($"{t.Base}/stages/{t.PrelimId}/standings"))["rows"]!.AsArray().First(r => r!["bib"]!.GetValue<string>() == "C-01")!;
        Assert.Equal("Live", row["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task FinalAwardsOneGoldAndRanksOrganisations()
    {
        await MarkAll("C-01", 1, 0.01, [3, 3, 3]);
        await MarkAll("C-02", 1, 0.01, [2, 2, 3]);
        await t.CompleteModuleAsync(admin, t.ModuleId);
        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Locked", confirm = "P1" }, HttpStatusCode.OK);
        await (await admin.PostAsync($"{t.Base}/stages/{t.PrelimId}/advance", null)).Json(HttpStatusCode.OK);
        await admin.PostOk($"{t.Base}/modules/{t.FinalModuleId}/status", new { status = "Live" }, HttpStatusCode.OK);
        var scheme = await admin.GetOk($"{t.Base}/stages/{t.FinalId}/scheme");
        var judgeAspect = scheme["aspects"]!.AsArray().First(a => a!["code"]!.GetValue<string>() == "B1.1")!.Id();
        foreach (var j in t.Judges)
        {
            await admin.PostOk($"{t.Base}/marks", new { aspectId = judgeAspect, competitorId = t.Competitors["C-01"], judgeId = j, value = 3 });
            await admin.PostOk($"{t.Base}/marks", new { aspectId = judgeAspect, competitorId = t.Competitors["C-02"], judgeId = j, value = 2 });
        }
        var awards = await admin.GetOk($"{t.Base}/awards");
        var medallists = awards["medallists"]!.AsArray();
        Assert.Single(medallists, m => m!["medal"]!.GetValue<string>() == "Gold");
        Assert.Equal("C-01", medallists.First(m => m!["medal"]!.GetValue<string>() == "Gold")!["bib"]!.GetValue<string>());
        Assert.Equal("Silver", medallists.First(m => m!["bib"]!.GetValue<string>() == "C-02")!["medal"]!.GetValue<string>());
        // Acme (gold, 4 points) ranks above Bolt (silver, 3 points).
        var orgs = awards["organisationRanking"]!.AsArray();
        Assert.Equal(t.Acme, orgs[0]!["organisationId"]!.GetValue<int>());

        await admin.PutAsJsonAsync($"{t.Base}/awards/organisations", new { organisationIds = new[] { t.Acme } });
        Assert.Equal([t.Acme], (await admin.GetOk($"{t.Base}/awards"))["confirmedOrganisationIds"]!.AsArray().Select(x => x!.GetValue<int>()).ToArray());

        // The series medal table counts only official results by default.
        Assert.Empty((await admin.GetOk($"/api/series/{t.SeriesId}/medals"))["rows"]!.AsArray());
        Assert.Equal(2, (await admin.GetOk($"/api/series/{t.SeriesId}/medals?counting=all"))["rows"]!.AsArray().Count);
        await t.CompleteModuleAsync(admin, t.FinalModuleId);
        await admin.PostOk($"{t.Base}/modules/{t.FinalModuleId}/status", new { status = "Locked", confirm = "F1" }, HttpStatusCode.OK);
        var table = (await admin.GetOk($"/api/series/{t.SeriesId}/medals"))["rows"]!.AsArray();
        Assert.Equal(1, table.First(r => r!["organisationId"]!.GetValue<int>() == t.Acme)!["gold"]!.GetValue<int>());
    }

    [Fact]
    public async Task ResultsExportIsCsvWithChineseNames()
    {
        await MarkAll("C-01", 1, 0.01, [3, 3, 3]);
        var response = await admin.GetAsync($"{t.Base}/results.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("张伟", text);
        Assert.StartsWith("competition,stage,bib", text.TrimStart('\uFEFF'));
    }

    [Fact]
    public async Task OpenApiDescriptionIsServed()
    {
        var doc = await admin.GetOk("/openapi/v1.json");
        Assert.NotNull(doc["paths"]!["/api/competitions/{competitionId}/marks"]);
    }
}
