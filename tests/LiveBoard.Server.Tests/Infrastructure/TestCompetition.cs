using System.Net;
using System.Text.Json.Nodes;

namespace LiveBoard.Server.Tests.Infrastructure;

/// A small competition set up through the public API, as an organiser would:
/// two enterprises under a federation, a preliminary (top 2 advance) and a final, one live module with
/// three aspects (measurement full-or-zero, measurement with tolerance bands, judgement), four competitors, three judges.
public sealed class TestCompetition
{
    public int SeriesId, CompetitionId, PrelimId, FinalId, ModuleId, FinalModuleId;
    public int Federation, Acme, Bolt;
    public int MeasureAspect, BandAspect, JudgeAspect;
    public Dictionary<string, int> Competitors = [];
    public int[] Judges = [];
    public int AcmeJudge, Chief, Outsider;

    public string Base => $"/api/competitions/{CompetitionId}";

    public static async Task<TestCompetition> CreateAsync(HttpClient http)
    {
        var t = new TestCompetition();
        t.SeriesId = (await http.PostOk("/api/series", new { slug = "test-series", nameZh = "测试系列赛", nameEn = "Test series" })).Id();
        t.Federation = (await http.PostOk("/api/organisations", new { nameZh = "市总工会", nameEn = "Federation", kind = "Federation" })).Id();
        t.Acme = (await http.PostOk("/api/organisations", new { nameZh = "艾克米公司", nameEn = "Acme", kind = "Enterprise", parentId = t.Federation })).Id();
        t.Bolt = (await http.PostOk("/api/organisations", new { nameZh = "博尔特公司", nameEn = "Bolt", kind = "Enterprise", parentId = t.Federation })).Id();
        t.CompetitionId = (await http.PostOk("/api/competitions", new
        {
            seriesId = t.SeriesId, slug = "cnc-milling", tradeZh = "数控铣工", tradeEn = "CNC milling", level = "City",
            rules = new { panelRule = "WorldSkills", panelSize = 3, tieBreakCriteria = new[] { "B" } },
        })).Id();
        t.PrelimId = (await http.PostOk($"{t.Base}/stages", new { kind = "Preliminary", nameZh = "预赛", nameEn = "Preliminary", advancement = "TopN", advancementValue = 2 })).Id();
        t.FinalId = (await http.PostOk($"{t.Base}/stages", new { kind = "Final", nameZh = "决赛", nameEn = "Final" })).Id();
        t.ModuleId = (await http.PostOk($"{t.Base}/stages/{t.PrelimId}/modules", new
        {
            code = "P1", nameZh = "模块一", nameEn = "Module 1", startsAt = "2026-06-12T09:00:00+08:00", endsAt = "2026-06-12T12:00:00+08:00",
        })).Id();
        t.FinalModuleId = (await http.PostOk($"{t.Base}/stages/{t.FinalId}/modules", new
        {
            code = "F1", nameZh = "决赛模块", nameEn = "Final module", startsAt = "2026-06-14T09:00:00+08:00", endsAt = "2026-06-14T12:00:00+08:00",
        })).Id();
        var scheme = await http.PutAsync($"{t.Base}/stages/{t.PrelimId}/scheme", System.Net.Http.Json.JsonContent.Create(SchemeRows("P1")));
        var aspects = (await scheme.Json(HttpStatusCode.OK))["aspects"]!.AsArray();
        t.MeasureAspect = AspectId(aspects, "A1.1");
        t.BandAspect = AspectId(aspects, "A1.2");
        t.JudgeAspect = AspectId(aspects, "B1.1");
        await (await http.PutAsync($"{t.Base}/stages/{t.FinalId}/scheme", System.Net.Http.Json.JsonContent.Create(SchemeRows("F1")))).Json(HttpStatusCode.OK);

        var import = await http.PostCsv($"{t.Base}/competitors/import",
            "bib,nameZh,nameEn,organisation,mentorZh,mentorEn\nC-01,张伟,Zhang Wei,Acme,王师傅,Master Wang\nC-02,李娜,Li Na,Bolt,,\nC-03,王芳,Wang Fang,Bolt,,\nC-04,刘洋,Liu Yang,Acme,,\n");
        Assert.Equal(4, (await import.Json(HttpStatusCode.OK))["counts"]!["created"]!.GetValue<int>());
        foreach (var c in (await http.GetOk($"{t.Base}/competitors")).AsArray()) t.Competitors[c!["bib"]!.GetValue<string>()] = c.Id();

        var judges = new List<int>();
        foreach (var (zh, en, org) in new[] { ("陈评", "Chen Ping", (int?)t.Federation), ("赵评", "Zhao Ping", null), ("周评", "Zhou Ping", null) })
            judges.Add((await http.PostOk("/api/judges", new { nameZh = zh, nameEn = en, organisationId = org })).Id());
        t.Judges = [.. judges];
        foreach (var j in judges) await http.PostOk($"{t.Base}/assignments", new { judgeId = j });
        t.AcmeJudge = (await http.PostOk("/api/judges", new { nameZh = "艾评", nameEn = "Acme Judge", organisationId = t.Acme })).Id();
        await http.PostOk($"{t.Base}/assignments", new { judgeId = t.AcmeJudge, moduleId = t.ModuleId });
        t.Chief = (await http.PostOk("/api/judges", new { nameZh = "裁判长", nameEn = "Chief Expert" })).Id();
        await http.PostOk($"{t.Base}/assignments", new { judgeId = t.Chief, chiefExpert = true });
        t.Outsider = (await http.PostOk("/api/judges", new { nameZh = "局外评委", nameEn = "Outside judge" })).Id();
        await http.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Live" }, HttpStatusCode.OK);
        return t;
    }

