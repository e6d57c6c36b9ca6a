using System.Net;
using System.Net.Http.Json;
using System.Text;
using LiveBoard.Core.Competitions;
using LiveBoard.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Tests.Setup;

/// The inputs an attacker's probe got through (500s, values outside their sets, data wiped by an empty list): each is now
/// a 400 problem naming the field, and nothing is stored.
public class StrictInputTests : CompetitionTest
{
    Task<HttpResponseMessage> Put(string url, string json) => admin.PutAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    static readonly object[] Sections =
    [
        new { code = "1", titleZh = "工作组织", titleEn = "Work organisation", weight = 20 },
        new { code = "2", titleZh = "加工", titleEn = "Machining", weight = 80 },
    ];

    [Fact]
    public async Task RulesWithNullTieBreakCriteriaAreRefusedNamingTheField()
    {
        var response = await Put($"{t.Base}/rules", """{"panelRule":"WorldSkills","panelSize":3,"tieBreakCriteria":null}""");
        await response.AssertProblem(HttpStatusCode.BadRequest, "rules.tieBreakCriteria");
        var stored = await app.WithDb(db => db.Competitions.AsNoTracking().SingleAsync(c => c.Id == t.CompetitionId));
        Assert.Equal(["B"], stored.Rules.TieBreakCriteria);
    }

    [Fact]
    public async Task RulesWithATieBreakCodeHoldingABidiOverrideAreRefused()
    {
        var response = await Put($"{t.Base}/rules", """{"panelRule":"WorldSkills","panelSize":3,"tieBreakCriteria":["A\u202E"]}""");
        await response.AssertProblem(HttpStatusCode.BadRequest, "rules.tieBreakCriteria[0]");
    }

    [Fact]
    public async Task ScaleCentreNearDecimalMaximumIsRefused()
    {
        var response = await Put($"{t.Base}/rules", """{"panelRule":"WorldSkills","panelSize":3,"scaleCentre":7.9e28}""");
        await response.AssertProblem(HttpStatusCode.BadRequest, "rules.scaleCentre");
    }

    [Fact]
    public async Task StandardsWithANullSectionAreRefusedNamingIt()
    {
        var response = await Put($"{t.Base}/standards", "[null]");
        await response.AssertProblem(HttpStatusCode.BadRequest, "sections[0]");
    }

    [Fact]
    public async Task StandardsWeightsNearDecimalMaximumAreRefusedInsteadOfOverflowing()
    {
        var response = await Put($"{t.Base}/standards",
            """[{"code":"1","titleZh":"甲","titleEn":"A","weight":7.9e28},{"code":"2","titleZh":"乙","titleEn":"B","weight":7.9e28}]""");
        await response.AssertProblem(HttpStatusCode.BadRequest, "sections[0].weight");
    }

    [Fact]
    public async Task SchemeWithANullRowIsRefusedNamingIt()
    {
        var response = await Put($"{t.Base}/stages/{t.PrelimId}/scheme", "[null]");
        await response.AssertProblem(HttpStatusCode.BadRequest, "rows[0]");
    }

    [Fact]
    public async Task EmptyStandardsDeleteNothingUnlessConfirmed()
    {
        (await admin.PutAsJsonAsync($"{t.Base}/standards", Sections)).EnsureSuccessStatusCode();
        var response = await Put($"{t.Base}/standards", "[]");
        await response.AssertProblem(HttpStatusCode.BadRequest, "sections");
        Assert.Equal(2, await app.WithDb(db => db.StandardsSections.CountAsync()));

        (await Put($"{t.Base}/standards?confirmEmpty=true", "[]")).EnsureSuccessStatusCode();
        Assert.Equal(0, await app.WithDb(db => db.StandardsSections.CountAsync()));
    }

