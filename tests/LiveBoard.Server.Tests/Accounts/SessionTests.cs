using System.Net;
using System.Net.Http.Json;
using LiveBoard.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveBoard.Server.Tests.Accounts;

/// Sessions end when they should: sign-out, a disabled account, a removed role, a new password; and a cookie from
/// one node works on every node sharing the database.
public class SessionTests : IAsyncLifetime
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "liveboard-tests", Guid.NewGuid().ToString("N"));
    LiveBoardApp app = null!;
    HttpClient admin = null!;

    Dictionary<string, string> Settings() => new()
    {
        ["ConnectionStrings:LiveBoard"] = $"Data Source={Path.Combine(folder, "shared.db")}",
        ["Accounts:AdminPassword"] = "correct horse battery",
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        app = new LiveBoardApp(Settings());
        admin = app.Client();
        await admin.PostOk("/api/accounts", new { userName = "editor", displayName = "编辑 Editor", password = "a long password", roles = new[] { "admin" } });
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        try { Directory.Delete(folder, true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    /// Signs in and returns the raw cookie header, as a browser (or someone who copied it) would send it.
    static async Task<string> SignInAsync(LiveBoardApp on, string user = "editor", string password = "a long password")
    {
        var response = await on.CreateClient().PostAsJsonAsync("/api/account/sign-in", new { userName = user, password });
        await response.Json(HttpStatusCode.OK);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => c.StartsWith("liveboard=", StringComparison.Ordinal)));
    }

    static async Task<HttpStatusCode> CreateSeries(LiveBoardApp on, string cookie, string slug)
    {
        var client = on.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/series") { Content = JsonContent.Create(new { slug, nameZh = "甲", nameEn = "A" }) };
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }

    async Task<int> EditorId() => (await admin.GetOk("/api/accounts")).AsArray().Single(a => a!["userName"]!.GetValue<string>() == "editor")!.Id();

    [Fact]
    public async Task ACookieCopiedBeforeSignOutNoLongerWorks()
    {
        var cookie = await SignInAsync(app);
        Assert.Equal(HttpStatusCode.Created, await CreateSeries(app, cookie, "before-sign-out"));
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using (var signOut = new HttpRequestMessage(HttpMethod.Post, "/api/account/sign-out"))
        {
            signOut.Headers.Add("Cookie", cookie);
            await browser.SendAsync(signOut);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await CreateSeries(app, cookie, "after-sign-out"));
    }

    [Fact]
    public async Task ASessionEndedByAnotherNodeStopsWorkingOnceTheRecheckIntervalPasses()
    {
        var cookie = await SignInAsync(app);
        Assert.Equal(HttpStatusCode.Created, await CreateSeries(app, cookie, "checked"));
        // Another node ends it: written straight to the shared database, so nothing on this node hears of it.
        await app.WithDb(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
            db.Set<LiveBoard.Server.Accounts.AccountSession>(), u => u.SetProperty(s => s.EndedAt, DateTimeOffset.UnixEpoch)));
        app.Time.Advance(TimeSpan.FromSeconds(3)); // past Accounts:SessionRecheck (2 s)
        Assert.Equal(HttpStatusCode.Unauthorized, await CreateSeries(app, cookie, "after-recheck"));
    }

    [Fact]
    public async Task SigningOutEndsOnlyThatBrowsersSession()
    {
        var laptop = await SignInAsync(app);
        var desk = await SignInAsync(app);
        using (var signOut = new HttpRequestMessage(HttpMethod.Post, "/api/account/sign-out"))
        {
            signOut.Headers.Add("Cookie", laptop);
            await app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }).SendAsync(signOut);
        }
        Assert.Equal(HttpStatusCode.Created, await CreateSeries(app, desk, "desk-still-in"));
    }

    [Fact]
    public async Task ADisabledAccountLosesAccessOnTheNextRequest()
    {
        var cookie = await SignInAsync(app);
        await admin.PutAsJsonAsync($"/api/accounts/{await EditorId()}", new { disabled = true });
        Assert.Equal(HttpStatusCode.Unauthorized, await CreateSeries(app, cookie, "disabled"));
        // Enabling it again does not revive the old cookie.
        await admin.PutAsJsonAsync($"/api/accounts/{await EditorId()}", new { disabled = false });
        Assert.Equal(HttpStatusCode.Unauthorized, await CreateSeries(app, cookie, "re-enabled"));
    }

    [Fact]
    public async Task ARemovedRoleTakesEffectOnTheNextRequest()
    {
        var cookie = await SignInAsync(app);
        Assert.Equal(HttpStatusCode.Created, await CreateSeries(app, cookie, "as-admin"));
        var update = await admin.PutAsJsonAsync($"/api/accounts/{await EditorId()}", new { roles = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await CreateSeries(app, cookie, "demoted"));
    }

    [Fact]
    public async Task ANewPasswordEndsTheAccountsSessions()
    {
        var cookie = await SignInAsync(app);
        await admin.PutAsJsonAsync($"/api/accounts/{await EditorId()}", new { password = "another long password" });
        Assert.Equal(HttpStatusCode.Unauthorized, await CreateSeries(app, cookie, "old-password"));
    }

    [Fact]
    public async Task DisablingAnAccountClosesItsOpenHubConnections()
    {
        var cookie = await SignInAsync(app);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/live"), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.Headers["Cookie"] = cookie;
            }).Build();
        await connection.StartAsync();
        var closed = new TaskCompletionSource();
        connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        await admin.PutAsJsonAsync($"/api/accounts/{await EditorId()}", new { disabled = true });
        app.Time.Advance(TimeSpan.FromSeconds(3));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task ACookieIssuedByOneNodeWorksOnAnotherSharingTheDatabase()
    {
        // Two server instances over one database, each with its own memory: as two nodes behind a load balancer,
        // or one node before and after a redeploy.
        var cookie = await SignInAsync(app);
        using var second = new LiveBoardApp(Settings());
        Assert.Equal(HttpStatusCode.Created, await CreateSeries(second, cookie, "on-the-other-node"));
        // The key ring is in the shared database, not in a folder of one machine (~/.aspnet would pass on one machine only).
        Assert.NotEqual(0, await app.WithDb(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.DataProtectionKeys)));
    }
}

