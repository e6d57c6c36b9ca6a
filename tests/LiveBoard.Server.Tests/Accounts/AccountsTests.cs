using System.Net;
using System.Net.Http.Json;
using LiveBoard.Server.Tests.Infrastructure;
using LiveBoard.Server.Tests.Live;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveBoard.Server.Tests.Accounts;

public class AccountsTests() : CompetitionTest(new Dictionary<string, string> { ["Accounts:AdminPassword"] = "correct horse battery" })
{
    HttpClient Browser() => app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

    [Fact]
    public async Task AdminSignsInWithPasswordAndTheCookieCarriesTheRole()
    {
        var browser = Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/account/me")).StatusCode);
        var me = await browser.PostOk("/api/account/sign-in", new { userName = "admin", password = "correct horse battery" }, HttpStatusCode.OK);
        Assert.Contains("admin", me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        await browser.PostOk("/api/series", new { slug = "by-cookie", nameZh = "甲", nameEn = "A" });
        await browser.PostAsync("/api/account/sign-out", null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/account/me")).StatusCode);
    }

    [Fact]
    public async Task WrongPasswordIsRefusedNamingThePassword()
    {
        var response = await Browser().PostAsJsonAsync("/api/account/sign-in", new { userName = "admin", password = "wrong password!" });
        await response.AssertProblem(HttpStatusCode.Unauthorized, "password");
    }

    [Fact]
    public async Task JudgeSignsInOnceWithAnAccessCodeAndSeesTheirAssignments()
    {
        var issued = await admin.PostOk($"/api/judges/{t.Judges[1]}/access-codes", new { }, HttpStatusCode.OK);
        var code = issued["code"]!.GetValue<string>();
        Assert.EndsWith($"/judge/#code={code}", issued["url"]!.GetValue<string>());

        var tablet = Browser();
        var me = await tablet.PostOk("/api/account/access-code", new { code = code.ToLowerInvariant() }, HttpStatusCode.OK);
        Assert.Equal(t.Judges[1], me["judgeId"]!.GetValue<int>());
        Assert.Contains(me["assignments"]!.AsArray(), a => a!["competitionId"]!.GetValue<int>() == t.CompetitionId);

        // The judge may now mark as themselves, with the cookie alone.
        await tablet.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[1], 2));

        var second = await Browser().PostAsJsonAsync("/api/account/access-code", new { code });
        await second.AssertProblem(HttpStatusCode.Unauthorized, "code");
    }

    [Fact]
    public async Task ExpiredAccessCodeIsRefused()
    {
        var code = (await admin.PostOk($"/api/judges/{t.Judges[2]}/access-codes", new { }, HttpStatusCode.OK))["code"]!.GetValue<string>();
        app.Time.Advance(TimeSpan.FromHours(37));
        var response = await Browser().PostAsJsonAsync("/api/account/access-code", new { code });
        await response.AssertProblem(HttpStatusCode.Unauthorized, "code");
    }

    [Fact]
    public async Task AdminCreatesAnAccountWhosePasswordIsStoredAsAHash()
    {
        await admin.PostOk("/api/accounts", new { userName = "editor", displayName = "编辑 Editor", password = "a long password", roles = new[] { "media" } });
        var stored = await app.WithDb(db => Task.FromResult(db.Set<LiveBoard.Server.Accounts.Account>().Single(a => a.UserName == "editor")));
        Assert.NotNull(stored.PasswordHash);
        Assert.DoesNotContain("a long password", stored.PasswordHash);
        var tooShort = await admin.PostAsJsonAsync("/api/accounts", new { userName = "x", displayName = "x", password = "short" });
        await tooShort.AssertProblem(HttpStatusCode.BadRequest, "password");
        var badRole = await admin.PostAsJsonAsync("/api/accounts", new { userName = "y", displayName = "y", password = "long enough pw", roles = new[] { "root" } });
        await badRole.AssertProblem(HttpStatusCode.BadRequest, "roles");
    }

    [Fact]
    public async Task ANewCodeReplacesTheJudgesEarlierUnusedCode()
    {
        var first = (await admin.PostOk($"/api/judges/{t.Judges[2]}/access-codes", new { }, HttpStatusCode.OK))["code"]!.GetValue<string>();
        var second = (await admin.PostOk($"/api/judges/{t.Judges[2]}/access-codes", new { }, HttpStatusCode.OK))["code"]!.GetValue<string>();
        await (await Browser().PostAsJsonAsync("/api/account/access-code", new { code = first })).AssertProblem(HttpStatusCode.Unauthorized, "code");
        await Browser().PostOk("/api/account/access-code", new { code = second }, HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheLastAdminCannotBeDisabledOrDemoted()
    {
        var accounts = (await admin.GetOk("/api/accounts")).AsArray();
        var adminId = accounts.Single(a => a!["userName"]!.GetValue<string>() == "admin")!.Id();
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsJsonAsync($"/api/accounts/{adminId}", new { disabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsJsonAsync($"/api/accounts/{adminId}", new { roles = new[] { "media" } })).StatusCode);
        await admin.PostOk("/api/accounts", new { userName = "second-admin", displayName = "Second", password = "another long one", roles = new[] { "admin" } });
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/accounts/{adminId}", new { disabled = true })).StatusCode);
    }

    [Fact]
    public async Task AccessCodesAndHubTokensNeverReachTheLogs()
    {
        var code = (await admin.PostOk($"/api/judges/{t.Judges[1]}/access-codes", new { }, HttpStatusCode.OK))["code"]!.GetValue<string>();
        await Browser().PostOk("/api/account/access-code", new { code }, HttpStatusCode.OK);
        var token = TestAuthHandler.Token("judge-secret-token-xyz", "", t.Judges[0]);
        await using (var viewer = await Viewer.StartAsync(app.Hub(token)))
            await viewer.Subscribe($"competition:{t.CompetitionId}:judging");
        Assert.NotEmpty(app.Logs.Lines);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(code) || l.Contains("judge-secret-token-xyz"));
    }
}

public class MarkRateLimitTests() : CompetitionTest(new Dictionary<string, string> { ["Limits:MarkBurst"] = "3", ["Limits:MarksPerSecond"] = "1" })
{
    [Fact]
    public async Task MarksBeyondTheBurstAreRefusedOverHttpAndThroughTheHub()
    {
        var judge = app.Client(TestAuthHandler.Token("judge", "", t.Judges[0]));
        var statuses = new List<HttpStatusCode>();
        foreach (var bib in new[] { "C-01", "C-02", "C-03", "C-04" })
            statuses.Add((await judge.PostAsJsonAsync($"{t.Base}/marks", t.Mark(t.JudgeAspect, bib, t.Judges[0], 2))).StatusCode);
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);

        // The same bucket serves the hub, so switching path gains nothing.
        await using var viewer = await Viewer.StartAsync(app.Hub(TestAuthHandler.Token("judge", "", t.Judges[0])));
        var refused = await Assert.ThrowsAsync<HubException>(() =>
            viewer.Connection.InvokeAsync<MarkReply>("SubmitMark", t.CompetitionId, t.Mark(t.MeasureAspect, "C-01", t.Judges[0], 1)));
        Assert.Contains("Too many", refused.Message);
        Assert.Equal(3, await app.CountMarks());
    }
}
