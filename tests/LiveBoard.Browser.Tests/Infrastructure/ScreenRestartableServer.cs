using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace LiveBoard.Browser.Tests.Infrastructure;

/// The server as a child process (`dotnet LiveBoard.Server.dll --urls …`), so a test can kill it under connected screens
/// and start it again on the same port with the same database, as a venue's server restarts. LiveBoardServer cannot:
/// WebApplicationFactory listens on a port the OS picks and does not start twice.
public sealed class ScreenRestartableServer : IAsyncDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "liveboard-browser-tests", Guid.NewGuid().ToString("N"));
    readonly string adminPassword = Guid.NewGuid().ToString("N");
    readonly int port = FreePort();
    Process? process;
    readonly List<string> output = [];

    public Uri BaseAddress => new($"http://127.0.0.1:{port}/");

    /// The server's last lines, for a failure message.
    public string Output { get { lock (output) return string.Join('\n', output.TakeLast(40)); } }

    public async Task StartAsync(TimeSpan? timeout = null)
    {
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "LiveBoard.Server.dll"), "--urls", BaseAddress.ToString().TrimEnd('/')])
        {
            // The pages come through the static web assets manifest next to the server's assembly, from any working directory.
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__LiveBoard"] = $"Data Source={Path.Combine(folder, "screen.db")}";
        start.Environment["Storage__DataDirectory"] = folder;
        start.Environment["Accounts__AdminPassword"] = adminPassword;
        start.Environment["Live__HeadInterval"] = "00:00:00.5";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"the server exited with {process.ExitCode}:\n{Output}");
            try
            {
                if ((await probe.GetAsync("/api/series")).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the server did not answer on {BaseAddress}:\n{Output}");
    }

    /// Kills the server as a crash or a power cut would: no graceful shutdown, connections just drop.
    public async Task KillAsync()
    {
        if (process is null) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
    }

    /// A client signed in as the admin. Sign in again after a restart: the server's cookie keys may not survive it.
    public async Task<HttpClient> CreateAdminClientAsync()
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };
        await http.PostOk("/api/account/sign-in", new { userName = "admin", password = adminPassword }, HttpStatusCode.OK);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, true); } catch (IOException) { }
    }

    void Keep(string? line)
    {
        if (line is null) return;
        lock (output) output.Add(line);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// The dotnet host that runs this test (so the server runs on the same runtime), or the one on the PATH.
    static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
