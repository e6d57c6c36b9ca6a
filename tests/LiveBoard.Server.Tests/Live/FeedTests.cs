using System.Net;
using System.Text.Json.Nodes;
using LiveBoard.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Tests.Live;

public class FeedTests : CompetitionTest
{
    HttpClient anonymous = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        anonymous = app.CreateClient();
    }

    /// Reads lines from the live stream until `count` non-empty lines arrived, then hangs up.
    async Task<List<JsonNode>> ReadLines(string url, int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var response = await anonymous.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var lines = new List<JsonNode>();
        while (lines.Count < count && await reader.ReadLineAsync(cts.Token) is { } line)
            if (line.Length > 0) lines.Add(JsonNode.Parse(line)!);
        return lines;
    }

    [Fact]
    public async Task FeedStartsWithCurrentStateAndResumesFromATokenSeeingEachEventOnce()
    {
        var snapshotCount = await app.WithDb(async db => (await db.Events.ToListAsync())
            .Where(e => e.Channel.StartsWith("series:") || System.Text.RegularExpressions.Regex.IsMatch(e.Channel, @"^competition:\d+$"))
            .DistinctBy(e => (e.Channel, e.Type, e.ObjectId)).Count());
        var start = await ReadLines("/api/feed", snapshotCount);
        Assert.All(start, l => Assert.NotNull(l["type"]));
        Assert.DoesNotContain(start, l => l["channel"]!.GetValue<string>().EndsWith(":staff"));
        Assert.Equal(start.Count, start.Select(l => (l["channel"]!.GetValue<string>(), l["type"]!.GetValue<string>(), l["id"]!.GetValue<string>())).Distinct().Count());
        var token = start[^1]["token"]!.GetValue<string>();

        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-01", t.Judges[0], 1));
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-02", t.Judges[0], 1));

        var resumed = await ReadLines($"/api/feed?since_token={token}", 2);
        Assert.All(resumed, l => Assert.Equal("row", l["type"]!.GetValue<string>()));
        Assert.Equal(1.00m, resumed[0]["data"]!["row"]!["total"]!.GetValue<decimal>());
        var tokens = resumed.Select(l => l["token"]!.GetValue<string>()).ToList();
        Assert.Equal(2, tokens.Distinct().Count());
        Assert.DoesNotContain(token, tokens);

        // Resuming from the first new line gives the second one next, and nothing already seen.
        var again = await ReadLines($"/api/feed?since_token={tokens[0]}&limit=1", 1);
        Assert.Equal(tokens[1], again[0]["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task FeedWithALimitEndsAfterThatManyLines()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var body = await anonymous.GetStringAsync("/api/feed?limit=2", cts.Token);
        Assert.Equal(2, body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task FeedWithALimitEndsOnceCaughtUpInsteadOfWaitingForMore()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var first = await anonymous.GetStringAsync("/api/feed?limit=10000", cts.Token);
        var lines = first.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        var token = JsonNode.Parse(lines[^1])!["token"]!.GetValue<string>();

        // Nothing new since the token: the poll answers at once with no lines.
        var caughtUp = await anonymous.GetStringAsync($"/api/feed?since_token={token}&limit=5", cts.Token);
        Assert.Empty(caughtUp.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-01", t.Judges[0], 1));
        var next = await anonymous.GetStringAsync($"/api/feed?since_token={token}&limit=5", cts.Token);
        Assert.Contains("\"row\"", next);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("10001")]
    [InlineData("2147483648")]
    [InlineData("many")]
    public async Task FeedRefusesALimitOutOfRange(string limit)
    {
        var response = await anonymous.GetAsync($"/api/feed?limit={limit}");
        await response.AssertProblem(HttpStatusCode.BadRequest, "limit");
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("otherepoch.1")]
    public async Task FeedRefusesATokenItCannotHonour(string token)
    {
        var response = await anonymous.GetAsync($"/api/feed?since_token={token}");
        await response.AssertProblem(HttpStatusCode.BadRequest, "since_token");
    }

    [Fact]
    public async Task FeedRefusesATokenFromTheFuture()
    {
        var first = (await ReadLines("/api/feed?limit=1", 1))[0]["token"]!.GetValue<string>();
        var epoch = first[..first.LastIndexOf('.')];
        var response = await anonymous.GetAsync($"/api/feed?since_token={epoch}.999999");
        await response.AssertProblem(HttpStatusCode.BadRequest, "since_token");
    }

    [Fact]
    public async Task StaffFeedCarriesMarksAndThePublicFeedDoesNot()
    {
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-01", t.Judges[0], 1));
        var staff = app.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new("Bearer", TestAuthHandler.Token("chief", "", t.Chief));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var response = await staff.GetAsync($"/api/feed?competition={t.CompetitionId}", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var sawMark = false;
        while (!sawMark && await reader.ReadLineAsync(cts.Token) is { } line)
            if (line.Length > 0 && JsonNode.Parse(line)!["type"]!.GetValue<string>() == "mark") sawMark = true;
        Assert.True(sawMark);

        // The mark's event comes before the standings it moved, so a leaking filter would show it first.
        using var publicCts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var publicResponse = await anonymous.GetAsync($"/api/feed?competition={t.CompetitionId}", HttpCompletionOption.ResponseHeadersRead, publicCts.Token);
        using var publicReader = new StreamReader(await publicResponse.Content.ReadAsStreamAsync(publicCts.Token));
        var types = new List<string>();
        while (await publicReader.ReadLineAsync(publicCts.Token) is { } line)
        {
            if (line.Length == 0) continue;
            var node = JsonNode.Parse(line)!;
            types.Add(node["type"]!.GetValue<string>());
            if (node["type"]!.GetValue<string>() == "stage" && node["id"]!.GetValue<string>() == t.PrelimId.ToString()) break;
        }
        Assert.DoesNotContain("mark", types);
    }
}
