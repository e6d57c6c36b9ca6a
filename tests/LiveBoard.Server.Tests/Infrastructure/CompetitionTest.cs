namespace LiveBoard.Server.Tests.Infrastructure;

/// A fresh server (its own SQLite file) holding the small test competition, built through the API before each test
/// and thrown away after it. `admin` is an HTTP client signed in as an admin.
public abstract class CompetitionTest(IReadOnlyDictionary<string, string>? settings = null) : IAsyncLifetime
{
    protected readonly LiveBoardApp app = new(settings);
    protected HttpClient admin = null!;
    protected TestCompetition t = null!;

    public virtual async Task InitializeAsync()
    {
        admin = app.Client();
        t = await TestCompetition.CreateAsync(admin);
    }

    public virtual Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }
}
