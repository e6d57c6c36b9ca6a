using LiveBoard.Server.Tests.Infrastructure;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;

namespace LiveBoard.Cluster.Tests.Infrastructure;

/// One LiveBoard server process: Kestrel on a free loopback port, run from the server's build output.
public sealed class ServerNode : IDisposable
{
    readonly LoggedProcess process;

    public string Name { get; }
    public Uri Url { get; }
    public HttpClient Http { get; }
    public bool HasExited => process.HasExited;

    ServerNode(string name, Uri url, LoggedProcess process)
    {
        Name = name;
        Url = url;
        this.process = process;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// The server built for this test run's configuration (Debug or Release), see LiveBoard.Cluster.Tests.csproj.
    static string ServerAssembly
    {
        get
        {
            var path = typeof(ServerNode).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ServerAssembly").Value!;
            return File.Exists(path) ? path : throw new FileNotFoundException($"LiveBoard.Server is not built at {path}", path);
        }
    }

    /// Starts the server built for this test run, or the one at assembly (a published copy), in workingDirectory (by default
    /// the assembly's folder). Settings are environment variables; ASPNETCORE_ENVIRONMENT is Development unless they say.
    public static async Task<ServerNode> StartAsync(string name, string folder, IReadOnlyDictionary<string, string> settings,
        string? assembly = null, string? workingDirectory = null)
    {
        assembly ??= ServerAssembly;
        var url = new Uri($"http://127.0.0.1:{Loopback.FreePort()}");
        var environment = new Dictionary<string, string>(settings);
        environment.TryAdd("ASPNETCORE_ENVIRONMENT", "Development");
        var process = LoggedProcess.Start("dotnet", [assembly, "--urls", url.ToString().TrimEnd('/')],
            Path.Combine(folder, $"node-{name}.log"), workingDirectory ?? Path.GetDirectoryName(assembly), environment);
        var node = new ServerNode(name, url, process);
        try
        {
            await node.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
            return node;
        }
        catch
        {
            node.Dispose();
            throw;
        }
    }

    async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"Node {Name} exited during start\n{Tail()}");
            if (waited.Elapsed > timeout) throw new TimeoutException($"Node {Name} did not answer GET /api/status within {timeout}\n{Tail()}");
            try
            {
                using var status = await Http.GetAsync("/api/status");
                if (status.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
    }

    /// Signs Http in (a cookie), as an organiser would before setting up a competition.
    public async Task SignInAsync(string userName, string password)
    {
        using var response = await Http.PostAsJsonAsync("/api/account/sign-in", new { userName, password });
        await response.Json(HttpStatusCode.OK);
    }

    public string Tail(int lines = 40) => process.Tail(lines);

    public void Dispose()
    {
        Http.Dispose();
        process.Dispose();
    }
}
