using System.Net;
using System.Xml.Linq;
using LiveBoard.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Tests.Displays;

/// What pollers read stays well-formed whatever is stored, and numbers stay numbers in a spreadsheet.
public class DataSourceOutputTests : CompetitionTest
{
    HttpClient poller = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        poller = app.CreateClient();
    }

    string Source(string name) => $"/api/data/competitions/{t.CompetitionId}/{name}";

    [Fact]
    public async Task XmlSourcesStayValidWhenAStoredNameHoldsCharactersXmlCannotCarry()
    {
        // Stored before the input rules existed (the API now refuses these): a NUL in the bib, controls and a lone surrogate in names.
        await app.WithDb(async db =>
        {
            var c = await db.Competitors.SingleAsync(x => x.Id == t.Competitors["C-01"]);
            c.Bib = "C-\u000001";
            c.NameEn = "Zhang\u0001 Wei\uD800";
            c.NameZh = "张\u001B伟";
            return await db.SaveChangesAsync();
        });
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-01", t.Judges[0], 1));

        foreach (var name in new[] { "leaderboard.xml", "latest.xml", "current.xml" })
        {
            var response = await poller.GetAsync(Source(name) + "?lang=en");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} {body}");
            var rows = XDocument.Parse(body).Root!.Elements("row").ToList();
            // (The lone surrogate became U+FFFD on its way through the event log's JSON; the controls are dropped here.)
            Assert.Contains(rows, r => r.Element("bib")!.Value == "C-01" && r.Element("name")!.Value.StartsWith("Zhang Wei"));
        }
        var csv = await poller.GetStringAsync(Source("leaderboard.csv"));
        Assert.DoesNotContain('\u0000', csv);
        Assert.Contains("C-01", csv);
    }

    [Fact]
    public async Task CsvWritesNegativeNumbersAsNumbersAndEscapesFormulaText()
    {
        await admin.PostOk($"{t.Base}/competitors", new { bib = "C-05", nameZh = "=HYPERLINK(\"x\")", nameEn = "-2+3", organisationId = t.Acme });
        var mark = await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-01", t.Judges[0], 1));
        await admin.PostOk($"{t.Base}/marks/{mark.Id()}/corrections", new { value = 0, reason = "remeasured" });

        var latest = (await poller.GetStringAsync(Source("latest.csv"))).Split("\r\n");
        var change = latest[0].Split(',').ToList().IndexOf("change");
        Assert.Equal("-1.00", latest[1].Split(',')[change]);
        Assert.DoesNotContain("'-", string.Join("\n", latest));

        var board = await poller.GetStringAsync(Source($"leaderboard.csv?stage={t.PrelimId}"));
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\"", board);
        Assert.Contains("'-2+3", board);
    }

    [Theory]
    [InlineData("leaderboard.json?lang=xx", "lang")]
    [InlineData("leaderboard.json?top=-1", "top")]
    [InlineData("leaderboard.json?top=2147483648", "top")]
    [InlineData("leaderboard.xml?stage=abc", "stage")]
    [InlineData("latest.json?count=0", "count")]
    [InlineData("latest.csv?count=1e28", "count")]
    public async Task DataSourceQueriesOutOfRangeAreAProblemNamingTheParameter(string query, string field)
    {
        await (await poller.GetAsync(Source(query))).AssertProblem(HttpStatusCode.BadRequest, field);
    }
}
