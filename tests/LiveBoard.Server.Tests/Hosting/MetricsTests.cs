using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using LiveBoard.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveBoard.Server.Tests.Hosting;

/// /metrics: Prometheus text for staff only (signed-in admins, or a scraper with the configured token), carrying
/// LiveBoard's own instruments and the framework's.
public class MetricsTests() : CompetitionTest(new Dictionary<string, string>
{
    ["Accounts:AdminPassword"] = AdminPassword,
    ["Telemetry:ScrapeToken"] = ScrapeToken,
})
{
    const string AdminPassword = "correct horse battery";
    const string ScrapeToken = "scrape-0123456789abcdef0123456789abcdef";

    HttpClient Scraper(string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    [Fact]
    public async Task AnonymousScrapeIsRefusedAsUnauthorized()
    {
        var response = await app.CreateClient().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("liveboard_", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AJudgeIsForbiddenTheMetrics()
    {
        var judge = app.Client(TestAuthHandler.Token("judge", "", t.Judges[0]));
        Assert.Equal(HttpStatusCode.Forbidden, (await judge.GetAsync("/metrics")).StatusCode);
        var chief = app.Client(TestAuthHandler.Token("chief", "", t.Chief));
        Assert.Equal(HttpStatusCode.Forbidden, (await chief.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task AnAdminSignedInWithTheCookieReadsPrometheusTextWithLiveBoardMetrics()
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        await browser.PostOk("/api/account/sign-in", new { userName = "admin", password = AdminPassword }, HttpStatusCode.OK);
        var response = await browser.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE liveboard_hub_connections gauge", text);
        // The framework's own meters come along: the requests made to set up the competition.
        Assert.Contains("http_server_request_duration_seconds_bucket", text);
    }

    [Fact]
    public async Task AScraperWithTheConfiguredTokenReadsTheMetrics()
    {
        var response = await Scraper(ScrapeToken).GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("liveboard_hub_connections", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AWrongScrapeTokenIsRefusedAndNoTokenIsLogged()
    {
        foreach (var wrong in new[] { ScrapeToken + "x", ScrapeToken[..^1], "", "scrape" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await Scraper(wrong).GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Scraper(ScrapeToken).GetAsync("/metrics")).StatusCode);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("scrape-0123456789"));
    }

    [Fact]
    public async Task AnAcceptedMarkIsCounted()
    {
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 2));
        var text = await admin.GetStringAsync("/metrics");
        Assert.True(Value(text, "liveboard_marks_accepted_total", "mark_kind=\"submission\"") >= 1, text);
        Assert.True(Value(text, "liveboard_marks_write_duration_milliseconds_count") >= 1, text);
    }

    [Fact]
    public async Task ARejectedMarkIsCountedWithItsStatus()
    {
        // 4 is above the judgement scale's 3: a 400.
        var response = await admin.PostAsJsonAsync($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 4));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await admin.GetStringAsync("/metrics");
        Assert.True(Value(text, "liveboard_marks_rejected_total", "status=\"400\"") >= 1, text);
    }

    [Fact]
    public async Task OpenHubConnectionsAreCountedOnThisNodeOnly()
    {
        // Other test servers in this process have their own connections: this host reports exactly its own.
        Assert.Equal(0, Value(await admin.GetStringAsync("/metrics"), "liveboard_hub_connections"));
        await using (var viewer = app.Hub())
        {
            await viewer.StartAsync();
            // SignalR answers the handshake before it runs the hub's OnConnectedAsync, so the count may follow a moment later.
            await Eventually(async () => Value(await admin.GetStringAsync("/metrics"), "liveboard_hub_connections") == 1);
        }
        await Eventually(async () => Value(await admin.GetStringAsync("/metrics"), "liveboard_hub_connections") == 0);
    }

    [Fact]
    public async Task FailedSignInsAreCountedByMethod()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/account/sign-in", new { userName = "admin", password = "wrong password!" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        response = await app.CreateClient().PostAsJsonAsync("/api/account/access-code", new { code = "NOPE1234" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var text = await admin.GetStringAsync("/metrics");
        Assert.Equal(1, Value(text, "liveboard_accounts_sign_in_failures_total", "method=\"password\"", "outcome=\"failed\""));
        Assert.Equal(1, Value(text, "liveboard_accounts_sign_in_failures_total", "method=\"access_code\"", "outcome=\"failed\""));
    }

    /// The value of the first sample of a metric whose labels include all those given (NaN when there is none).
    static double Value(string text, string metric, params string[] labels)
    {
        foreach (var line in text.Split('\n'))
        {
            var match = Regex.Match(line, @"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)");
            if (match.Success && match.Groups["name"].Value == metric && labels.All(match.Groups["labels"].Value.Contains))
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return double.NaN;
    }

    static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++) await Task.Delay(50);
        Assert.True(await condition());
    }
}
