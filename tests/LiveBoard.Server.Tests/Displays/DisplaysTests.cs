using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using LiveBoard.Server.Tests.Infrastructure;
using LiveBoard.Server.Tests.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveBoard.Server.Tests.Displays;

public class DisplaysTests : CompetitionTest
{
    async Task MarkAll(string bib, double measure, double band, int judgement)
    {
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, bib, t.Judges[0], measure));
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.BandAspect, bib, t.Judges[0], band));
        foreach (var j in t.Judges) await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, bib, j, judgement));
    }

    [Fact]
    public async Task DataSourcesServeFlatRowsAsJsonXmlAndCsvAndAnswer304WhenUnchanged()
    {
        await MarkAll("C-01", 1, 0.01, 3);
        await MarkAll("C-02", 0, 0.01, 2);
        var poller = app.CreateClient();
        var json = await poller.GetAsync($"/api/data/competitions/{t.CompetitionId}/leaderboard.json?stage={t.PrelimId}");
        var rows = (await json.Json(HttpStatusCode.OK)).AsArray();
        Assert.Equal(4, rows.Count);
        var first = rows[0]!.AsObject();
        Assert.All(first, p => Assert.True(p.Value is null or JsonValue, $"{p.Key} is not flat"));
        Assert.Equal("C-01", first["bib"]!.GetValue<string>());
        Assert.Equal("6.00", first["total"]!.GetValue<string>());
        Assert.Equal("张伟", first["name"]!.GetValue<string>());

        var etag = json.Headers.ETag!.Tag;
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/data/competitions/{t.CompetitionId}/leaderboard.json?stage={t.PrelimId}");
        again.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        Assert.Equal(HttpStatusCode.NotModified, (await poller.SendAsync(again)).StatusCode);

        var xml = XDocument.Parse(await poller.GetStringAsync($"/api/data/competitions/{t.CompetitionId}/leaderboard.xml?stage={t.PrelimId}&top=2&lang=en"));
        Assert.Equal(["Zhang Wei", "Li Na"], xml.Root!.Elements("row").Select(r => r.Element("name")!.Value));
        var csv = (await poller.GetStringAsync($"/api/data/competitions/{t.CompetitionId}/leaderboard.csv?stage={t.PrelimId}")).Split("\r\n");
        Assert.StartsWith("rank,bib,name,", csv[0]);
        Assert.Contains("C-02", csv[2]);

        // A new mark changes the head, so the old ETag no longer matches.
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-03", t.Judges[0], 1));
        using var stale = new HttpRequestMessage(HttpMethod.Get, $"/api/data/competitions/{t.CompetitionId}/leaderboard.json?stage={t.PrelimId}");
        stale.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        Assert.Equal(HttpStatusCode.OK, (await poller.SendAsync(stale)).StatusCode);

        var latest = (await poller.GetOk($"/api/data/competitions/{t.CompetitionId}/latest.json?count=3")).AsArray();
        Assert.Equal("C-03", latest[0]!["bib"]!.GetValue<string>());
        Assert.Equal("1.00", latest[0]!["change"]!.GetValue<string>());
        var current = (await poller.GetOk($"/api/data/competitions/{t.CompetitionId}/current.json")).AsArray();
        Assert.Equal("C-03", Assert.Single(current)!["bib"]!.GetValue<string>());
        await (await poller.GetAsync($"/api/data/competitions/{t.CompetitionId}/leaderboard.pdf")).AssertProblem(HttpStatusCode.BadRequest, "format");
    }

    [Fact]
    public async Task ScreenWithAKeyRegistersReportsWhatItRenderedAndFollowsDirectives()
    {
        var issued = await admin.PostOk("/api/displays/keys", new { name = "主会场大屏 Main hall" }, HttpStatusCode.OK);
        var key = issued["key"]!.GetValue<string>();
        Assert.Contains($"key={key}", issued["screenUrl"]!.GetValue<string>());

        await using var screen = await Viewer.StartAsync(app.Hub(query: $"?key={key}"));
        await screen.Connection.InvokeAsync("RegisterDisplay", new { displayId = "hall-1", name = "Main hall", page = "leaderboard", language = "zh-en", viewport = "1920x1080", version = "1.0", competitionId = t.CompetitionId });
        var commands = await screen.Subscribe("displays");
        var board = await screen.Subscribe($"competition:{t.CompetitionId}");
        await screen.Connection.InvokeAsync("ReportRendered", $"competition:{t.CompetitionId}", board.Head);

        var listed = (await admin.GetOk("/api/displays")).AsArray().Single(d => d!["displayId"]!.GetValue<string>() == "hall-1")!;
        Assert.True(listed["online"]!.GetValue<bool>());
        Assert.False(listed["behind"]!.GetValue<bool>());
        Assert.Equal("1920x1080", listed["viewport"]!.GetValue<string>());

        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-01", t.Judges[0], 1));
        listed = (await admin.GetOk("/api/displays")).AsArray().Single(d => d!["displayId"]!.GetValue<string>() == "hall-1")!;
        Assert.True(listed["behind"]!.GetValue<bool>());

        await admin.PostOk("/api/displays/directives", new { displayId = "hall-1", page = "awards", message = "午休 Lunch break" }, HttpStatusCode.OK);
        var directive = await screen.WaitFor(e => e.Type == "directive" && e.Id == "hall-1" && e.Seq > commands.Head);
        Assert.Equal("awards", directive.Data!.Value.GetProperty("page").GetString());
        await admin.PostOk("/api/displays/directives", new { displayId = "hall-1", blackout = true }, HttpStatusCode.OK);
        var blackout = await screen.WaitFor(e => e.Type == "directive" && e.Data!.Value.GetProperty("blackout").GetBoolean());
        // Full state: the page and message set before are still there.
        Assert.Equal("awards", blackout.Data!.Value.GetProperty("page").GetString());
        Assert.Equal("午休 Lunch break", blackout.Data!.Value.GetProperty("message").GetString());

        // Reset: the display's own directive is deleted, so it follows "all" again.
        await admin.PostOk("/api/displays/directives", new { displayId = "hall-1", reset = true }, HttpStatusCode.OK);
        var reset = await screen.WaitFor(e => e.Type == "directive" && e.Id == "hall-1" && e.Data is null);
        Assert.True(reset.Seq > blackout.Seq);
    }

    [Fact]
    public async Task ScreenRegistrationRefusesControlAndBidiCharactersInItsNames()
    {
        var key = (await admin.PostOk("/api/displays/keys", new { name = "Hall" }, HttpStatusCode.OK))["key"]!.GetValue<string>();
        await using var screen = await Viewer.StartAsync(app.Hub(query: $"?key={key}"));
        var refused = await Assert.ThrowsAsync<HubException>(() =>
            screen.Connection.InvokeAsync("RegisterDisplay", new { displayId = "hall-2", name = "Main\u202Ehall", page = "leaderboard" }));
        Assert.Contains("name", refused.Message);
        Assert.DoesNotContain((await admin.GetOk("/api/displays")).AsArray(), d => d!["displayId"]!.GetValue<string>() == "hall-2");
    }

    [Fact]
    public async Task DisplaysChannelNeedsAKeyAndARevokedKeyStopsWorking()
    {
        await using (var anonymous = await Viewer.StartAsync(app.Hub()))
            await Assert.ThrowsAsync<HubException>(() => anonymous.Subscribe("displays"));
        var issued = await admin.PostOk("/api/displays/keys", new { name = "spare" }, HttpStatusCode.OK);
        await admin.PostAsync($"/api/displays/keys/{issued["id"]!.GetValue<int>()}/revoke", null);
        var refused = await Record(async () => { await using var screen = await Viewer.StartAsync(app.Hub(query: $"?key={issued["key"]}")); await screen.Subscribe("displays"); });
        Assert.False(refused);
    }

    [Fact]
    public async Task RevokingAKeyClosesTheScreensAlreadyUsingIt()
    {
        var issued = await admin.PostOk("/api/displays/keys", new { name = "lobby" }, HttpStatusCode.OK);
        await using var screen = await Viewer.StartAsync(app.Hub(query: $"?key={issued["key"]}"));
        await screen.Subscribe("displays");
        var closed = new TaskCompletionSource();
        screen.Connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        await admin.PostAsync($"/api/displays/keys/{issued["id"]!.GetValue<int>()}/revoke", null);
        app.Time.Advance(TimeSpan.FromSeconds(3));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, screen.Connection.State);
    }

    static async Task<bool> Record(Func<Task> call)
    {
        try { await call(); return true; }
        catch (Exception e) when (e is HubException or HttpRequestException) { return false; }
    }

    [Fact]
    public async Task CeremonyRevealsBottomUpAndTwoScreensShowTheSameStep()
    {
        await MarkAll("C-01", 1, 0.01, 3);
        await MarkAll("C-02", 1, 0.01, 2);
        await t.CompleteModuleAsync(admin, t.ModuleId);
        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Locked", confirm = "P1" }, HttpStatusCode.OK);
        await (await admin.PostAsync($"{t.Base}/stages/{t.PrelimId}/advance", null)).Json(HttpStatusCode.OK);
        var early = await admin.PostAsJsonAsync($"{t.Base}/ceremony", new { action = "start" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        var scheme = await admin.GetOk($"{t.Base}/stages/{t.FinalId}/scheme");
        var aspect = scheme["aspects"]!.AsArray().First(a => a!["code"]!.GetValue<string>() == "A1.1")!.Id();
        await admin.PostOk($"{t.Base}/modules/{t.FinalModuleId}/status", new { status = "Live" }, HttpStatusCode.OK);
        await admin.PostOk($"{t.Base}/marks", new { aspectId = aspect, competitorId = t.Competitors["C-01"], judgeId = t.Judges[0], value = 1 });
        await t.CompleteModuleAsync(admin, t.FinalModuleId);
        await admin.PostOk($"{t.Base}/modules/{t.FinalModuleId}/status", new { status = "Locked", confirm = "F1" }, HttpStatusCode.OK);

        await using var left = await Viewer.StartAsync(app.Hub());
        await using var right = await Viewer.StartAsync(app.Hub());
        var head = (await left.Subscribe($"competition:{t.CompetitionId}")).Head;
        await right.Subscribe($"competition:{t.CompetitionId}");

        var operatorClient = app.Client(TestAuthHandler.Token("display", "display-operator"));
        var start = await operatorClient.PostOk($"{t.Base}/ceremony", new { action = "start" }, HttpStatusCode.OK);
        Assert.Equal(0, start["revealed"]!.GetValue<int>());
        Assert.Empty(start["revealedRows"]!.AsArray());
        // Final: C-01 (1.00, gold) above C-02 (0, no medal). Steps: start, reveal C-02, award C-01, reveal C-01.
        var reveal = await operatorClient.PostOk($"{t.Base}/ceremony", new { action = "next" }, HttpStatusCode.OK);
        Assert.Equal("C-02", Assert.Single(reveal["revealedRows"]!.AsArray())!["bib"]!.GetValue<string>());
        var award = await operatorClient.PostOk($"{t.Base}/ceremony", new { action = "next" }, HttpStatusCode.OK);
        Assert.Equal("Award", award["kind"]!.GetValue<string>());
        Assert.Equal("Gold", award["award"]!["medal"]!.GetValue<string>());
        Assert.Equal(1, award["revealed"]!.GetValue<int>());

        var leftStep = await left.WaitFor(e => e.Type == "ceremony" && e.Data!.Value.GetProperty("step").GetInt32() == 2 && e.Seq > head);
        var rightStep = await right.WaitFor(e => e.Type == "ceremony" && e.Data!.Value.GetProperty("step").GetInt32() == 2);
        Assert.Equal(leftStep.Seq, rightStep.Seq);
        Assert.Equal("C-01", rightStep.Data!.Value.GetProperty("award").GetProperty("bib").GetString());
    }
}