    [Fact]
    public async Task EmptyOrganisationAwardListWithdrawsNothingUnlessConfirmed()
    {
        await admin.PutAsJsonAsync($"{t.Base}/awards/organisations", new { organisationIds = new[] { t.Acme } });
        var response = await Put($"{t.Base}/awards/organisations", """{"organisationIds":[]}""");
        await response.AssertProblem(HttpStatusCode.BadRequest, "organisationIds");
        Assert.Equal(1, await app.WithDb(db => db.OrganisationAwards.CountAsync()));
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("-1")]
    [InlineData("\"12345\"")]
    [InlineData("\"-1\"")]
    [InlineData("\"Federation, Team\"")]
    [InlineData("\"NoSuchKind\"")]
    public async Task OrganisationKindOutsideItsSetIsRefusedAndNotStored(string kind)
    {
        var before = await app.WithDb(db => db.Organisations.CountAsync());
        var response = await admin.PostRaw("/api/organisations", $$"""{"nameZh":"某公司","nameEn":"Some Co","kind":{{kind}}}""");
        await response.AssertProblem(HttpStatusCode.BadRequest, "kind");
        Assert.Equal(before, await app.WithDb(db => db.Organisations.CountAsync()));
    }

    [Fact]
    public async Task StageKindOutsideItsSetIsRefused()
    {
        var response = await admin.PostRaw($"{t.Base}/stages", """{"kind":12345,"nameZh":"复赛","nameEn":"Selection"}""");
        await response.AssertProblem(HttpStatusCode.BadRequest, "kind");
        Assert.Equal(2, await app.WithDb(db => db.Stages.CountAsync()));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("7")]
    [InlineData("12345")]
    [InlineData("\"7\"")]
    public async Task ModuleStatusOutsideItsSetIsNeverStoredSoTheModuleKeepsItsStatus(string status)
    {
        var response = await admin.PostRaw($"{t.Base}/modules/{t.ModuleId}/status", $$"""{"status":{{status}}}""");
        await response.AssertProblem(HttpStatusCode.BadRequest, "status");
        var module = await app.WithDb(db => db.Modules.AsNoTracking().SingleAsync(m => m.Id == t.ModuleId));
        Assert.Equal(ModuleStatus.Live, module.Status);
    }

    [Theory]
    [InlineData(@"C-\u000099")]
    [InlineData(@"C-\u001B99")]
    [InlineData(@"C-\u008599")]
    [InlineData(@"C-\u202E99")]
    [InlineData(@"C-\u206699")]
    [InlineData(@"C-\n99")]
    [InlineData(@"C-\uD80099")]
    public async Task BibsWithControlOrBidiCharactersAreRefused(string jsonEscapedBib)
    {
        var response = await admin.PostRaw($"{t.Base}/competitors",
            $$"""{"bib":"{{jsonEscapedBib}}","nameZh":"某人","nameEn":"Someone","organisationId":{{t.Acme}}}""");
        await response.AssertProblem(HttpStatusCode.BadRequest, "bib");
        Assert.Equal(4, await app.WithDb(db => db.Competitors.CountAsync()));
    }

