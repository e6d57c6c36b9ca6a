using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace LiveBoard.Browser.Tests.Infrastructure;

/// The small competition of the results tests, grown into what a chief expert's desk needs: two judgement aspects
/// (B1.1, B1.2) next to the three measurements, a panel of three judges, and a chief expert with an account of their own.
public sealed class DeskCompetition
{
    public required SmallCompetition Small { get; init; }
    /// The panel in id order, which is the order the matrix lists scores in: 陈评, 王敏, 刘洋.
    public required int[] Panel { get; init; }
    public required string ChiefUserName { get; init; }
    public const string ChiefPassword = "chief-expert-password";
    public const string ChiefDisplayName = "周建国 Zhou Jianguo";

    public int CompetitionId => Small.CompetitionId;
    public int StageId => Small.PrelimId;
    public int ModuleId => Small.ModuleId;
    public string Base => Small.Base;
    public string DeskUrl => $"/desk/?competition={CompetitionId}&module={ModuleId}";
    public string ResultsUrl => $"/results.html?competition={CompetitionId}&stage={StageId}";

    public static async Task<DeskCompetition> CreateAsync(HttpClient admin, bool moreCompetitors = false)
    {
        var small = await SmallCompetition.CreateAsync(admin);
        // No marks yet, so the stage's scheme may still be replaced.
        var scheme = await admin.PutAsync($"{small.Base}/stages/{small.PrelimId}/scheme", JsonContent.Create(new object[]
        {
            Measurement("A1.1", "1.00", "孔距", "Hole spacing"),
            Measurement("A1.2", "2.00", "平面度", "Flatness"),
            Measurement("A1.3", "4.00", "表面粗糙度", "Surface roughness"),
            Judgement("B1.1", "2.00", "工件整体外观", "Overall finish of the workpiece"),
            Judgement("B1.2", "1.50", "安全文明生产", "Safe and tidy work"),
        }));
        small.Aspects.Clear();
        foreach (var aspect in (await scheme.Json(HttpStatusCode.OK))["aspects"]!.AsArray())
            small.Aspects[aspect!["code"]!.GetValue<string>()] = aspect.Id();

        if (moreCompetitors)
        {
            var import = await admin.PostAsync($"{small.Base}/competitors/import", new StringContent(
                "bib,nameZh,nameEn,organisation\nC-05,司马慧敏,Sima Huimin,Shanghai Electric\nC-06,赵磊,Zhao Lei,Shanghai Electric\n" +
                "C-07,孙丽华,Sun Lihua,Shanghai Electric\nC-08,诸葛亮平,Zhuge Liangping,Shanghai Electric\n", Encoding.UTF8, "text/csv"));
            await import.Json(HttpStatusCode.OK);
            foreach (var c in (await (await admin.GetAsync($"{small.Base}/competitors")).Json(HttpStatusCode.OK)).AsArray())
                small.Competitors[c!["bib"]!.GetValue<string>()] = c.Id();
        }

        var wang = (await admin.PostOk("/api/judges", new { nameZh = "王敏", nameEn = "Wang Min" })).Id();
        var liu = (await admin.PostOk("/api/judges", new { nameZh = "刘洋", nameEn = "Liu Yang" })).Id();
        foreach (var judge in new[] { wang, liu }) await admin.PostOk($"{small.Base}/assignments", new { judgeId = judge });

        var chief = (await admin.PostOk("/api/judges", new { nameZh = "周建国", nameEn = "Zhou Jianguo" })).Id();
        await admin.PostOk($"{small.Base}/assignments", new { judgeId = chief, chiefExpert = true });
        var userName = $"chief-{Guid.NewGuid():N}"[..16];
        await admin.PostOk("/api/accounts", new { userName, displayName = ChiefDisplayName, password = ChiefPassword, judgeId = chief });
        return new DeskCompetition { Small = small, Panel = [small.Judge, wang, liu], ChiefUserName = userName };
    }

    /// One judge's entry, sent by the organiser's client as a judge's tablet would send it.
    public Task<JsonNode> Score(HttpClient http, int judge, string bib, string aspect, double value) =>
        SendMark(http, $"{Base}/marks", new
        {
            aspectId = Small.Aspects[aspect], competitorId = Small.Competitors[bib], judgeId = judge, value,
            idempotencyKey = Guid.NewGuid().ToString(), device = $"tablet-{judge}",
        });

    public Task<JsonNode> Correct(HttpClient http, long markId, double value, string reason) =>
        SendMark(http, $"{Base}/marks/{markId}/corrections", new { value, reason, idempotencyKey = Guid.NewGuid().ToString() });

    /// The marks rate limit (a burst of 30, then 5 a second per user) is far above a person's pace but not a test's:
    /// wait and send again, with the same idempotency key.
    static async Task<JsonNode> SendMark(HttpClient http, string url, object body)
    {
        while (true)
        {
            var response = await http.PostAsJsonAsync(url, body);
            if (response.StatusCode != HttpStatusCode.TooManyRequests) return await response.Json(HttpStatusCode.Created);
            await Task.Delay(250);
        }
    }

    /// Signs the page's browser context in as the chief expert (the cookie lands in the context, as after the form).
    public async Task SignInAsync(IPage page)
    {
        var response = await page.Context.APIRequest.PostAsync("/api/account/sign-in",
            new() { DataObject = new { userName = ChiefUserName, password = ChiefPassword } });
        Assert.True(response.Ok, $"sign-in failed: {response.Status} {await response.TextAsync()}");
    }

    static object Measurement(string aspect, string maxMark, string zh, string en) => new
    {
        criterion = "A", criterionZh = "尺寸精度", criterionEn = "Dimensional accuracy", subCriterion = "A1", module = "P1", aspect,
        type = "M", maxMark, descriptionZh = zh, descriptionEn = en,
    };

    static object Judgement(string aspect, string maxMark, string zh, string en) => new
    {
        criterion = "B", criterionZh = "工艺与规范", criterionEn = "Workmanship", subCriterion = "B1", module = "P1", aspect,
        type = "J", maxMark, descriptionZh = zh, descriptionEn = en,
        descriptor0 = "未达到行业标准 Below industry standard", descriptor1 = "达到行业标准 Meets industry standard",
        descriptor2 = "部分超出 Exceeds in some respects", descriptor3 = "全面超出 Excellent",
    };
}