/// Failed sign-ins slow guessing per account and per address, without one attacker locking a venue out.
public class SignInThrottleTests : IAsyncLifetime
{
    readonly LiveBoardApp app = new(new Dictionary<string, string>
    {
        ["Accounts:AdminPassword"] = "correct horse battery",
        ["Limits:SignInFailuresPerAccount"] = "3",
        ["Limits:SignInFailuresPerAddress"] = "6",
    });

    public async Task InitializeAsync()
    {
        var admin = app.Client();
        foreach (var name in new[] { "judge-a", "judge-b", "judge-c" })
            await admin.PostOk("/api/accounts", new { userName = name, displayName = name, password = "a long password" });
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    HttpClient Browser() => app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

    static async Task<HttpStatusCode> Try(HttpClient browser, string user, string password) =>
        (await browser.PostAsJsonAsync("/api/account/sign-in", new { userName = user, password })).StatusCode;

    [Fact]
    public async Task AnAccountRefusesPasswordsAfterTooManyFailuresAndSaysWhenToRetry()
    {
        var attacker = Browser();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, await Try(attacker, "judge-a", $"guess {i} guess"));
        var refused = await attacker.PostAsJsonAsync("/api/account/sign-in", new { userName = "judge-a", password = "a long password" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) > 0);
        // A colleague behind the same address signs in to their own account.
        Assert.Equal(HttpStatusCode.OK, await Try(Browser(), "judge-b", "a long password"));
        // After the lockout the right password works again.
        app.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(HttpStatusCode.OK, await Try(attacker, "judge-a", "a long password"));
    }

    [Fact]
    public async Task ABrowserThatSignedInBeforeIsNotLockedOutByAnAttacker()
    {
        var owner = Browser();
        Assert.Equal(HttpStatusCode.OK, await Try(owner, "judge-a", "a long password"));
        await owner.PostAsync("/api/account/sign-out", null);
        var attacker = Browser();
        for (var i = 0; i < 5; i++) await Try(attacker, "judge-a", $"guess {i} guess");
        Assert.Equal(HttpStatusCode.TooManyRequests, await Try(attacker, "judge-a", "a long password"));
        // The owner's browser carries its device cookie and still gets in.
        Assert.Equal(HttpStatusCode.OK, await Try(owner, "judge-a", "a long password"));
    }

    [Fact]
    public async Task SprayingManyAccountsFromOneAddressIsHeldPerAddress()
    {
        var attacker = Browser();
        foreach (var user in new[] { "judge-a", "judge-b", "judge-c" })
            for (var i = 0; i < 2; i++) await Try(attacker, user, $"guess {i} guess");
        Assert.Equal(HttpStatusCode.TooManyRequests, await Try(attacker, "nobody", "guess guess guess"));
    }
}
