using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LiveBoard.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Tests.Setup;

/// Competitor imports as an organiser makes them: files from Excel on a Chinese PC, workbooks, corrected lists sent
/// again, a preview before saving. The test competition already holds C-01…C-04 (imported), entered in the preliminary.
public class CompetitorImportTests : CompetitionTest
{
    static readonly Encoding Gb18030 = GetGb18030();

    static Encoding GetGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }

    string Import => $"{t.Base}/competitors/import";

    /// Everything an import could touch, to show that a refused or previewed import touched nothing.
    Task<string> Snapshot() => app.WithDb(async db =>
    {
        var competitors = await db.Competitors.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => $"{c.Id}:{c.Bib}:{c.NameZh}:{c.NameEn}:{c.OrganisationId}:{c.MentorZh}:{c.MentorEn}:{c.MedalEligible}").ToListAsync();
        var entries = await db.StageEntries.AsNoTracking().OrderBy(e => e.Id).Select(e => $"{e.StageId}:{e.CompetitorId}:{e.Order}").ToListAsync();
        var audit = await db.AuditEntries.CountAsync();
        return string.Join("|", competitors) + "#" + string.Join("|", entries) + "#" + audit;
    });

    async Task<JsonNode> Competitor(string bib) =>
        (await admin.GetOk($"{t.Base}/competitors")).AsArray().Single(c => c!["bib"]!.GetValue<string>() == bib)!;

    static List<string> Bibs(JsonNode report, string list) => [.. report[list]!.AsArray().Select(c => c!["bib"]!.GetValue<string>())];

    [Fact]
    public async Task Gb18030FileFromExcelOnAChinesePcImportsChineseNamesAndOrganisationsIntactAndSaysSo()
    {
        // "CSV (逗号分隔)" from Excel on Chinese Windows: GB 18030, no byte-order mark, Chinese organisation names.
        var bytes = Gb18030.GetBytes("bib,nameZh,nameEn,organisation,mentorZh\nG-01,欧阳明轩,Ouyang Mingxuan,艾克米公司,王建国\nG-02,李娜娜,Li Nana,博尔特公司,\n");
        // Labelled as Windows with Excel installed labels a .csv file.
        var report = await (await admin.PostFile(Import, bytes, "application/vnd.ms-excel")).Json(HttpStatusCode.OK);

        Assert.Equal("csv", report["file"]!["format"]!.GetValue<string>());
        Assert.Equal("GB18030", report["file"]!["encoding"]!.GetValue<string>());
        Assert.Equal(["G-01", "G-02"], Bibs(report, "created"));
        Assert.Equal("欧阳明轩", report["created"]![0]!["nameZh"]!.GetValue<string>());
        var ouyang = await Competitor("G-01");
        Assert.Equal("欧阳明轩", ouyang["nameZh"]!.GetValue<string>());
        Assert.Equal("王建国", ouyang["mentorZh"]!.GetValue<string>());
        Assert.Equal(t.Acme, ouyang["organisationId"]!.GetValue<int>());
        Assert.Equal(t.Bolt, (await Competitor("G-02"))["organisationId"]!.GetValue<int>());
    }

    [Fact]
    public async Task Utf8FilesImportWithOrWithoutAByteOrderMark()
    {
        var withBom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("bib,nameZh,nameEn,organisation\nU-01,孙丽,Sun Li,Acme\n")).ToArray();
        var first = await (await admin.PostFile(Import, withBom)).Json(HttpStatusCode.OK);
        Assert.Equal("UTF-8 with BOM", first["file"]!["encoding"]!.GetValue<string>());
        // The mark is not part of the first column's name, so "bib" is found.
        Assert.Equal(["U-01"], Bibs(first, "created"));

        var second = await (await admin.PostFile(Import, Encoding.UTF8.GetBytes("bib,nameZh,nameEn,organisation\nU-02,周杰,Zhou Jie,艾克米公司\n"))).Json(HttpStatusCode.OK);
        Assert.Equal("UTF-8", second["file"]!["encoding"]!.GetValue<string>());
        Assert.Equal("周杰", (await Competitor("U-02"))["nameZh"]!.GetValue<string>());
        Assert.Equal("孙丽", (await Competitor("U-01"))["nameZh"]!.GetValue<string>());
    }

    [Fact]
    public async Task AFileThatIsNeitherUtf8NorGb18030IsRefusedRatherThanImportedWithMangledNames()
    {
        var before = await Snapshot();
        // 0x81 0x20 is not a character in GB 18030 (nor in UTF-8).
        var bytes = Encoding.ASCII.GetBytes("bib,nameZh,nameEn,organisation\nZ-01,").Concat(new byte[] { 0x81, 0x20 }).Concat(Encoding.ASCII.GetBytes(",Z,Acme\n")).ToArray();
        var problem = await (await admin.PostFile(Import, bytes)).AssertProblem(HttpStatusCode.BadRequest, "file");
        Assert.Contains("GB18030", problem["errors"]!["file"]![0]!.GetValue<string>());
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task XlsxWorkbookIsReadFromItsFirstSheetWhateverTheUploadIsCalled()
    {
        var workbook = XlsxWorkbook.Build("报名表",
            ["bib", "nameZh", "nameEn", "organisation", "mentorZh", "medalEligible"],
            ["X-01", "钱多多", "Qian Duoduo", "艾克米公司", "张师傅", "否"],
            [],
            // A bib typed as a number in Excel arrives as a number cell.
            [101, "吴芳", "Wu Fang", "Bolt", null, "是"]);
        // Sent as "text/csv": the content (a zip) decides, not the label.
        var report = await (await admin.PostFile(Import, workbook, "text/csv")).Json(HttpStatusCode.OK);

        Assert.Equal("xlsx", report["file"]!["format"]!.GetValue<string>());
        Assert.Equal("报名表", report["file"]!["sheet"]!.GetValue<string>());
        Assert.Equal(["X-01", "101"], Bibs(report, "created"));
        // Line numbers are the sheet's row numbers (row 3 is empty).
        Assert.Equal([2, 4], report["created"]!.AsArray().Select(c => c!["line"]!.GetValue<int>()));
        var qian = await Competitor("X-01");
        Assert.Equal("钱多多", qian["nameZh"]!.GetValue<string>());
        Assert.Equal("张师傅", qian["mentorZh"]!.GetValue<string>());
        Assert.False(qian["medalEligible"]!.GetValue<bool>());
        Assert.Equal(t.Bolt, (await Competitor("101"))["organisationId"]!.GetValue<int>());
        Assert.Equal(["X-01", "101"], Bibs(report, "entered"));
    }

    [Fact]
    public async Task ADamagedWorkbookIsRefusedNamingTheFile()
    {
        var before = await Snapshot();
        var workbook = XlsxWorkbook.Build("Sheet1", ["bib", "nameZh", "nameEn", "organisation"], ["X-09", "某人", "Someone", "Acme"]);
        var truncated = workbook[..(workbook.Length / 2)];
        await (await admin.PostFile(Import, truncated, "application/octet-stream")).AssertProblem(HttpStatusCode.BadRequest, "file");
        // A zip that is no workbook at all.
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            using (var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open())) writer.Write("not a workbook");
        await (await admin.PostFile(Import, buffer.ToArray(), "application/octet-stream")).AssertProblem(HttpStatusCode.BadRequest, "file");
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task AFileThatFailsOnLineSevenSavesNothingAndNamesTheRowAndColumn()
    {
        var before = await Snapshot();
        var response = await admin.PostCsv(Import,
            "bib,nameZh,nameEn,organisation\n" +
            "C-01,张伟伟,Zhang Weiwei,Acme\n" +   // line 2: would update C-01
            "N-01,甲,Jia,Acme\n" +                // lines 3–6: would create
            "N-02,乙,Yi,Bolt\n" +
            "N-03,丙,Bing,Bolt\n" +
            "N-04,丁,Ding,Acme\n" +
            "N-05,戊,Wu,上海不存在公司\n");       // line 7: unknown organisation
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "rows[7].organisation");
        Assert.Single(problem["errors"]!.AsObject());
        Assert.Equal(before, await Snapshot());
        Assert.Equal("张伟", (await Competitor("C-01"))["nameZh"]!.GetValue<string>());
    }

    [Fact]
    public async Task ImportingAgainWithACorrectedNameUpdatesThatCompetitorAndReportsTheChange()
    {
        var response = await admin.PostCsv(Import,
            "bib,nameZh,nameEn,organisation,mentorZh,mentorEn\n" +
            "C-01,张伟,Zhang Wei,Acme,王师傅,Master Wang\n" +
            "C-02,李娜,Li Na (Lina),Bolt,,\n" +   // corrected English name
            "C-03,王芳,Wang Fang,Bolt,,\n" +
            "C-04,刘洋,Liu Yang,Acme,,\n" +
            "C-05,陈晨,Chen Chen,Acme,,\n");      // a late entry
        var report = await response.Json(HttpStatusCode.OK);

        Assert.Equal(["C-05"], Bibs(report, "created"));
        Assert.Equal(["C-02"], Bibs(report, "updated"));
        Assert.Equal(["C-01", "C-03", "C-04"], Bibs(report, "unchanged"));
        var change = report["updated"]![0]!["changes"]!.AsArray().Single()!;
        Assert.Equal(("nameEn", "Li Na", "Li Na (Lina)"),
            (change["field"]!.GetValue<string>(), change["from"]!.GetValue<string>(), change["to"]!.GetValue<string>()));
        Assert.Equal(t.Competitors["C-02"], report["updated"]![0]!["id"]!.GetValue<int>());
        // Only the new competitor is entered; the others already were.
        Assert.Equal(["C-05"], Bibs(report, "entered"));
        Assert.Equal("Preliminary", report["stage"]!["kind"]!.GetValue<string>());
        Assert.Equal(new JsonObject { ["rows"] = 5, ["created"] = 1, ["updated"] = 1, ["unchanged"] = 3, ["entered"] = 1, ["notEntered"] = 0 }.ToJsonString(),
            report["counts"]!.ToJsonString());

        var competitors = (await admin.GetOk($"{t.Base}/competitors")).AsArray();
        Assert.Equal(5, competitors.Count);
        Assert.Equal("Li Na (Lina)", (await Competitor("C-02"))["nameEn"]!.GetValue<string>());
        Assert.Equal(5, (await admin.GetOk($"{t.Base}/stages/{t.PrelimId}/entries")).AsArray().Count);
        var audit = (await admin.GetOk($"{t.Base}/audit")).AsArray().Last()!;
        Assert.Equal("competitors-import", audit["action"]!.GetValue<string>());
        Assert.Contains("C-02 (nameEn)", audit["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnchangedFileIsReportedUnchangedAndSavesNothing()
    {
        var before = await Snapshot();
        var report = await (await admin.PostCsv(Import, "bib,nameZh,nameEn,organisation\nC-03,王芳,Wang Fang,Bolt\n")).Json(HttpStatusCode.OK);
        Assert.Equal(["C-03"], Bibs(report, "unchanged"));
        Assert.Empty(report["created"]!.AsArray());
        Assert.Empty(report["updated"]!.AsArray());
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task ADryRunReportsWhatWouldHappenAndSavesNothing()
    {
        var before = await Snapshot();
        var csv = "bib,nameZh,nameEn,organisation\nC-02,李娜,Li Na (Lina),Bolt\nD-01,新人,New Person,Acme\n";
        var preview = await (await admin.PostCsv($"{Import}?dryRun=true", csv)).Json(HttpStatusCode.OK);

        Assert.True(preview["dryRun"]!.GetValue<bool>());
        Assert.Equal(["D-01"], Bibs(preview, "created"));
        Assert.Null(preview["created"]![0]!["id"]);
        Assert.Equal(["C-02"], Bibs(preview, "updated"));
        Assert.Equal(["D-01"], Bibs(preview, "entered"));
        Assert.Equal(before, await Snapshot());

        // Confirming the same file does what the preview said.
        var saved = await (await admin.PostCsv(Import, csv)).Json(HttpStatusCode.OK);
        Assert.False(saved["dryRun"]!.GetValue<bool>());
        Assert.Equal(preview["counts"]!.ToJsonString(), saved["counts"]!.ToJsonString());
        Assert.Equal((await Competitor("D-01")).Id(), saved["created"]![0]!["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task ImportingBeforeAnyStageExistsSaysTheCompetitorsAreEnteredInNoStageAndImportingAgainEntersThem()
    {
        var competition = (await admin.PostOk("/api/competitions", new
        {
            seriesId = t.SeriesId, slug = "welding", tradeZh = "焊工", tradeEn = "Welding",
        })).Id();
        var url = $"/api/competitions/{competition}/competitors/import";
        var csv = "bib,nameZh,nameEn,organisation\nW-01,赵磊,Zhao Lei,Acme\nW-02,钱进,Qian Jin,Bolt\n";

        var first = await (await admin.PostCsv(url, csv)).Json(HttpStatusCode.OK);
        Assert.Equal(["W-01", "W-02"], Bibs(first, "created"));
        Assert.Empty(first["entered"]!.AsArray());
        Assert.Equal(["W-01", "W-02"], Bibs(first, "notEntered"));
        Assert.Null(first["stage"]);
        Assert.Equal(2, first["counts"]!["notEntered"]!.GetValue<int>());

        var stage = (await admin.PostOk($"/api/competitions/{competition}/stages", new { kind = "Preliminary", nameZh = "预赛", nameEn = "Preliminary" })).Id();
        var second = await (await admin.PostCsv(url, csv)).Json(HttpStatusCode.OK);
        Assert.Equal(["W-01", "W-02"], Bibs(second, "unchanged"));
        Assert.Equal(["W-01", "W-02"], Bibs(second, "entered"));
        Assert.Equal(stage, second["stage"]!.Id());
        Assert.Equal(2, (await admin.GetOk($"/api/competitions/{competition}/stages/{stage}/entries")).AsArray().Count);
    }

    [Fact]
    public async Task AnImportCannotMoveACompetitorWithMarksToAnotherOrganisation()
    {
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 2));
        var before = await Snapshot();
        // C-01 is Acme's; the judge panel's conflicts and the organisation award depend on it.
        var response = await admin.PostCsv(Import, "bib,nameZh,nameEn,organisation\nC-01,张伟,Zhang Wei,Bolt\n");
        await response.AssertProblem(HttpStatusCode.BadRequest, "rows[2].organisation");
        Assert.Equal(before, await Snapshot());

        // A corrected name is still fine.
        var report = await (await admin.PostCsv(Import, "bib,nameZh,nameEn,organisation\nC-01,张伟,Zhang Wei Jr,Acme\n")).Json(HttpStatusCode.OK);
        Assert.Equal(["C-01"], Bibs(report, "updated"));
    }

    [Fact]
    public async Task AFileWithoutARequiredColumnIsRefusedNamingTheColumn()
    {
        var problem = await (await admin.PostCsv(Import, "bib,nameZh,nameEn\nM-01,某人,Someone\n")).AssertProblem(HttpStatusCode.BadRequest, "file");
        Assert.Contains("organisation", problem["errors"]!["file"]![0]!.GetValue<string>());
    }
}
