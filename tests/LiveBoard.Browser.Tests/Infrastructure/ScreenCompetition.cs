using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace LiveBoard.Browser.Tests.Infrastructure;

/// What a big screen needs to show every page: a preliminary (top 2 advance) with a live module that started an hour
/// ago, and a final with a module tomorrow; six competitors from two organisations, with long Chinese and English names
/// and organisations (the layout must hold them); one gold, one silver and one bronze; one judge on every module.
/// A measurement needs one judge's mark, so each mark moves a total at once.
public sealed class ScreenCompetition
{
    public int SeriesId, CompetitionId, PrelimId, FinalId, PrelimModuleId, FinalModuleId, Judge;
    public Dictionary<string, int> Competitors = [];
    readonly Dictionary<(int Stage, string Aspect), int> aspects = [];

    public string Base => $"/api/competitions/{CompetitionId}";

    public static async Task<ScreenCompetition> CreateAsync(HttpClient http)
    {
        var t = new ScreenCompetition();
        // Every test makes its own competition on the shared server: slugs must not collide.
        var unique = Guid.NewGuid().ToString("N")[..8];
        t.SeriesId = (await http.PostOk("/api/series", new { slug = $"screen-{unique}", nameZh = "上海职工职业技能系列竞赛", nameEn = "Shanghai Workers' Vocational Skills Competition Series" })).Id();
        var federation = (await http.PostOk("/api/organisations", new { nameZh = "上海市总工会", nameEn = "Shanghai Federation of Trade Unions", kind = "Federation" })).Id();
        var electric = (await http.PostOk("/api/organisations", new { nameZh = "上海电气集团", nameEn = "Shanghai Electric", kind = "Enterprise", parentId = federation })).Id();
        var aerospace = (await http.PostOk("/api/organisations", new
        {
            nameZh = "上海航天设备制造总厂有限公司", nameEn = "Shanghai Aerospace Equipments Manufacturer Co., Ltd.", kind = "Enterprise", parentId = federation,
        })).Id();
        t.CompetitionId = (await http.PostOk("/api/competitions", new
        {
            seriesId = t.SeriesId, slug = $"robot-{unique}", tradeZh = "工业机器人操作与示教", tradeEn = "Industrial robot operation and programming",
            level = "City", venueZh = "临港新片区智能制造实训基地", venueEn = "Lingang Intelligent Manufacturing Training Base",
            rules = new { panelRule = "WorldSkills", panelSize = 3, goldCount = 1, silverCount = 1, bronzeCount = 1 },
        })).Id();
        t.PrelimId = (await http.PostOk($"{t.Base}/stages", new { kind = "Preliminary", nameZh = "预赛", nameEn = "Preliminary", advancement = "TopN", advancementValue = 2 })).Id();
        t.FinalId = (await http.PostOk($"{t.Base}/stages", new { kind = "Final", nameZh = "决赛", nameEn = "Final" })).Id();
        var now = DateTimeOffset.UtcNow;
        t.PrelimModuleId = (await http.PostOk($"{t.Base}/stages/{t.PrelimId}/modules", new
        {
            code = "P1", nameZh = "机器人示教编程", nameEn = "Robot teach programming", startsAt = now.AddHours(-1), endsAt = now.AddHours(2),
        })).Id();
        t.FinalModuleId = (await http.PostOk($"{t.Base}/stages/{t.FinalId}/modules", new
        {
            code = "F1", nameZh = "工作站集成与调试", nameEn = "Work cell integration and commissioning", startsAt = now.AddDays(1), endsAt = now.AddDays(1).AddHours(3),
        })).Id();
        await t.SchemeAsync(http, t.PrelimId, "P1");
        await t.SchemeAsync(http, t.FinalId, "F1");

        var import = await http.PostAsync($"{t.Base}/competitors/import", new StringContent(
            "bib,nameZh,nameEn,organisation\n" +
            $"C-01,张伟,Zhang Wei,{electric}\nC-02,李娜,Li Na,{aerospace}\nC-03,王芳,Wang Fang,{electric}\n" +
            $"C-04,欧阳明轩,Ouyang Mingxuan,{aerospace}\nC-05,司马慧敏,Sima Huimin,{electric}\nC-06,诸葛亮平,Zhuge Liangping,{aerospace}\n",
            Encoding.UTF8, "text/csv"));
        await import.Json(HttpStatusCode.OK);
        foreach (var c in (await (await http.GetAsync($"{t.Base}/competitors")).Json(HttpStatusCode.OK)).AsArray())
            t.Competitors[c!["bib"]!.GetValue<string>()] = c.Id();
        // Everyone is entered in the final as well, so the final can be marked and locked without running the selection.
        await (await http.PostAsJsonAsync($"{t.Base}/stages/{t.FinalId}/entries", new { competitorIds = t.Competitors.Values.ToArray() })).Json(HttpStatusCode.OK);

        t.Judge = (await http.PostOk("/api/judges", new { nameZh = "陈评", nameEn = "Chen Ping" })).Id();
        await http.PostOk($"{t.Base}/assignments", new { judgeId = t.Judge });
        await t.ModuleStatus(http, t.PrelimModuleId, "Live");
        return t;
    }