    static int AspectId(JsonArray aspects, string code) => aspects.First(a => a!["code"]!.GetValue<string>() == code)!.Id();

    static object[] SchemeRows(string module) =>
    [
        new { criterion = "A", criterionZh = "尺寸精度", criterionEn = "Dimensional accuracy", subCriterion = "A1", module, aspect = "A1.1",
              type = "M", maxMark = "1.00", descriptionZh = "孔距", descriptionEn = "Hole spacing" },
        new { criterion = "A", criterionZh = "尺寸精度", criterionEn = "Dimensional accuracy", subCriterion = "A1", module, aspect = "A1.2",
              type = "M", maxMark = "2.00", descriptionZh = "平面度", descriptionEn = "Flatness", bands = "0.02:1;0.05:0.5" },
        new { criterion = "B", criterionZh = "工艺", criterionEn = "Workmanship", subCriterion = "B1", module, aspect = "B1.1",
              type = "J", maxMark = "3.00", descriptionZh = "表面质量", descriptionEn = "Surface finish",
              descriptor0 = "低于标准", descriptor1 = "符合标准", descriptor2 = "超过标准", descriptor3 = "优秀" },
    ];

    /// Marks every cell the module's lock still waits for with a mark worth nothing (0, or for the banded aspect a deviation
    /// of 0.09, outside every band), by the judges the lock check names as missing, so a test can lock a module whose
    /// other cells it marked on purpose. Re-scores and disagreements are left for the test to resolve.
    public async Task CompleteModuleAsync(HttpClient http, int moduleId)
    {
        var check = await http.GetOk($"{Base}/modules/{moduleId}/lock-blockers");
        foreach (var blocker in check["blockers"]!.AsArray().Where(b => b!["kind"]!.GetValue<string>() == "pending"))
        {
            var value = blocker!["aspectCode"]!.GetValue<string>() == "A1.2" ? 0.09 : 0;
            var competitorId = blocker["competitors"]![0]!.Id();
            foreach (var judge in blocker["judges"]!.AsArray().Take(blocker["scoresNeeded"]!.GetValue<int>()))
                await http.PostOk($"{Base}/marks", new { aspectId = blocker["aspectId"]!.GetValue<int>(), competitorId, judgeId = judge!.Id(), value });
        }
    }

    public object Mark(int aspect, string bib, int judge, double value, string? key = null) =>
        new { aspectId = aspect, competitorId = Competitors[bib], judgeId = judge, value, idempotencyKey = key ?? Guid.NewGuid().ToString() };
}
