using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBoard.Browser.Tests.Infrastructure;

/// The real server on a real Kestrel port (a browser cannot reach the in-memory test server), over a fresh SQLite file,
/// with the real clock: heads are driven by a timer, and pages show wall-clock times.
public sealed class LiveBoardServer : WebApplicationFactory<Program>
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "liveboard-browser-tests", Guid.NewGuid().ToString("N"));
    readonly string adminPassword = Guid.NewGuid().ToString("N");

    public LiveBoardServer() =>
        // Port 0: the OS picks a free one, so parallel test runs never collide.
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    /// Where the browser finds the server, e.g. http://127.0.0.1:41234/.
    public Uri BaseAddress { get; private set; } = null!;

    public void Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    /// A client of the real port signed in as the admin, as an organiser's tool would be (the sign-in cookie rides along).
    public async Task<HttpClient> CreateAdminClientAsync()
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };
        await http.PostOk("/api/account/sign-in", new { userName = "admin", password = adminPassword }, HttpStatusCode.OK);
        return http;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(folder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:LiveBoard", $"Data Source={Path.Combine(folder, "browser.db")}");
        builder.UseSetting("Storage:DataDirectory", folder);
        // The admin account created on first start gets this password instead of a generated one.
        builder.UseSetting("Accounts:AdminPassword", adminPassword);
        // Heads every half second: a lost push is found quickly, which keeps the gap test short.
        builder.UseSetting("Live:HeadInterval", "00:00:00.5");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, true); } catch (IOException) { }
    }
}
