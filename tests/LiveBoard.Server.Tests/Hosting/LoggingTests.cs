using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using LiveBoard.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace LiveBoard.Server.Tests.Hosting;

public class LoggingTests : IAsyncLifetime
{
    const string AdminPassword = "correct horse battery";
    readonly LiveBoardApp app = new(new Dictionary<string, string> { ["Accounts:AdminPassword"] = AdminPassword });
    HttpClient admin = null!;
    TestCompetition t = null!;

    public async Task InitializeAsync()
    {
        admin = app.Client();
        t = await TestCompetition.CreateAsync(admin);
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    HttpClient Browser() => app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

    [Fact]
    public void EveryLoggerMessageHasItsOwnIdAndName()
    {
        var messages = typeof(Program).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => (Method: $"{method.DeclaringType!.FullName}.{method.Name}", Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();
        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.False(string.IsNullOrEmpty(m.Attribute!.EventName), $"{m.Method} has no EventName"));
        Assert.All(messages, m => Assert.True(m.Attribute!.EventId > 0, $"{m.Method} has no EventId"));
        Assert.Empty(messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}"));
        Assert.Empty(messages.GroupBy(m => m.Attribute!.EventName).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}"));
    }

    [Fact]
    public async Task AcceptedAndRefusedMarksEachLogTheirNamedEvent()
    {
        var mark = await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 2, "key-accepted"));
        var refused = await admin.PostAsJsonAsync($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 4, "key-refused"));
        await refused.AssertProblem(HttpStatusCode.BadRequest, "value");

        var accepted = Assert.Single(app.Logs.Named("MarkAccepted"));
        Assert.Equal(2001, accepted.EventId);
        Assert.Equal(LogLevel.Information, accepted.Level);
        Assert.Contains($"Mark {mark.Id()} accepted", accepted.Message);
        Assert.Contains($"competitor {t.Competitors["C-01"]}, judge {t.Judges[0]}, by admin", accepted.Message);
        var refusal = Assert.Single(app.Logs.Named("MarkRefused"));
        Assert.Equal(2002, refusal.EventId);
        Assert.Contains("400 on value", refusal.Message);
        Assert.Empty(app.Logs.Named("SlowMarkWrite"));
        // Idempotency keys stay out of the log: they let their owner read a mark back.
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("key-accepted") || l.Contains("key-refused"));
    }

    [Fact]
    public async Task AMarkSaveSlowerThanTheThresholdIsLoggedAsASlowWrite()
    {
        // Every reading of the clock moves it on a second, so the save (which stamps its events) takes over 250 ms.
        app.Time.AutoAdvanceAmount = TimeSpan.FromSeconds(1);
        var mark = await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 2));
        app.Time.AutoAdvanceAmount = TimeSpan.Zero;
        var slow = Assert.Single(app.Logs.Named("SlowMarkWrite"));
        Assert.Equal(LogLevel.Warning, slow.Level);
        Assert.Contains($"Saving mark {mark.Id()}", slow.Message);
        Assert.Contains("Marking:SlowWrite is 250 ms", slow.Message);
    }

    [Fact]
    public async Task LockingAModuleLogsItsNamedEventWithTheChiefExpert()
    {
        await t.CompleteModuleAsync(admin, t.ModuleId);
        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Locked", confirm = "P1" }, HttpStatusCode.OK);
        var locked = Assert.Single(app.Logs.Named("ModuleLocked"));
        Assert.Equal(2102, locked.EventId);
        Assert.Contains("Module P1", locked.Message);
        Assert.Contains("by admin", locked.Message);

        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Live", reason = "score sheet mix-up" }, HttpStatusCode.OK);
        Assert.Contains("score sheet mix-up", Assert.Single(app.Logs.Named("ModuleUnlocked")).Message);
    }

    [Fact]
    public async Task SignInsLogTheUserNameButNeverThePasswordOrTheCode()
    {
        var wrong = await Browser().PostAsJsonAsync("/api/account/sign-in", new { userName = "admin", password = "wrong password 42" });
        await wrong.AssertProblem(HttpStatusCode.Unauthorized, "password");
        var failed = Assert.Single(app.Logs.Named("SignInFailed"));
        Assert.Equal(1002, failed.EventId);
        Assert.Contains("admin", failed.Message);

        await Browser().PostOk("/api/account/sign-in", new { userName = "admin", password = AdminPassword }, HttpStatusCode.OK);
        Assert.Contains("admin signed in", Assert.Single(app.Logs.Named("SignedIn")).Message);

        var code = (await admin.PostOk($"/api/judges/{t.Judges[1]}/access-codes", new { }, HttpStatusCode.OK))["code"]!.GetValue<string>();
        await (await Browser().PostAsJsonAsync("/api/account/access-code", new { code = "WRONGCODE" })).AssertProblem(HttpStatusCode.Unauthorized, "code");
        await Browser().PostOk("/api/account/access-code", new { code }, HttpStatusCode.OK);
        Assert.Single(app.Logs.Named("AccessCodeIssued"));
        Assert.Single(app.Logs.Named("AccessCodeFailed"));
        Assert.Equal(2, app.Logs.Named("SignedIn").Count);

        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(AdminPassword) || l.Contains("wrong password 42") || l.Contains(code) || l.Contains("WRONGCODE"));
    }
}
