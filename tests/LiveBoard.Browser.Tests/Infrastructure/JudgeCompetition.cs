using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace LiveBoard.Browser.Tests.Infrastructure;

/// A competition for the judge app, set up through the public API: one live module with a measurement (full or zero),
/// a measurement with tolerance bands (a typed deviation) and two judgement aspects (0–3 with descriptors), a panel of
/// three judges, and six competitors. The tablet's judge (Chen Ping) belongs to Shanghai Electric, so Wang Fang (C-03)
/// is a conflict of interest for them; the others come from SAIC Motor.
public sealed class JudgeCompetition
{
    public int CompetitionId, PrelimId, ModuleId;
    /// The judge on the tablet, and the two other panel judges whose marks the tests enter through the API.
    public int TabletJudge, Zhao, Zhou;
    public Dictionary<string, int> Aspects = [];
    public Dictionary<string, int> Competitors = [];

    public string Base => $"/api/competitions/{CompetitionId}";
    public string ResultsUrl => $"/results.html?competition={CompetitionId}&stage={PrelimId}";

    public static async Task<JudgeCompetition> CreateAsync(HttpClient http)
    {
        var t = new JudgeCompetition();
        var unique = Guid.NewGuid().ToString("N")[..8];
        var series = (await http.PostOk("/api/series", new { slug = $"judge-{unique}", nameZh = "评委端测试系列赛", nameEn = "Judge app test series" })).Id();
        var federation = (await http.PostOk("/api/organisations", new { nameZh = "上海市总工会", nameEn = "Shanghai Federation of Trade Unions", kind = "Federation" })).Id();
        var electric = (await http.PostOk("/api/organisations", new { nameZh = "上海电气集团", nameEn = "Shanghai Electric", kind = "Enterprise", parentId = federation })).Id();
        var saic = (await http.PostOk("/api/organisations", new { nameZh = "上汽集团", nameEn = "SAIC Motor", kind = "Enterprise", parentId = federation })).Id();
        t.CompetitionId = (await http.PostOk("/api/competitions", new
        {
            seriesId = series, slug = $"cnc-{unique}", tradeZh = "数控铣工", tradeEn = "CNC milling", level = "City",
            rules = new { panelRule = "WorldSkills", panelSize = 3 },
        })).Id();
        t.PrelimId = (await http.PostOk($"{t.Base}/stages", new { kind = "Preliminary", nameZh = "预赛", nameEn = "Preliminary" })).Id();
        t.ModuleId = (await http.PostOk($"{t.Base}/stages/{t.PrelimId}/modules", new
        {
            code = "P1", nameZh = "零件加工", nameEn = "Part machining", startsAt = "2026-06-12T09:00:00+08:00", endsAt = "2026-06-12T12:00:00+08:00",
        })).Id();
        var scheme = await http.PutAsync($"{t.Base}/stages/{t.PrelimId}/scheme", JsonContent.Create(new object[]
        {
            new { criterion = "A", criterionZh = "尺寸精度", criterionEn = "Dimensional accuracy", subCriterion = "A1", module = "P1", aspect = "A1.1",
                  type = "M", maxMark = "1.00", descriptionZh = "孔距 40±0.02", descriptionEn = "Hole spacing 40±0.02" },
            new { criterion = "A", criterionZh = "尺寸精度", criterionEn = "Dimensional accuracy", subCriterion = "A1", module = "P1", aspect = "A1.2",
                  type = "M", maxMark = "2.00", descriptionZh = "底面平面度", descriptionEn = "Flatness of the base", bands = "0.02:1;0.05:0.5" },
            new { criterion = "B", criterionZh = "工艺质量", criterionEn = "Workmanship", subCriterion = "B1", module = "P1", aspect = "B1.1",
                  type = "J", maxMark = "3.00", descriptionZh = "表面质量", descriptionEn = "Surface finish",
                  descriptor0 = "表面有明显刀痕或毛刺,未达到行业标准", descriptor1 = "表面基本平整,符合行业标准",
                  descriptor2 = "表面光洁均匀,部分超过行业标准", descriptor3 = "表面光洁如镜,远超行业标准" },
            new { criterion = "B", criterionZh = "工艺质量", criterionEn = "Workmanship", subCriterion = "B1", module = "P1", aspect = "B1.2",
                  type = "J", maxMark = "2.00", descriptionZh = "安全文明生产", descriptionEn = "Safe and tidy work",
                  descriptor0 = "有违规操作", descriptor1 = "操作基本规范", descriptor2 = "操作规范,工位整洁", descriptor3 = "规范熟练,工位整洁有序" },
        }));
        foreach (var aspect in (await scheme.Json(HttpStatusCode.OK))["aspects"]!.AsArray())
            t.Aspects[aspect!["code"]!.GetValue<string>()] = aspect.Id();

        // Organisations by id: every test makes its own, with the same names, on the shared server.
        var import = await http.PostAsync($"{t.Base}/competitors/import", new StringContent(
            "bib,nameZh,nameEn,organisation\n" +
            $"C-01,张伟,Zhang Wei,{saic}\nC-02,李娜,Li Na,{saic}\nC-03,王芳,Wang Fang,{electric}\n" +
            $"C-04,欧阳明轩,Ouyang Mingxuan,{saic}\nC-05,刘洋,Liu Yang,{saic}\nC-06,陈静,Chen Jing,{saic}\n", Encoding.UTF8, "text/csv"));
        await import.Json(HttpStatusCode.OK);
        foreach (var c in (await (await http.GetAsync($"{t.Base}/competitors")).Json(HttpStatusCode.OK)).AsArray())
            t.Competitors[c!["bib"]!.GetValue<string>()] = c.Id();

        t.TabletJudge = (await http.PostOk("/api/judges", new { nameZh = "陈评", nameEn = "Chen Ping", organisationId = electric })).Id();
        t.Zhao = (await http.PostOk("/api/judges", new { nameZh = "赵评", nameEn = "Zhao Ping" })).Id();
        t.Zhou = (await http.PostOk("/api/judges", new { nameZh = "周评", nameEn = "Zhou Ping" })).Id();
        foreach (var judge in new[] { t.TabletJudge, t.Zhao, t.Zhou })
            await http.PostOk($"{t.Base}/assignments", new { judgeId = judge, moduleId = t.ModuleId });
        await http.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Live" }, HttpStatusCode.OK);
        return t;
    }

