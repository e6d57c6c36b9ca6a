using System.Net;
using LiveBoard.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Tests.Setup;

public class ImportTests : CompetitionTest
{
    Task<int> CountCompetitors() => app.WithDb(db => db.Competitors.CountAsync());

    [Fact]
    public async Task GoodCsvImportsCompetitorsAndEntersThemInTheFirstStage()
    {
        var response = await admin.PostCsv($"{t.Base}/competitors/import",
            "bib;nameZh;nameEn;organisation;medalEligible\nC-10;孙丽;Sun Li;艾克米公司;是\nC-11;周杰;Zhou Jie;bolt;no\n");
        Assert.Equal(2, (await response.Json(HttpStatusCode.OK))["counts"]!["created"]!.GetValue<int>());
        var entries = (await admin.GetOk($"{t.Base}/stages/{t.PrelimId}/entries")).AsArray();
        Assert.Equal(6, entries.Count);
        var zhou = (await admin.GetOk($"{t.Base}/competitors")).AsArray().Single(c => c!["bib"]!.GetValue<string>() == "C-11")!;
        Assert.False(zhou["medalEligible"]!.GetValue<bool>());
        Assert.Equal(t.Bolt, zhou["organisationId"]!.GetValue<int>());
    }

    [Fact]
    public async Task BadCsvIsRejectedWholeWithAnErrorPerRow()
    {
        var before = await CountCompetitors();
        var response = await admin.PostCsv($"{t.Base}/competitors/import",
            "bib,nameZh,nameEn,organisation\n" +
            "C-20,好人,Good Row,Acme\n" +      // line 2: fine, but must not be imported alone
            "C-20,重号,Duplicate,Acme\n" +      // line 3: bib repeated within the file
            "C-21,,No Chinese,Acme\n" +         // line 4: missing Chinese name
            "C-22,无单位,No Org,Nowhere Ltd\n"); // line 5: unknown organisation
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "rows[3].bib");
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("rows[4].nameZh"));
        Assert.True(errors.ContainsKey("rows[5].organisation"));
        Assert.False(errors.ContainsKey("rows[2].bib"));
        Assert.Equal(before, await CountCompetitors());
    }

    [Fact]
    public async Task DuplicateBibsWithinOneFileAreRejected()
    {
        var response = await admin.PostCsv($"{t.Base}/competitors/import", "bib,nameZh,nameEn,organisation\nX-1,甲,Jia,Acme\nX-1,乙,Yi,Bolt\n");
        await response.AssertProblem(HttpStatusCode.BadRequest, "rows[3].bib");
        Assert.Equal(4, await CountCompetitors());
    }

    [Fact]
    public async Task EmptyFileIsRejected()
    {
        var response = await admin.PostCsv($"{t.Base}/competitors/import", "");
        await response.AssertProblem(HttpStatusCode.BadRequest, "file");
    }

    [Fact]
    public async Task SchemeCsvReplacesTheStageSchemeWhenNoMarksExist()
    {
        var csv = "criterion,criterionZh,criterionEn,subCriterion,module,aspect,type,maxMark,descriptionZh,descriptionEn,bands\n" +
                  "A,精度,Accuracy,A1,P1,A1.1,M,1.5,长度,Length,0.02:1;0.05:0.5\n" +
                  "B,外观,Appearance,B1,P1,B1.1,J,2,外观,Looks,\n";
        var scheme = await (await admin.PostCsv($"{t.Base}/stages/{t.PrelimId}/scheme/import", csv)).Json(HttpStatusCode.OK);
        Assert.Equal(2, scheme["aspects"]!.AsArray().Count);
        Assert.Equal(3.5m, scheme["maximumTotal"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task BadSchemeCsvNamesEachRowAndKeepsTheOldScheme()
    {
        var csv = "criterion,subCriterion,module,aspect,type,maxMark,descriptionZh,descriptionEn\n" +
                  "A,A1,P1,A1.1,X,1,长度,Length\n" +     // line 2: bad type
                  "A,A1,P9,A1.2,M,abc,宽度,Width\n";     // line 3: unknown module, bad max mark
        var problem = await (await admin.PostCsv($"{t.Base}/stages/{t.PrelimId}/scheme/import", csv)).AssertProblem(HttpStatusCode.BadRequest, "rows[2].type");
        Assert.NotNull(problem["errors"]!["rows[3].module"]);
        Assert.NotNull(problem["errors"]!["rows[3].maxMark"]);
        var scheme = await admin.GetOk($"{t.Base}/stages/{t.PrelimId}/scheme");
        Assert.Equal(3, scheme["aspects"]!.AsArray().Count);
    }

    [Fact]
    public async Task SchemeCannotBeReplacedOnceMarked()
    {
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 2));
        var csv = "criterion,subCriterion,module,aspect,type,maxMark,descriptionZh,descriptionEn\nA,A1,P1,A1.1,M,1,长度,Length\n";
        var response = await admin.PostCsv($"{t.Base}/stages/{t.PrelimId}/scheme/import", csv);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task StandardsWeightsMustAddUpToOneHundred()
    {
        var response = await admin.PutAsync($"{t.Base}/standards", System.Net.Http.Json.JsonContent.Create(new[]
        {
            new { code = "1", titleZh = "工作组织", titleEn = "Work organisation", weight = 10 },
            new { code = "2", titleZh = "加工", titleEn = "Machining", weight = 80 },
        }));
        await response.AssertProblem(HttpStatusCode.BadRequest, "sections");
    }

    [Fact]
    public async Task SetupInputIsValidatedNamingFields()
    {
        var response = await admin.PostRaw("/api/competitions", """{"seriesId":999,"slug":"Bad Slug!","tradeEn":"x"}""");
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "slug");
        Assert.NotNull(problem["errors"]!["seriesId"]);
        Assert.NotNull(problem["errors"]!["tradeZh"]);
    }
}
