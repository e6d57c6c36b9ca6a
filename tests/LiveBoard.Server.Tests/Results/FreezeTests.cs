using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using LiveBoard.Server.Tests.Infrastructure;
using LiveBoard.Server.Tests.Live;

namespace LiveBoard.Server.Tests.Results;

/// A final decided and locked while the board is frozen: nothing past the freeze reaches the public (medal table, series
/// channel, feed, data sources, results endpoints) until the board is unfrozen or the ceremony has revealed the final.
public class FreezeTests : CompetitionTest
{
    HttpClient anonymous = null!;
    HttpClient chief = null!;
    int finalMeasure, finalBand;

    string Series => $"series:{t.SeriesId}";
    string Public => $"competition:{t.CompetitionId}";
    string Staff => $"competition:{t.CompetitionId}:staff";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        anonymous = app.CreateClient();
        chief = app.Client(TestAuthHandler.Token("chief", "", t.Chief));
    }

    /// Final: before the freeze C-02 (Bolt) leads with 1.00, so Bolt holds the provisional gold. After the freeze C-01 (Acme)
    /// scores 1 + 2 = 3.00 and takes gold, and the final is completed (the cells left worth nothing) and locked: official
    /// medals nobody outside staff may see yet.
    async Task FinalLockedWhileFrozen()
    {
        foreach (var (bib, judgement) in new[] { ("C-01", 3), ("C-02", 2) })
        {
            await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, bib, t.Judges[0], 1));
            foreach (var j in t.Judges) await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, bib, j, judgement));
        }
        await t.CompleteModuleAsync(admin, t.ModuleId);
        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Locked", confirm = "P1" }, HttpStatusCode.OK);
        await (await admin.PostAsync($"{t.Base}/stages/{t.PrelimId}/advance", null)).Json(HttpStatusCode.OK);
        var aspects = (await admin.GetOk($"{t.Base}/stages/{t.FinalId}/scheme"))["aspects"]!.AsArray();
        finalMeasure = aspects.First(a => a!["code"]!.GetValue<string>() == "A1.1")!.Id();
        finalBand = aspects.First(a => a!["code"]!.GetValue<string>() == "A1.2")!.Id();
        await admin.PostOk($"{t.Base}/modules/{t.FinalModuleId}/status", new { status = "Live" }, HttpStatusCode.OK);
        await admin.PostOk($"{t.Base}/marks", FinalMark(finalMeasure, "C-02", 1));

        await admin.PostOk($"{t.Base}/freeze", new { frozen = true }, HttpStatusCode.OK);
        await admin.PostOk($"{t.Base}/marks", FinalMark(finalMeasure, "C-01", 1));
        await admin.PostOk($"{t.Base}/marks", FinalMark(finalBand, "C-01", 0.01));
        await t.CompleteModuleAsync(admin, t.FinalModuleId);
        await admin.PostOk($"{t.Base}/modules/{t.FinalModuleId}/status", new { status = "Locked", confirm = "F1" }, HttpStatusCode.OK);
    }

    object FinalMark(int aspect, string bib, double value) =>
        new { aspectId = aspect, competitorId = t.Competitors[bib], judgeId = t.Judges[0], value, idempotencyKey = Guid.NewGuid().ToString() };

    static int GoldOf(JsonNode table, int organisationId) =>
        table["rows"]!.AsArray().FirstOrDefault(r => r!["organisationId"]!.GetValue<int>() == organisationId)?["gold"]!.GetValue<int>() ?? 0;

    static int GoldOf(JsonElement table, int organisationId) => GoldOf(JsonNode.Parse(table.GetRawText())!, organisationId);

    static decimal FinalTotalOf(JsonNode standings, string bib) =>
        standings["rows"]!.AsArray().First(r => r!["bib"]!.GetValue<string>() == bib)!["total"]!.GetValue<decimal>();

    /// Reads the NDJSON feed from its start until `count` non-empty lines arrived or the stream went quiet, then hangs up.
    async Task<List<JsonNode>> FeedSnapshot(HttpClient client)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var lines = new List<JsonNode>();
        try
        {
            using var response = await client.GetAsync("/api/feed", HttpCompletionOption.ResponseHeadersRead, cts.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
            while (await reader.ReadLineAsync(cts.Token) is { } line)
                if (line.Length > 0) lines.Add(JsonNode.Parse(line)!);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException) { }
        return lines;
    }

    [Theory]
    [InlineData("")]
    [InlineData("?counting=official")]
    [InlineData("?counting=all")]
    public async Task MedalTableHidesMedalsDecidedAfterTheFreezeFromThePublicButNotFromStaff(string counting)
    {
        await FinalLockedWhileFrozen();

        var publicTable = await anonymous.GetOk($"/api/series/{t.SeriesId}/medals{counting}");
        Assert.Equal(0, GoldOf(publicTable, t.Acme));
        // Counting everything, the public keeps the provisional gold it saw at the freeze.
        Assert.Equal(counting == "?counting=all" ? 1 : 0, GoldOf(publicTable, t.Bolt));

        Assert.Equal(1, GoldOf(await chief.GetOk($"/api/series/{t.SeriesId}/medals{counting}"), t.Acme));
        Assert.Equal(1, GoldOf(await admin.GetOk($"/api/series/{t.SeriesId}/medals{counting}"), t.Acme));
    }

    [Fact]
    public async Task SeriesChannelCarriesNoMedalsOfAFinalLockedWhileFrozenUntilUnfrozen()
    {
        await using var viewer = await Viewer.StartAsync(app.Hub());
        var before = await viewer.Subscribe(Series);
        await FinalLockedWhileFrozen();

        var snapshot = await viewer.Subscribe(Series, null);
        Assert.All(snapshot.Events.Where(e => e.Type == "medals"), e => Assert.Equal(0, GoldOf(e.Data!.Value, t.Acme)));
        Assert.DoesNotContain(viewer.Pushed, e => e.Type == "medals" && GoldOf(e.Data!.Value, t.Acme) > 0);
        var resumed = await viewer.Subscribe(Series, before.Head);
        Assert.DoesNotContain(resumed.Events, e => e.Type == "medals" && GoldOf(e.Data!.Value, t.Acme) > 0);

        await admin.PostOk($"{t.Base}/freeze", new { frozen = false }, HttpStatusCode.OK);
        var caughtUp = await viewer.WaitFor(e => e.Type == "medals" && e.Seq > snapshot.Head);
        Assert.Equal(1, GoldOf(caughtUp.Data!.Value, t.Acme));
        Assert.Equal(1, GoldOf(await anonymous.GetOk($"/api/series/{t.SeriesId}/medals"), t.Acme));
    }

    [Fact]
    public async Task FeedShowsThePublicNoMedalsOrResultsPastTheFreezeAndCatchesUpOnUnfreeze()
    {
        await FinalLockedWhileFrozen();

        var frozen = await FeedSnapshot(anonymous);
        Assert.Contains(frozen, l => l["type"]!.GetValue<string>() == "freeze");
        Assert.DoesNotContain(frozen, l => l["type"]!.GetValue<string>() == "medals" && GoldOf(l["data"]!, t.Acme) > 0);
        Assert.DoesNotContain(frozen, l => l["type"]!.GetValue<string>() == "row" && l["id"]!.GetValue<string>().StartsWith($"{t.FinalId}-")
            && l["data"]!["row"]!["bib"]!.GetValue<string>() == "C-01" && l["data"]!["row"]!["total"]!.GetValue<decimal>() > 0);

        await admin.PostOk($"{t.Base}/freeze", new { frozen = false }, HttpStatusCode.OK);
        var open = await FeedSnapshot(anonymous);
        Assert.Contains(open, l => l["type"]!.GetValue<string>() == "medals" && GoldOf(l["data"]!, t.Acme) == 1);
    }

    [Fact]
    public async Task DataSourcesKeepTheFinalAsItStoodAtTheFreezeInEveryFormat()
    {
        await FinalLockedWhileFrozen();
        var data = $"/api/data/competitions/{t.CompetitionId}";

        var json = (await anonymous.GetOk($"{data}/leaderboard.json?stage={t.FinalId}")).AsArray();
        Assert.Equal("0.00", json.First(r => r!["bib"]!.GetValue<string>() == "C-01")!["total"]!.GetValue<string>());
        Assert.Equal("Gold", json.First(r => r!["bib"]!.GetValue<string>() == "C-02")!["medal"]!.GetValue<string>());
        var xml = XDocument.Parse(await anonymous.GetStringAsync($"{data}/leaderboard.xml?stage={t.FinalId}"));
        Assert.Equal("0.00", xml.Root!.Elements("row").First(r => r.Element("bib")!.Value == "C-01").Element("total")!.Value);
        var csv = await anonymous.GetStringAsync($"{data}/leaderboard.csv?stage={t.FinalId}");
        Assert.DoesNotContain("3.00", csv);
        Assert.DoesNotContain("\"Official\"", csv);
        Assert.DoesNotContain(",Official,", csv);
        // C-01 never totals 3.00 except in the final after the freeze (4.00 in the preliminary).
        foreach (var source in new[] { "latest", "current" })
            Assert.DoesNotContain((await anonymous.GetOk($"{data}/{source}.json")).AsArray(),
                r => r!["bib"]!.GetValue<string>() == "C-01" && r["total"]!.GetValue<string>() == "3.00");

        await admin.PostOk($"{t.Base}/freeze", new { frozen = false }, HttpStatusCode.OK);
        json = (await anonymous.GetOk($"{data}/leaderboard.json?stage={t.FinalId}")).AsArray();
        Assert.Equal("3.00", json.First(r => r!["bib"]!.GetValue<string>() == "C-01")!["total"]!.GetValue<string>());
        Assert.Equal("Official", json.First(r => r!["bib"]!.GetValue<string>() == "C-01")!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ResultsEndpointsShowThePublicTheFreezeAndStaffEverything()
    {
        await FinalLockedWhileFrozen();

        Assert.Equal(0m, FinalTotalOf(await anonymous.GetOk($"{t.Base}/stages/{t.FinalId}/standings"), "C-01"));
        var awards = await anonymous.GetOk($"{t.Base}/awards");
        Assert.DoesNotContain(awards["medallists"]!.AsArray(), m => m!["bib"]!.GetValue<string>() == "C-01");
        Assert.Equal(HttpStatusCode.Conflict, (await anonymous.GetAsync($"{t.Base}/modules/{t.FinalModuleId}/standings")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict,
            (await anonymous.GetAsync($"{t.Base}/stages/{t.FinalId}/competitors/{t.Competitors["C-01"]}")).StatusCode);

        Assert.Equal(3m, FinalTotalOf(await chief.GetOk($"{t.Base}/stages/{t.FinalId}/standings"), "C-01"));
        Assert.Equal("Gold", (await chief.GetOk($"{t.Base}/awards"))["medallists"]!.AsArray()
            .First(m => m!["bib"]!.GetValue<string>() == "C-01")!["medal"]!.GetValue<string>());
        await chief.GetOk($"{t.Base}/stages/{t.FinalId}/competitors/{t.Competitors["C-01"]}");

        await admin.PostOk($"{t.Base}/freeze", new { frozen = false }, HttpStatusCode.OK);
        Assert.Equal(3m, FinalTotalOf(await anonymous.GetOk($"{t.Base}/stages/{t.FinalId}/standings"), "C-01"));
        Assert.Equal("Gold", (await anonymous.GetOk($"{t.Base}/awards"))["medallists"]!.AsArray()
            .First(m => m!["bib"]!.GetValue<string>() == "C-01")!["medal"]!.GetValue<string>());
    }

    [Fact]
    public async Task CorrectionAfterLockWhileFrozenReachesStaffButNotThePublicChannel()
    {
        await FinalLockedWhileFrozen();
        await using var viewer = await Viewer.StartAsync(app.Hub());
        var publicHead = (await viewer.Subscribe(Public)).Head;
        await using var staff = await Viewer.StartAsync(app.Hub(TestAuthHandler.Token("chief", "", t.Chief)));
        await staff.Subscribe(Staff);

        var marks = (await chief.GetOk($"{t.Base}/marks")).AsArray();
        var band = marks.First(m => m!["aspectId"]!.GetValue<int>() == finalBand)!.Id();
        await admin.PostOk($"{t.Base}/marks/{band}/corrections", new { value = 0.04, reason = "复测 / re-measured", idempotencyKey = Guid.NewGuid().ToString() });

        await staff.WaitFor(e => e.Type == "correction");
        var reread = await viewer.Subscribe(Public, publicHead);
        Assert.DoesNotContain(reread.Events, e => e.Type is "correction" or "row" or "stage" or "awards");
        // Pushes up to the reply's head may still arrive after it (repeats the viewer ignores); nothing newer may.
        Assert.DoesNotContain(viewer.Pushed, e => e.Seq > publicHead && e.Type is "correction" or "row" or "stage" or "awards");

        await admin.PostOk($"{t.Base}/freeze", new { frozen = false }, HttpStatusCode.OK);
        var revealed = await viewer.WaitFor(e => e.Seq > publicHead && e.IsRowOf(t.FinalId, t.Competitors["C-01"]));
        Assert.Equal(2.00m, revealed.RowTotal());
    }

    [Fact]
    public async Task CeremonyRevealsTheFrozenFinalOnlyAtItsLastStep()
    {
        await FinalLockedWhileFrozen();
        await using var series = await Viewer.StartAsync(app.Hub());
        var seriesHead = (await series.Subscribe(Series)).Head;
        var control = app.Client(TestAuthHandler.Token("display", "display-operator"));

        var step = await control.PostOk($"{t.Base}/ceremony", new { action = "start" }, HttpStatusCode.OK);
        while (step["revealed"]!.GetValue<int>() < step["rows"]!.GetValue<int>())
        {
            // Part-way through, the public has the rows on the ceremony step and nothing more.
            Assert.Equal(0, GoldOf(await anonymous.GetOk($"/api/series/{t.SeriesId}/medals"), t.Acme));
            Assert.Equal(0, GoldOf(await anonymous.GetOk($"/api/series/{t.SeriesId}/medals?counting=all"), t.Acme));
            Assert.Equal(0m, FinalTotalOf(await anonymous.GetOk($"{t.Base}/stages/{t.FinalId}/standings"), "C-01"));
            step = await control.PostOk($"{t.Base}/ceremony", new { action = "next" }, HttpStatusCode.OK);
        }

        var medals = await series.WaitFor(e => e.Type == "medals" && e.Seq > seriesHead);
        Assert.Equal(1, GoldOf(medals.Data!.Value, t.Acme));
        Assert.Equal(1, GoldOf(await anonymous.GetOk($"/api/series/{t.SeriesId}/medals"), t.Acme));
        Assert.Equal(3m, FinalTotalOf(await anonymous.GetOk($"{t.Base}/stages/{t.FinalId}/standings"), "C-01"));
        Assert.Equal("Gold", (await anonymous.GetOk($"{t.Base}/awards"))["medallists"]!.AsArray()
            .First(m => m!["bib"]!.GetValue<string>() == "C-01")!["medal"]!.GetValue<string>());
        await anonymous.GetOk($"{t.Base}/stages/{t.FinalId}/competitors/{t.Competitors["C-01"]}");
        var leaderboard = (await anonymous.GetOk($"/api/data/competitions/{t.CompetitionId}/leaderboard.json?stage={t.FinalId}")).AsArray();
        Assert.Equal("3.00", leaderboard.First(r => r!["bib"]!.GetValue<string>() == "C-01")!["total"]!.GetValue<string>());

        // What the ceremony revealed stays revealed when the presenter steps back.
        await control.PostOk($"{t.Base}/ceremony", new { action = "back" }, HttpStatusCode.OK);
        Assert.Equal(1, GoldOf(await anonymous.GetOk($"/api/series/{t.SeriesId}/medals"), t.Acme));
    }
}
