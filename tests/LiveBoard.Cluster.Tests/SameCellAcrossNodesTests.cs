using System.Net;
using System.Net.Http.Json;
using LiveBoard.Cluster.Tests.Infrastructure;
using LiveBoard.Server.Tests.Infrastructure;

namespace LiveBoard.Cluster.Tests;

/// Two server processes on one database: the one-current-mark rule and the sign-in cookie hold across them.
public sealed class SameCellAcrossNodesTests : IAsyncLifetime
{
    LiveCluster cluster = null!;
    TestCompetition competition = null!;

    public async Task InitializeAsync()
    {
        cluster = await LiveCluster.StartAsync();
        competition = await TestCompetition.CreateAsync(cluster.A.Http);
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null) await cluster.DisposeAsync();
    }

    [Fact(Timeout = 60_000)]
    public Task ConcurrentSubmissionsForOneCellOnTwoNodesLeaveExactlyOneCurrentMark() => cluster.RunAsync(async () =>
    {
        // A tablet on one node and the desk on the other enter the same judge's cell at once, several times over.
        foreach (var bib in new[] { "C-02", "C-03" })
        {
            var attempts = Enumerable.Range(0, 8).Select(async i =>
            {
                var node = i % 2 == 0 ? cluster.A : cluster.B;
                using var response = await node.Http.PostAsJsonAsync($"{competition.Base}/marks",
                    competition.Mark(competition.JudgeAspect, bib, competition.Judges[0], i % 4));
                return response.StatusCode;
            });
            var statuses = await Task.WhenAll(attempts);
            Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
            Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Equal(HttpStatusCode.Conflict, s));

            var marks = (await cluster.B.Http.GetOk($"{competition.Base}/marks?competitorId={competition.Competitors[bib]}&aspectId={competition.JudgeAspect}")).AsArray();
            var superseded = marks.Select(m => m!["supersedesId"]).Where(s => s is not null).Select(s => s!.GetValue<long>()).ToHashSet();
            Assert.Single(marks, m => m!["judgeId"]!.GetValue<int>() == competition.Judges[0] && !superseded.Contains(m["id"]!.GetValue<long>()));
        }
    }, TimeSpan.FromSeconds(45));

    [Fact(Timeout = 60_000)]
    public Task ACookieIssuedByOneNodeIsAcceptedByTheOther() => cluster.RunAsync(async () =>
    {
        var handler = new HttpClientHandler { UseCookies = false };
        using var plain = new HttpClient(handler);
        using var signIn = await plain.PostAsJsonAsync(new Uri(cluster.A.Url, "/api/account/sign-in"), new { userName = "admin", password = LiveCluster.AdminPassword });
        await signIn.Json(HttpStatusCode.OK);
        var cookie = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => c.StartsWith("liveboard=", StringComparison.Ordinal)));

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.B.Url, "/api/account/me"));
        request.Headers.Add("Cookie", cookie);
        using var me = await plain.SendAsync(request);
        Assert.Equal("admin", (await me.Json(HttpStatusCode.OK))["userName"]!.GetValue<string>());
    }, TimeSpan.FromSeconds(45));
}
