using System.Net;
using System.Net.Http.Json;

namespace LiveBoard.Browser.Tests.Infrastructure;

/// The small competition carried through to a marked final, as an organiser would through the API: the preliminary is
/// marked, locked and advanced (the top two), the other two are entered by hand, and the final is marked with distinct
/// totals. Final standings: 张伟 7 (gold), 李娜 6 and 王芳 5 (silver), 欧阳明轩 4 (bronze), so the ceremony has nine steps:
/// opening, then for each competitor from the bottom an award citation and the reveal of the row.
/// The final module is left live: the test locks it, so it can first see the ceremony refused.
public sealed class ControlFinal
{
    public required SmallCompetition Small { get; init; }
    public required int FinalId { get; init; }
    public required int FinalModuleId { get; init; }
    public int CompetitionId => Small.CompetitionId;
    public string Base => Small.Base;

    /// Which aspects each competitor gets full marks on (A1.1 = 1, A1.2 = 2, A1.3 = 4).
    static readonly (string Bib, string[] Aspects)[] Marks =
    [
        ("C-01", ["A1.1", "A1.2", "A1.3"]), ("C-02", ["A1.2", "A1.3"]), ("C-03", ["A1.1", "A1.3"]), ("C-04", ["A1.3"]),
    ];
    static readonly Dictionary<string, double> MaxMark = new() { ["A1.1"] = 1, ["A1.2"] = 2, ["A1.3"] = 4 };

    public static async Task<ControlFinal> CreateAsync(HttpClient admin)
    {
        var small = await SmallCompetition.CreateAsync(admin);
        var finalId = (await admin.PostOk($"{small.Base}/stages", new { kind = "Final", nameZh = "决赛", nameEn = "Final" })).Id();
        var moduleId = (await admin.PostOk($"{small.Base}/stages/{finalId}/modules", new
        {
            code = "F1", nameZh = "决赛模块", nameEn = "Final module", startsAt = "2026-06-14T09:00:00+08:00", endsAt = "2026-06-14T12:00:00+08:00",
        })).Id();
        var scheme = await admin.PutAsync($"{small.Base}/stages/{finalId}/scheme", JsonContent.Create(new object[]
        {
            Measurement("A1.1", "1.00", "孔距", "Hole spacing"),
            Measurement("A1.2", "2.00", "平面度", "Flatness"),
            Measurement("A1.3", "4.00", "表面粗糙度", "Surface roughness"),
        }));
        var finalAspects = (await scheme.Json(HttpStatusCode.OK))["aspects"]!.AsArray()
            .ToDictionary(a => a!["code"]!.GetValue<string>(), a => a!.Id());

        await MarkAllAsync(admin, small, small.Aspects);
        await admin.CompleteModuleAsync(small.Base, small.ModuleId);
        await admin.PostOk($"{small.Base}/modules/{small.ModuleId}/status", new { status = "Locked", confirm = "P1" }, HttpStatusCode.OK);
        await admin.PostOk($"{small.Base}/stages/{small.PrelimId}/advance", new { }, HttpStatusCode.OK);
        // The preliminary sends its top two; a bigger final makes a ceremony worth stepping through.
        await admin.PostOk($"{small.Base}/stages/{finalId}/entries",
            new { competitorIds = new[] { small.Competitors["C-03"], small.Competitors["C-04"] } }, HttpStatusCode.OK);

        await admin.PostOk($"{small.Base}/modules/{moduleId}/status", new { status = "Live" }, HttpStatusCode.OK);
        await MarkAllAsync(admin, small, finalAspects);
        return new ControlFinal { Small = small, FinalId = finalId, FinalModuleId = moduleId };
    }

    public async Task LockFinalAsync(HttpClient admin)
    {
        await admin.CompleteModuleAsync(Base, FinalModuleId);
        await admin.PostOk($"{Base}/modules/{FinalModuleId}/status", new { status = "Locked", confirm = "F1" }, HttpStatusCode.OK);
    }

    static async Task MarkAllAsync(HttpClient admin, SmallCompetition small, Dictionary<string, int> aspects)
    {
        foreach (var (bib, codes) in Marks)
            foreach (var code in codes)
            {
                var body = new
                {
                    aspectId = aspects[code], competitorId = small.Competitors[bib], judgeId = small.Judge, value = MaxMark[code],
                    idempotencyKey = Guid.NewGuid().ToString(),
                };
                // The marks rate limit (a burst of 30, then 5 a second per user) is above a person's pace, not a set-up's.
                while (true)
                {
                    var response = await admin.PostAsJsonAsync($"{small.Base}/marks", body);
                    if (response.StatusCode != HttpStatusCode.TooManyRequests) { await response.Json(HttpStatusCode.Created); break; }
                    await Task.Delay(250);
                }
            }
    }

    static object Measurement(string aspect, string maxMark, string zh, string en) => new
    {
        criterion = "A", criterionZh = "尺寸精度", criterionEn = "Dimensional accuracy", subCriterion = "A1", module = "F1", aspect,
        type = "M", maxMark, descriptionZh = zh, descriptionEn = en,
    };
}