    /// A one-time sign-in code for the judge, as printed on their QR sheet.
    public async Task<string> AccessCode(HttpClient http, int judge) =>
        (await http.PostOk($"/api/judges/{judge}/access-codes", new { }, HttpStatusCode.OK))["code"]!.GetValue<string>();

    /// A judge's paper sheet entered by the admin on their behalf (how other panel members' marks arrive in these tests).
    public Task<JsonNode> Mark(HttpClient http, int judge, string bib, string aspect, double value) =>
        http.PostOk($"{Base}/marks", new { aspectId = Aspects[aspect], competitorId = Competitors[bib], judgeId = judge, value, idempotencyKey = Guid.NewGuid().ToString() });

    /// Every mark of the competition, superseded ones included.
    public async Task<List<JsonNode>> Marks(HttpClient http) =>
        [.. (await (await http.GetAsync($"{Base}/marks")).Json(HttpStatusCode.OK)).AsArray().Select(m => m!)];

    /// Locking goes over the cells the panel has not marked (an admin's override with a reason): these tests lock a module
    /// mid-marking to see what a judge's tablet does, not to sign results.
    public Task SetModuleStatus(HttpClient http, string status) =>
        http.PostOk($"{Base}/modules/{ModuleId}/status", status == "Locked"
            ? new { status, confirm = "P1", @override = (bool?)true, reason = (string?)"测试:评分途中锁定 · Test: locked mid-marking" }
            : new { status, confirm = "P1", @override = (bool?)null, reason = (string?)null }, HttpStatusCode.OK);
}
