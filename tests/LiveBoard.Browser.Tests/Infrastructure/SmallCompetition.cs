using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace LiveBoard.Browser.Tests.Infrastructure;

/// A small competition set up through the public API, as an organiser would: one preliminary stage with one live module
/// of three measurement aspects (1, 2 and 4 marks, full or zero), four competitors with Chinese names, one judge.
/// A measurement needs one judge's mark, so each submitted mark moves a total at once.
public sealed class SmallCompetition
{
    public int CompetitionId, PrelimId, ModuleId, Judge;
    public Dictionary<string, int> Aspects = [];
    public Dictionary<string, int> Competitors = [];

    public string Base => $"/api/competitions/{CompetitionId}";

    public static async Task<SmallCompetition> CreateAsync(HttpClient http)
    {
        var t = new SmallCompetition();
        // Every test makes its own competition on the shared server: slugs must not collide.
        var unique = Guid.NewGuid().ToString("N")[..8];
        var series = (await http.PostOk("/api/series", new { slug = $"browser-{unique}", nameZh = "浏览器测试系列赛", nameEn = "Browser test series" })).Id();
        var federation = (await http.PostOk("/api/organisations", new { nameZh = "上海市总工会", nameEn = "Shanghai Federation of Trade Unions", kind = "Federation" })).Id();
        await http.PostOk("/api/organisations", new { nameZh = "上海电气集团", nameEn = "Shanghai Electric", kind = "Enterprise", parentId = federation });
        t.CompetitionId = (await http.PostOk("/api/competitions", new
        {
            seriesId = series, slug = $"cnc-{unique}", tradeZh = "数控铣工", tradeEn = "CNC milling", level = "City",
            rules = new { panelRule = "WorldSkills", panelSize = 3 },
        })).Id();
        t.PrelimId = (await http.PostOk($"{t.Base}/stages", new { kind = "Preliminary", nameZh = "预赛", nameEn = "Preliminary", advancement = "TopN", advancementValue = 2 })).Id();
        t.ModuleId = (await http.PostOk($"{t.Base}/stages/{t.PrelimId}/modules", new
        {
            code = "P1", nameZh = "模块一", nameEn = "Module 1", startsAt = "2026-06-12T09:00:00+08:00", endsAt = "2026-06-12T12:00:00+08:00",
        })).Id();
        var scheme = await http.PutAsync($"{t.Base}/stages/{t.PrelimId}/scheme", JsonContent.Create(new object[]
        {
            Measurement("A1.1", "1.00", "孔距", "Hole spacing"),
            Measurement("A1.2", "2.00", "平面度", "Flatness"),
            Measurement("A1.3", "4.00", "表面粗糙度", "Surface roughness"),
        }));
        foreach (var aspect in (await scheme.Json(HttpStatusCode.OK))["aspects"]!.AsArray())
            t.Aspects[aspect!["code"]!.GetValue<string>()] = aspect.Id();

        var import = await http.PostAsync($"{t.Base}/competitors/import", new StringContent(
            "bib,nameZh,nameEn,organisation\nC-01,张伟,Zhang Wei,Shanghai Electric\nC-02,李娜,Li Na,Shanghai Electric\n" +
            "C-03,王芳,Wang Fang,Shanghai Electric\nC-04,欧阳明轩,Ouyang Mingxuan,Shanghai Electric\n", Encoding.UTF8, "text/csv"));
        await import.Json(HttpStatusCode.OK);
        foreach (var c in (await (await http.GetAsync($"{t.Base}/competitors")).Json(HttpStatusCode.OK)).AsArray())
            t.Competitors[c!["bib"]!.GetValue<string>()] = c.Id();

        t.Judge = (await http.PostOk("/api/judges", new { nameZh = "陈评", nameEn = "Chen Ping" })).Id();
        await http.PostOk($"{t.Base}/assignments", new { judgeId = t.Judge });
        await http.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Live" }, HttpStatusCode.OK);
        return t;
    }

    /// Submits a full mark for the aspect (a measurement is full or zero).
    public Task Mark(HttpClient http, string bib, string aspect, double value) =>
        http.PostOk($"{Base}/marks", new { aspectId = Aspects[aspect], competitorId = Competitors[bib], judgeId = Judge, value, idempotencyKey = Guid.NewGuid().ToString() });

    static object Measurement(string aspect, string maxMark, string zh, string en) => new
    {
        criterion = "A", criterionZh = "尺寸精度", criterionEn = "Dimensional accuracy", subCriterion = "A1", module = "P1", aspect,
        type = "M", maxMark, descriptionZh = zh, descriptionEn = en,
    };
}
