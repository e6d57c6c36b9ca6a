using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LiveBoard.Browser.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveBoard.Browser.Tests;

/// The organiser's pages in real Chromium at laptop size: a competition set up end to end through the forms and file
/// inputs alone, then checked through the API; spreadsheet errors reported per row with nothing imported; the pages
/// closed to anyone who is not an admin.
public sealed class AdminPagesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    /// After each test: no page it opened broke the Content-Security-Policy.
    public void Dispose() => browser.AssertNoCspViolations();

    static readonly ViewportSize Laptop = new() { Width = 1366, Height = 768 };
    // Generous for a loaded CI machine; each step takes well under a second.
    static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 10_000 };
    static readonly LocatorAssertionsToContainTextOptions SoonContains = new() { Timeout = 10_000 };
    static readonly PageAssertionsToHaveURLOptions SoonUrl = new() { Timeout = 10_000 };

    string AdminPassword => browser.Server.Services.GetRequiredService<IConfiguration>()["Accounts:AdminPassword"]!;

    [Fact]
    public async Task OrganiserSetsUpACompetitionEndToEndWithoutTheApi()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var page = await browser.NewPageAsync(Laptop);

        await page.GotoAsync("/admin/");
        await Expect(page).ToHaveURLAsync(new Regex(@"/signin\.html\?return=%2Fadmin%2F$"), SoonUrl);
        await page.Locator("input[name=userName]").FillAsync("admin");
        await page.Locator("input[name=password]").FillAsync(AdminPassword);
        await page.Locator("#signin button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/admin/$"), SoonUrl);
        // From here on (the anonymous visit's 401 from /api/account/me is the point of it).
        var problems = CollectProblems(page);

        var org = page.Locator("#new-organisation");
        await org.Locator("[name=nameZh]").FillAsync("浦东新区总工会");
        await org.Locator("[name=nameEn]").FillAsync("Pudong New Area Federation of Trade Unions");
        await org.Locator("[name=kind]").SelectOptionAsync("DistrictUnion");
        await Submit(org, "已创建 Created: 浦东新区总工会");
        await org.Locator("[name=nameZh]").FillAsync("临港集团");
        await org.Locator("[name=nameEn]").FillAsync("Lingang Group");
        await org.Locator("[name=kind]").SelectOptionAsync("Group");
        await org.Locator("[name=parentId]").SelectOptionAsync(await OptionValue(org.Locator("[name=parentId]"), "浦东新区总工会"));
        await Submit(org, "已创建 Created: 临港集团");

        var series = page.Locator("#new-series");
        await series.Locator("[name=nameZh]").FillAsync("上海职工职业技能系列竞赛");
        await series.Locator("[name=nameEn]").FillAsync("Shanghai Workers' Vocational Skills Competition Series");
        await series.Locator("[name=sloganZh]").FillAsync("迎世赛、稳就业、促发展");
        await series.Locator("[name=slug]").FillAsync($"shanghai-{unique}");
        await Submit(series, "已创建");

        var competition = page.Locator("#new-competition");
        await competition.Locator("[name=tradeZh]").FillAsync("工业机器人操作与示教");
        await competition.Locator("[name=tradeEn]").FillAsync("Industrial robot operation and programming");
        await competition.Locator("[name=slug]").FillAsync($"robot-{unique}");
        await competition.Locator("[name=level]").SelectOptionAsync("City");
        await competition.Locator("[name=gradeZh]").FillAsync("专项职业能力");
        await competition.Locator("[name=gradeEn]").FillAsync("Special vocational ability");
        await competition.Locator("[name=hostsZh]").FillAsync("临港集团");
        await competition.Locator("[name=hostsEn]").FillAsync("Lingang Group");
        await competition.Locator("[name='rules.bronzeCount']").FillAsync("4");
        await competition.Locator("[name='rules.tieBreakCriteria']").FillAsync("A, B");
        await Submit(competition, "已创建");
        await Shot(page, "admin-overview");

        await page.Locator($"tr[data-competition='robot-{unique}'] a.setup").ClickAsync();
        await Expect(page.Locator("#title")).ToContainTextAsync("工业机器人操作与示教", SoonContains);

        var stage = page.Locator("#new-stage");
        await Expect(stage.Locator("[name=nameZh]")).ToHaveValueAsync("预赛");
        await stage.Locator("[name=advancement]").SelectOptionAsync("TopN");
        await stage.Locator("[name=advancementValue]").FillAsync("2");
        await Submit(stage, "已创建");
        await Expect(page.Locator("[data-stage=Preliminary]")).ToContainTextAsync("前 2 名晋级");

        var module = page.Locator("#new-module");
        await module.Locator("[name=code]").FillAsync("P1");
        await module.Locator("[name=nameZh]").FillAsync("模块一 轨迹编程");
        await module.Locator("[name=nameEn]").FillAsync("Module 1 Path programming");
        await module.Locator("[name=startsAt]").FillAsync("2026-06-12T09:00");
        await module.Locator("[name=endsAt]").FillAsync("2026-06-12T12:00");
        await Submit(module, "已创建");
        await Expect(page.Locator("tr[data-module=P1]")).ToContainTextAsync("模块一 轨迹编程");
        await Shot(page, "admin-competition-stages");

        await page.Locator("#tabs button[data-tab=standards]").ClickAsync();
        var standards = page.Locator("#standards");
        foreach (var (code, zh, en, weight) in new[] { ("A", "工作组织与管理", "Work organisation and management", "60"), ("B", "安全与规范", "Safety and practice", "30") })
        {
            await page.Locator("#add-section").ClickAsync();
            var row = standards.Locator("#standards-rows tr").Last;
            await row.Locator("[data-name=code]").FillAsync(code);
            await row.Locator("[data-name=titleZh]").FillAsync(zh);
            await row.Locator("[data-name=titleEn]").FillAsync(en);
            await row.Locator("[data-name=weight]").FillAsync(weight);
        }
        await Expect(page.Locator("#weights-sum")).ToHaveAttributeAsync("data-ok", "false");
        await standards.Locator("button[type=submit]").ClickAsync();
        await Expect(standards.Locator("[data-for=sections]")).ToContainTextAsync("Weights must add up to 100");
        await standards.Locator("#standards-rows tr").Last.Locator("[data-name=weight]").FillAsync("40");
        await Expect(page.Locator("#weights-sum")).ToHaveTextAsync("合计 Total 100");
        await Submit(standards, "已保存");
        await Shot(page, "admin-competition-standards");

        await page.Locator("#tabs button[data-tab=scheme]").ClickAsync();
        // The template made on the page names this stage's module, so it imports as it is.
        var template = await page.RunAndWaitForDownloadAsync(() => page.Locator("#scheme-template").ClickAsync());
        Assert.Equal("marking-scheme-template.csv", template.SuggestedFilename);
        await page.Locator("#scheme-file").SetInputFilesAsync(await template.PathAsync());
        await page.Locator("#scheme-import button[type=submit]").ClickAsync();
        await Expect(page.Locator("#scheme-import .done")).ToHaveTextAsync("已导入 3 条评分细则 · Imported 3 aspects", Soon);
        await Expect(page.Locator("table.scheme tr.aspect[data-code='A1.1']")).ToContainTextAsync("长度 100±0.02");
        await Shot(page, "admin-competition-template-imported");

        // The organiser's own scheme replaces the template's.
        await page.Locator("#scheme-file").SetInputFilesAsync(Csv("scheme.csv", AdminCsv.Scheme));
        await page.Locator("#scheme-import button[type=submit]").ClickAsync();
        await Expect(page.Locator("#scheme-import .done")).ToHaveTextAsync("已导入 3 条评分细则 · Imported 3 aspects", Soon);
        await Expect(page.Locator("table.scheme tr.aspect")).ToHaveCountAsync(3);
        await Expect(page.Locator("table.scheme tr.criterion[data-code=B]")).ToContainTextAsync("安全与规范");
        await Shot(page, "admin-competition-scheme");

        await page.Locator("#tabs button[data-tab=competitors]").ClickAsync();
        // Saved from Excel on Chinese Windows: GB 18030, not UTF-8.
        // The import is previewed first (nothing saved), then confirmed.
        await page.Locator("#competitor-file").SetInputFilesAsync(Csv("选手名单.csv", AdminCsv.Competitors, AdminCsv.Gb18030));
        await page.Locator("#competitor-import button[type=submit]").ClickAsync();
        var preview = page.Locator("#competitor-import .import-preview");
        await Expect(preview.Locator(".summary")).ToContainTextAsync("预览(尚未保存):将新建 3 名、更新 0 名选手,0 名无变化;3 名将报名预赛", SoonContains);
        await Expect(preview.Locator(".file-read")).ToContainTextAsync("CSV · GB18030 · 3 行 rows");
        await Expect(preview.Locator("tr[data-bib=R-03][data-kind=created]")).ToContainTextAsync("欧阳明轩 Ouyang Mingxuan");
        await Expect(page.Locator("#competitor-list")).ToContainTextAsync("尚无选手");
        await Shot(page, "admin-competitor-import-preview");
        await preview.Locator(".confirm-bar .confirm").ClickAsync();
        await Expect(page.Locator("#competitor-import .done .summary")).ToHaveTextAsync(
            "已导入:新建 3 名、更新 0 名选手,0 名无变化;3 名报名预赛。 Imported: 3 created, 0 updated, 0 unchanged; 3 entered in Preliminary.", Soon);
        await Expect(page.Locator("#competitors tr[data-bib=R-01]")).ToContainTextAsync("张伟 Zhang Wei");
        await Shot(page, "admin-competitor-import-done");
        await Expect(page.Locator("#competitors tr[data-bib=R-01]")).ToContainTextAsync("临港集团");
        var add = page.Locator("#new-competitor");
        await add.Locator("[name=bib]").FillAsync("R-04");
        await add.Locator("[name=nameZh]").FillAsync("王芳");
        await add.Locator("[name=nameEn]").FillAsync("Wang Fang");
        await add.Locator("[name=organisationId]").SelectOptionAsync(await OptionValue(add.Locator("[name=organisationId]"), "临港集团"));
        await Submit(add, "已添加");
        await Expect(page.Locator("#competitors tbody tr")).ToHaveCountAsync(4);

        // A corrected list kept in Excel: the same bibs update, nothing is duplicated.
        var workbook = LiveBoard.Server.Tests.Infrastructure.XlsxWorkbook.Build("选手",
            ["bib", "nameZh", "nameEn", "organisation"], ["R-01", "张伟", "Zhang Wei", "临港集团"], ["R-02", "李娜", "Li Na (Lina)", "临港集团"]);
        await page.Locator("#competitor-file").SetInputFilesAsync(new FilePayload
            { Name = "选手名单.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = workbook });
        await page.Locator("#competitor-import button[type=submit]").ClickAsync();
        await Expect(preview.Locator(".file-read")).ToContainTextAsync("Excel (.xlsx) · 工作表 sheet “选手” · 2 行 rows", SoonContains);
        await Expect(preview.Locator("tr[data-bib=R-02][data-kind=updated] [data-field=nameEn]")).ToHaveTextAsync("英文名 English name: Li Na → Li Na (Lina)");
        await Shot(page, "admin-competitor-reimport-preview");
        await preview.Locator(".confirm-bar .confirm").ClickAsync();
        await Expect(page.Locator("#competitor-import .done .summary")).ToContainTextAsync("已导入:新建 0 名、更新 1 名选手,1 名无变化", SoonContains);
        await Expect(page.Locator("#competitors tr[data-bib=R-02]")).ToContainTextAsync("Li Na (Lina)");
        await Expect(page.Locator("#competitors tbody tr")).ToHaveCountAsync(4);

        await page.Locator("#tabs button[data-tab=judges]").ClickAsync();
        var judge = page.Locator("#new-judge");
        await judge.Locator("[name=nameZh]").FillAsync("陈评");
        await judge.Locator("[name=nameEn]").FillAsync("Chen Ping");
        await Submit(judge, "已创建");
        var assign = page.Locator("#new-assignment");
        await Expect(assign.Locator("[name=judgeId] option:checked")).ToHaveTextAsync("陈评 Chen Ping");
        await assign.Locator("[name=moduleId]").SelectOptionAsync(await OptionValue(assign.Locator("[name=moduleId]"), "P1 "));
        await assign.Locator("[name=chiefExpert]").CheckAsync();
        await Submit(assign, "已分配");
        await Expect(page.Locator("#assignments tbody tr")).ToContainTextAsync("裁判长 Chief expert");
        await Shot(page, "admin-competition-judges");

        await page.Locator("#tabs button[data-tab=codes]").ClickAsync();
        await Expect(page.Locator("#sheet-judges")).ToContainTextAsync("陈评");
        // The printable sheet opens in a new window from a form post that carries the admin's cookie.
        var sheet = await page.Context.RunAndWaitForPageAsync(() => page.Locator("#code-sheet button[type=submit]").ClickAsync());
        await Expect(sheet.Locator("h1")).ToContainTextAsync("评委登录码 Judge sign-in codes");
        await Expect(sheet.Locator(".card svg")).ToHaveCountAsync(1);
        await sheet.CloseAsync();
        await page.Locator("#single-code button[type=submit]").ClickAsync();
        await Expect(page.Locator("#issued-code .code-once")).ToHaveTextAsync(new Regex(@"\S{6,}"));
        await Shot(page, "admin-competition-codes");
        await page.Locator("#tabs button[data-tab=rules]").ClickAsync();
        await Expect(page.Locator("#rules-form [name='rules.bronzeCount']")).ToHaveValueAsync("4");
        await Shot(page, "admin-competition-rules");
        await page.Locator("#tabs button[data-tab=exports]").ClickAsync();
        await Expect(page.Locator("#results-csv")).ToHaveAttributeAsync("href", new Regex(@"/api/competitions/\d+/results\.csv$"));

        // Everything the forms made, read back through the API.
        var api = browser.Api;
        var seriesRow = (await Get(api, "/api/series")).AsArray().Single(s => s!["slug"]!.GetValue<string>() == $"shanghai-{unique}")!;
        var c = (await Get(api, $"/api/competitions?seriesId={seriesRow.Id()}")).AsArray().Single()!;
        Assert.Equal($"robot-{unique}", c["slug"]!.GetValue<string>());
        Assert.Equal("Special vocational ability", c["gradeEn"]!.GetValue<string>());
        Assert.Equal(4, c["rules"]!["bronzeCount"]!.GetValue<int>());
        Assert.Equal(["A", "B"], c["rules"]!["tieBreakCriteria"]!.AsArray().Select(x => x!.GetValue<string>()));
        var b = $"/api/competitions/{c.Id()}";

        var sections = (await Get(api, $"{b}/standards")).AsArray();
        Assert.Equal([("A", 60m), ("B", 40m)], sections.Select(x => (x!["code"]!.GetValue<string>(), x["weight"]!.GetValue<decimal>())));

        var stageRow = (await Get(api, $"{b}/stages")).AsArray().Single()!;
        Assert.Equal(("Preliminary", "TopN", 2m), (stageRow["kind"]!.GetValue<string>(), stageRow["advancement"]!.GetValue<string>(), stageRow["advancementValue"]!.GetValue<decimal>()));
        var moduleRow = (await Get(api, $"{b}/modules")).AsArray().Single()!;
        // 09:00 typed in Shanghai is 01:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 6, 12, 1, 0, 0, TimeSpan.Zero), moduleRow["startsAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(new DateTimeOffset(2026, 6, 12, 4, 0, 0, TimeSpan.Zero), moduleRow["endsAt"]!.GetValue<DateTimeOffset>());

        var scheme = await Get(api, $"{b}/stages/{stageRow.Id()}/scheme");
        Assert.Equal(["A1.1", "A1.2", "B1.1"], scheme["aspects"]!.AsArray().Select(a => a!["code"]!.GetValue<string>()));
        Assert.Equal(4, scheme["aspects"]![2]!["descriptors"]!.AsArray().Count);
        Assert.Equal(2, scheme["aspects"]![0]!["bands"]!.AsArray().Count);
        Assert.All(scheme["subCriteria"]!.AsArray(), s => Assert.Equal(moduleRow.Id(), s!["moduleId"]!.GetValue<int>()));

        var organisations = (await Get(api, "/api/organisations")).AsArray();
        var pudong = organisations.Last(o => o!["nameZh"]!.GetValue<string>() == "浦东新区总工会")!;
        var lingang = organisations.Last(o => o!["nameZh"]!.GetValue<string>() == "临港集团")!;
        Assert.Equal(pudong.Id(), lingang["parentId"]!.GetValue<int>());

        var competitors = (await Get(api, $"{b}/competitors")).AsArray().ToDictionary(x => x!["bib"]!.GetValue<string>(), x => x!);
        Assert.Equal(["R-01", "R-02", "R-03", "R-04"], competitors.Keys.Order());
        Assert.Equal("欧阳明轩", competitors["R-03"]["nameZh"]!.GetValue<string>());
        Assert.Equal("Li Na (Lina)", competitors["R-02"]["nameEn"]!.GetValue<string>());
        Assert.Equal("王建国", competitors["R-01"]["mentorZh"]!.GetValue<string>());
        Assert.False(competitors["R-03"]["medalEligible"]!.GetValue<bool>());
        Assert.All(competitors.Values, x => Assert.Equal(lingang.Id(), x["organisationId"]!.GetValue<int>()));
        // Imported and added competitors all start in the preliminary.
        Assert.Equal(4, (await Get(api, $"{b}/stages/{stageRow.Id()}/entries")).AsArray().Count);

        var judgeRow = (await Get(api, "/api/judges")).AsArray().Last(j => j!["nameEn"]!.GetValue<string>() == "Chen Ping")!;
        var assignment = (await Get(api, $"{b}/assignments")).AsArray().Single()!;
        Assert.Equal(judgeRow.Id(), assignment["judgeId"]!.GetValue<int>());
        Assert.Equal(moduleRow.Id(), assignment["moduleId"]!.GetValue<int>());
        Assert.True(assignment["chiefExpert"]!.GetValue<bool>());

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task BadCsvRowsAreShownPerRowAndNothingIsImported()
    {
        var t = await SmallCompetition.CreateAsync(browser.Api);
        var schemeBefore = await Get(browser.Api, $"{t.Base}/stages/{t.PrelimId}/scheme");
        var page = await SignedInPageAsync();
        var problems = CollectProblems(page);
        await page.GotoAsync($"/admin/competition.html?id={t.CompetitionId}#competitors");
        await Expect(page.Locator("#competitors tbody tr")).ToHaveCountAsync(4);

        await page.Locator("#competitor-file").SetInputFilesAsync(Csv("competitors.csv", AdminCsv.BadCompetitors));
        await page.Locator("#competitor-import button[type=submit]").ClickAsync();

        var report = page.Locator("#competitor-import .import-problems");
        await Expect(report.Locator(".problem-title")).ToContainTextAsync("未导入任何数据", SoonContains);
        await Expect(Problem(report, 3, "organisation")).ToContainTextAsync("单位不存在 / Unknown organisation '不存在的公司'");
        await Expect(Problem(report, 4, "bib")).ToContainTextAsync("参赛号重复 / Duplicate bib 'C-05'");
        await Expect(Problem(report, 5, "nameZh")).ToContainTextAsync("必填 / Required");
        await Expect(Problem(report, 3, "organisation").Locator("td.where")).ToHaveTextAsync("第 3 行 Line 3");
        // Line 2 is good, but one bad row rejects the file.
        await Expect(report.Locator("tr[data-line='2']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#competitors tbody tr")).ToHaveCountAsync(4);
        await Shot(page, "admin-import-error");
        Assert.Equal(4, (await Get(browser.Api, $"{t.Base}/competitors")).AsArray().Count);

        await page.Locator("#tabs button[data-tab=scheme]").ClickAsync();
        await Expect(page.Locator("table.scheme tr.aspect")).ToHaveCountAsync(3);
        await page.Locator("#scheme-file").SetInputFilesAsync(Csv("scheme.csv", AdminCsv.BadScheme));
        await page.Locator("#scheme-import button[type=submit]").ClickAsync();
        var schemeReport = page.Locator("#scheme-import .import-problems");
        await Expect(Problem(schemeReport, 3, "type")).ToContainTextAsync("须为 M 或 J", SoonContains);
        await Expect(Problem(schemeReport, 4, "module")).ToContainTextAsync("P9");
        await Expect(Problem(schemeReport, 4, "maxMark")).ToContainTextAsync("不是数字 / Not a number");
        await Expect(page.Locator("table.scheme tr.aspect[data-code='A1.3']")).ToContainTextAsync("表面粗糙度");
        await Shot(page, "admin-scheme-import-error");

        var schemeAfter = await Get(browser.Api, $"{t.Base}/stages/{t.PrelimId}/scheme");
        Assert.Equal(schemeBefore["aspects"]!.ToJsonString(), schemeAfter["aspects"]!.ToJsonString());
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task ImportBeforeAnyStageSaysPlainlyThatNobodyIsEnteredAndImportingAgainEntersThem()
    {
        var api = browser.Api;
        var unique = Guid.NewGuid().ToString("N")[..8];
        var series = (await api.PostOk("/api/series", new { slug = $"early-{unique}", nameZh = "早导入系列赛", nameEn = "Early import series" })).Id();
        await api.PostOk("/api/organisations", new { nameZh = "宝钢集团", nameEn = "Baosteel Group", kind = "Group" });
        var competition = (await api.PostOk("/api/competitions", new { seriesId = series, slug = $"weld-{unique}", tradeZh = "焊工", tradeEn = "Welding" })).Id();
        var page = await SignedInPageAsync();
        var problems = CollectProblems(page);
        await page.GotoAsync($"/admin/competition.html?id={competition}#competitors");
        var file = Csv("选手.csv", "bib,nameZh,nameEn,organisation\nW-01,赵磊,Zhao Lei,宝钢集团\nW-02,钱进,Qian Jin,Baosteel Group\n", AdminCsv.Gb18030);

        await page.Locator("#competitor-file").SetInputFilesAsync(file);
        await page.Locator("#competitor-import button[type=submit]").ClickAsync();
        var preview = page.Locator("#competitor-import .import-preview");
        await Expect(preview.Locator(".warning")).ToContainTextAsync("本竞赛还没有阶段:这 2 名选手将不报名任何阶段", SoonContains);
        await preview.Locator(".confirm-bar .confirm").ClickAsync();
        var done = page.Locator("#competitor-import .done");
        await Expect(done.Locator(".summary")).ToHaveTextAsync("已导入:新建 2 名、更新 0 名选手,0 名无变化。 Imported: 2 created, 0 updated, 0 unchanged.", Soon);
        await Expect(done.Locator(".warning")).ToContainTextAsync("these 2 competitors are entered in no stage");
        await Expect(page.Locator("#competitors tbody tr")).ToHaveCountAsync(2);
        await Shot(page, "admin-competitor-import-no-stage");

        var stage = (await api.PostOk($"/api/competitions/{competition}/stages", new { kind = "Preliminary", nameZh = "预赛", nameEn = "Preliminary" })).Id();
        await page.Locator("#competitor-file").SetInputFilesAsync(file);
        await page.Locator("#competitor-import button[type=submit]").ClickAsync();
        await Expect(preview.Locator(".summary")).ToContainTextAsync("2 名无变化;2 名将报名预赛", SoonContains);
        await Expect(preview.Locator(".warning")).ToHaveCountAsync(0);
        await preview.Locator(".confirm-bar .confirm").ClickAsync();
        await Expect(done.Locator(".summary")).ToContainTextAsync("2 entered in Preliminary", SoonContains);
        Assert.Equal(2, (await Get(api, $"/api/competitions/{competition}/stages/{stage}/entries")).AsArray().Count);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task NonAdminIsSentToSignIn()
    {
        var anonymous = await browser.NewPageAsync(Laptop);
        foreach (var path in new[] { "/admin/", "/admin/competition.html?id=1", "/admin/accounts.html" })
        {
            await anonymous.GotoAsync(path);
            await Expect(anonymous).ToHaveURLAsync(new Regex($@"/signin\.html\?return={Regex.Escape(Uri.EscapeDataString(path))}$"), SoonUrl);
        }

        // Signed in, but as media staff: the admin pages are not for them either.
        var userName = $"media-{Guid.NewGuid().ToString("N")[..6]}";
        await browser.Api.PostOk("/api/accounts", new { userName, displayName = "新闻中心 Newsroom", password = "press-pass-2026", roles = new[] { "media" } });
        var media = await browser.NewPageAsync(Laptop);
        var signIn = await media.Context.APIRequest.PostAsync("/api/account/sign-in", new() { DataObject = new { userName, password = "press-pass-2026" } });
        Assert.Equal(200, signIn.Status);
        await media.GotoAsync("/admin/accounts.html");
        await Expect(media).ToHaveURLAsync(new Regex(@"/signin\.html\?return=%2Fadmin%2Faccounts\.html$"), SoonUrl);
        await Expect(media.Locator("#signin")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AdminCreatesAnAccountLinksAJudgeAndDisablesIt()
    {
        var judgeId = (await browser.Api.PostOk("/api/judges", new { nameZh = "刘工", nameEn = "Liu Gong" })).Id();
        var userName = $"liu-{Guid.NewGuid().ToString("N")[..6]}";
        var page = await SignedInPageAsync();
        var problems = CollectProblems(page);
        await page.GotoAsync("/admin/accounts.html");
        await Expect(page.Locator("#accounts tr[data-user=admin]")).ToContainTextAsync("管理员 Admin");

        var create = page.Locator("#new-account");
        await create.Locator("[name=userName]").FillAsync(userName);
        await create.Locator("[name=displayName]").FillAsync("刘工 Liu Gong");
        await create.Locator("[name=password]").FillAsync("short");
        await create.Locator("input[name=roles][value=media]").CheckAsync();
        await create.Locator("button[type=submit]").ClickAsync();
        await Expect(create.Locator("[data-for=password]")).ToHaveTextAsync("密码至少 10 个字符 / A password needs at least 10 characters", Soon);
        await create.Locator("[name=password]").FillAsync("first-password-1");
        await Submit(create, "已创建");
        var row = page.Locator($"#accounts tr[data-user='{userName}']");
        await Expect(row).ToContainTextAsync("媒体 Media");

        await row.GetByRole(AriaRole.Button, new() { Name = "修改 Edit" }).ClickAsync();
        var edit = page.Locator("#edit-account");
        await edit.Locator("[name=judgeId]").SelectOptionAsync(judgeId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await edit.Locator("[name=password]").FillAsync("second-password-2");
        await Submit(edit, "已保存");
        await Expect(row).ToContainTextAsync("刘工 Liu Gong");

        await row.GetByRole(AriaRole.Button, new() { Name = "停用 Disable" }).ClickAsync();
        await Expect(row).ToContainTextAsync("已停用 Disabled", SoonContains);
        await Shot(page, "admin-accounts");

        var account = (await Get(browser.Api, "/api/accounts")).AsArray().Single(a => a!["userName"]!.GetValue<string>() == userName)!;
        Assert.Equal(judgeId, account["judgeId"]!.GetValue<int>());
        Assert.True(account["disabled"]!.GetValue<bool>());
        Assert.Equal(["media"], account["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        // The new password was set, and a disabled account cannot use it.
        using var anonymous = new HttpClient { BaseAddress = browser.Server.BaseAddress };
        await anonymous.PostOk("/api/account/sign-in", new { userName, password = "second-password-2" }, HttpStatusCode.Unauthorized);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// A page whose context carries the admin's sign-in cookie (the sign-in form itself is covered by the first test).
    async Task<IPage> SignedInPageAsync()
    {
        var page = await browser.NewPageAsync(Laptop);
        var response = await page.Context.APIRequest.PostAsync("/api/account/sign-in", new() { DataObject = new { userName = "admin", password = AdminPassword } });
        Assert.Equal(200, response.Status);
        return page;
    }

    /// Submits a form and waits for its confirmation line (the form's errors, if any, make the failure message).
    static async Task Submit(ILocator form, string confirmation)
    {
        await form.Locator("button[type=submit]").ClickAsync();
        var done = form.Locator(".done");
        try
        {
            await Expect(done).ToContainTextAsync(confirmation, SoonContains);
        }
        catch (PlaywrightException)
        {
            var errors = await form.Locator(".field-error").AllInnerTextsAsync();
            Assert.Fail($"form did not confirm '{confirmation}': {string.Join(" | ", errors.Where(e => e.Length > 0))}");
        }
    }

    static async Task<string> OptionValue(ILocator select, string labelContains) =>
        (await select.Locator("option", new() { HasText = labelContains }).First.GetAttributeAsync("value"))!;

    static ILocator Problem(ILocator report, int line, string column) => report.Locator($"tr[data-line='{line}'][data-column='{column}']");

    static FilePayload Csv(string name, string text, Encoding? encoding = null) =>
        new() { Name = name, MimeType = "text/csv", Buffer = (encoding ?? Encoding.UTF8).GetBytes(text) };

    static async Task<JsonNode> Get(HttpClient http, string url) => await (await http.GetAsync(url)).Json(HttpStatusCode.OK);

    /// What the organiser sees at the top of the page at laptop size, for a person to look at.
    static async Task Shot(IPage page, string name)
    {
        await page.EvaluateAsync("document.fonts.ready.then(() => scrollTo(0, 0))");
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png") });
    }

    /// Uncaught exceptions and console errors: a page that "works" while throwing is not working. Chromium logs every
    /// 400 answer as a failed resource; those are the validation problems the page shows beside its fields.
    static List<string> CollectProblems(IPage page)
    {
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add($"pageerror: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("status of 400", StringComparison.Ordinal)) problems.Add($"console: {message.Text}");
        };
        return problems;
    }
}