    async Task SchemeAsync(HttpClient http, int stageId, string module)
    {
        var scheme = await http.PutAsync($"{Base}/stages/{stageId}/scheme", JsonContent.Create(new object[]
        {
            Measurement(module, "A1.1", "1.00", "定位精度", "Positioning accuracy"),
            Measurement(module, "A1.2", "2.00", "轨迹示教", "Path teaching"),
            Measurement(module, "A1.3", "4.00", "节拍时间", "Cycle time"),
        }));
        foreach (var aspect in (await scheme.Json(HttpStatusCode.OK))["aspects"]!.AsArray())
            aspects[(stageId, aspect!["code"]!.GetValue<string>())] = aspect.Id();
    }

    /// A full mark for the aspect of the preliminary (or the final). The marks rate limit (a burst of 30, then 5 a second
    /// per user) is far above a person's pace but not a test's: wait and send again.
    public async Task<JsonNode> Mark(HttpClient http, string bib, string aspect, double value, bool final = false)
    {
        var body = new
        {
            aspectId = aspects[(final ? FinalId : PrelimId, aspect)], competitorId = Competitors[bib], judgeId = Judge, value,
            idempotencyKey = Guid.NewGuid().ToString(),
        };
        while (true)
        {
            var response = await http.PostAsJsonAsync($"{Base}/marks", body);
            if (response.StatusCode != HttpStatusCode.TooManyRequests) return await response.Json(HttpStatusCode.Created);
            await Task.Delay(250);
        }
    }

    public async Task ModuleStatus(HttpClient http, int moduleId, string status)
    {
        var code = moduleId == PrelimModuleId ? "P1" : "F1";
        await http.PostOk($"{Base}/modules/{moduleId}/status", new { status, confirm = code }, HttpStatusCode.OK);
    }

    /// Runs the final to the end: every competitor marked (C-01 first, C-06 last), then the module locked, so results are
    /// official and the ceremony may start. Totals: C-01 7, C-02 6, C-03 5, C-04 4, C-05 3, C-06 1. The cells worth
    /// nothing are entered first (a module locks only when complete), so the scoring marks are still the latest news.
    public async Task PlayLockedFinalAsync(HttpClient http)
    {
        await ModuleStatus(http, FinalModuleId, "Live");
        foreach (var (bib, marks) in FinalMarks)
            foreach (var aspect in new[] { "A1.1", "A1.2", "A1.3" }.Where(a => marks.All(m => m.Aspect != a)))
                await Mark(http, bib, aspect, 0, final: true);
        foreach (var (bib, marks) in FinalMarks)
            foreach (var (aspect, value) in marks)
                await Mark(http, bib, aspect, value, final: true);
        await ModuleStatus(http, FinalModuleId, "Locked");
    }

    static readonly (string Bib, (string Aspect, double Value)[] Marks)[] FinalMarks =
    [
        ("C-01", [("A1.1", 1), ("A1.2", 2), ("A1.3", 4)]), ("C-02", [("A1.2", 2), ("A1.3", 4)]), ("C-03", [("A1.1", 1), ("A1.3", 4)]),
        ("C-04", [("A1.3", 4)]), ("C-05", [("A1.1", 1), ("A1.2", 2)]), ("C-06", [("A1.1", 1)]),
    ];

    static object Measurement(string module, string aspect, string maxMark, string zh, string en) => new
    {
        criterion = "A", criterionZh = "工作站编程", criterionEn = "Work cell programming", subCriterion = "A1", module, aspect,
        type = "M", maxMark, descriptionZh = zh, descriptionEn = en,
    };
}