    [Fact]
    public async Task NamesWithABidiOverrideAreRefusedInEverySetupForm()
    {
        const string spoof = "Acme\u202Eoc";
        await (await admin.PostAsJsonAsync("/api/series", new { slug = "s2", nameZh = spoof, nameEn = "S" })).AssertProblem(HttpStatusCode.BadRequest, "nameZh");
        await (await admin.PostAsJsonAsync("/api/organisations", new { nameZh = "甲", nameEn = spoof, kind = "Enterprise" })).AssertProblem(HttpStatusCode.BadRequest, "nameEn");
        await (await admin.PostAsJsonAsync("/api/judges", new { nameZh = spoof, nameEn = "J" })).AssertProblem(HttpStatusCode.BadRequest, "nameZh");
        await (await admin.PostAsJsonAsync($"{t.Base}/stages/{t.PrelimId}/modules", new
        {
            code = spoof, nameZh = "模块", nameEn = "Module", startsAt = "2026-06-12T13:00:00+08:00", endsAt = "2026-06-12T15:00:00+08:00",
        })).AssertProblem(HttpStatusCode.BadRequest, "code");
        await (await admin.PostAsJsonAsync("/api/displays/keys", new { name = spoof })).AssertProblem(HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task ANulInACsvBibIsRefusedNamingTheRow()
    {
        var response = await admin.PostCsv($"{t.Base}/competitors/import", "bib,nameZh,nameEn,organisation\nC-3\u00000,某人,Someone,Acme\n");
        await response.AssertProblem(HttpStatusCode.BadRequest, "rows[2].bib");
        Assert.Equal(4, await app.WithDb(db => db.Competitors.CountAsync()));
    }

    [Fact]
    public async Task MultiLineFieldsKeepTheirLineBreaks()
    {
        var response = await admin.PostAsJsonAsync($"{t.Base}/stages/{t.PrelimId}/protests",
            new { competitorId = t.Competitors["C-01"], reason = "第一行\n第二行 / two lines" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AOneMegabyteNameIsRefusedAsTooLarge()
    {
        var response = await admin.PostAsJsonAsync("/api/judges", new { nameZh = new string('名', 1_000_000), nameEn = "J" });
        await response.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.Equal(6, await app.WithDb(db => db.Judges.CountAsync()));
    }

    [Fact]
    public async Task ANameLongerThanItsLimitIsRefusedNamingTheField()
    {
        var response = await admin.PostAsJsonAsync("/api/judges", new { nameZh = new string('名', 10_000), nameEn = "J" });
        await response.AssertProblem(HttpStatusCode.BadRequest, "nameZh");
    }

    [Fact]
    public async Task ACsvImportOverItsLimitIsA413ProblemNotA500()
    {
        var csv = new StringBuilder("bib,nameZh,nameEn,organisation\n");
        for (var i = 0; csv.Length < 6 * 1024 * 1024; i++) csv.Append($"X-{i},某人某人某人某人某人某人,Someone with a long name {i},Acme\n");
        var announced = await admin.PostCsv($"{t.Base}/competitors/import", csv.ToString());
        await announced.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "body");

        // The same body streamed without a length (chunked) is stopped while it is read.
        var streamed = await admin.PostAsync($"{t.Base}/stages/{t.PrelimId}/scheme/import", new UnknownLengthContent(csv.ToString()));
        await streamed.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.Equal(4, await app.WithDb(db => db.Competitors.CountAsync()));
    }

    [Fact]
    public async Task AJsonBodyOverItsLimitIsA413Problem()
    {
        var response = await admin.PostRaw("/api/series", "{\"slug\":\"big\",\"nameZh\":\"大\",\"nameEn\":\"Big\"" + new string(' ', 300 * 1024) + "}");
        await response.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "body");
    }

    [Theory]
    [InlineData("""{"panelSize":"three"}""", "panelSize")]
    [InlineData("""{"panelSize":2147483648}""", "panelSize")]
    [InlineData("""{"panelSize":1e28}""", "panelSize")]
    [InlineData("""{"maxPanelSpread":"NaN"}""", "maxPanelSpread")]
    [InlineData("""{"scaleSpread":"Infinity"}""", "scaleSpread")]
    [InlineData("""{"panelRule":"Loudest"}""", "panelRule")]
    [InlineData("""{"tieBreakCriteria":"A"}""", "tieBreakCriteria")]
    [InlineData("""{"panelSize":""", "panelSize")]
    [InlineData("""[1,2]""", "rules")]
    public async Task UnreadableRulesAreAProblemNamingTheField(string json, string field)
    {
        var response = await Put($"{t.Base}/rules", json);
        await response.AssertProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task NumbersOutOfRangeInAStageAreRefused()
    {
        await (await admin.PostRaw($"{t.Base}/stages", """{"kind":"Selection","nameZh":"复赛","nameEn":"Selection","order":2147483648}"""))
            .AssertProblem(HttpStatusCode.BadRequest, "order");
        await (await admin.PostRaw($"{t.Base}/stages", """{"kind":"Selection","nameZh":"复赛","nameEn":"Selection","advancement":"TopN","advancementValue":1e28}"""))
            .AssertProblem(HttpStatusCode.BadRequest, "advancementValue");
    }

    sealed class UnknownLengthContent(string text) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
