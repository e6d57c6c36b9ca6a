using LiveBoard.Server.Tests.Infrastructure;

namespace LiveBoard.Server.Tests.Hosting;

public class OptionsTests
{
    [Theory]
    [InlineData("Live:MaxReplay", "0")]
    [InlineData("Live:HeadInterval", "00:00:00")]
    [InlineData("Simulator:Interval", "-00:00:01")]
    [InlineData("Limits:MarkBurst", "0")]
    [InlineData("Limits:SignInLockout", "00:00:00")]
    [InlineData("Marking:SlowWrite", "00:00:00")]
    [InlineData("Accounts:AdminPassword", "short")]
    [InlineData("Telemetry:ScrapeToken", "too-short-to-be-a-secret")]
    public void ABadSettingStopsTheAppWithAMessageNamingIt(string setting, string value)
    {
        using var app = new LiveBoardApp(new Dictionary<string, string> { [setting] = value });
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("OptionsValidationException", error.ToString());
        Assert.Contains(setting, error.ToString());
    }

    [Fact]
    public void TheDefaultsStart()
    {
        using var app = new LiveBoardApp();
        app.CreateClient();
    }
}
