using LiveBoard.Server.Data;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace LiveBoard.Server.Tests.Infrastructure;

/// The real server over a fresh SQLite file per instance, with a controllable clock.
public sealed class LiveBoardApp(IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "liveboard-tests", Guid.NewGuid().ToString("N"));

    public CapturedLogs Logs { get; } = new();

    // Starts at the real time: the client's cookie jar judges cookie expiry by the real clock.
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(folder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:LiveBoard", $"Data Source={Path.Combine(folder, "test.db")}");
        builder.UseSetting("Storage:DataDirectory", folder);
        // Generous mark limits unless a test asks otherwise: tests enter marks faster than any judge.
        builder.UseSetting("Limits:MarkBurst", "1000");
        builder.UseSetting("Limits:MarksPerSecond", "1000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        // Everything logged at any level, so tests can check what never reaches a log.
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        builder.ConfigureServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time));
            // Test tokens ("name|roles|judge") when present, else the app's own schemes (cookie, display key).
            services.AddAuthentication("TestOrApp")
                .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.Name, _ => { })
                .AddPolicyScheme("TestOrApp", null, o => o.ForwardDefaultSelector = http =>
                    (http.Request.Headers.Authorization.ToString() + http.Request.Query["access_token"]).Contains('|')
                        ? TestAuthHandler.Name : LiveBoard.Server.Accounts.AccountsSetup.DefaultScheme);
        });
    }

    public async Task<T> WithDb<T>(Func<LiveBoardDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LiveBoardDb>());
    }

    /// A SignalR connection to /hubs/live through the test server, optionally as a test user.
    public HubConnection Hub(string? token = null, string query = "") => new HubConnectionBuilder()
        .WithUrl(new Uri(Server.BaseAddress, "/hubs/live" + query), o =>
        {
            o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
            // The test server has no WebSockets; long polling carries the token in the Authorization header.
            o.Transports = HttpTransportType.LongPolling;
            if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()))
        .Build();

    /// An HTTP client signed in with a test token (admin by default).
    public HttpClient Client(string token = TestAuthHandler.Admin)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    public Task<int> CountMarks() => WithDb(db => db.Marks.CountAsync());

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, true); } catch (IOException) { }
    }
}

/// One logged event: its level, category, id and name (for [LoggerMessage] events), and the formatted line.
public sealed record CapturedLog(LogLevel Level, string Category, int EventId, string? EventName, string Message);

public sealed class CapturedLogs : ILoggerProvider
{
    readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();
    readonly System.Collections.Concurrent.ConcurrentQueue<CapturedLog> entries = new();

    public IReadOnlyCollection<string> Lines => lines;
    public IReadOnlyCollection<CapturedLog> Entries => entries;

    public IReadOnlyList<CapturedLog> Named(string eventName) => [.. entries.Where(e => e.EventName == eventName)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            owner.entries.Enqueue(new CapturedLog(logLevel, category, eventId.Id, eventId.Name, message));
            owner.lines.Enqueue($"{logLevel} {category}: {message} {exception}");
        }
    }
}
