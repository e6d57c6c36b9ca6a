using Xunit.Sdk;

namespace LiveBoard.Cluster.Tests.Infrastructure;

/// A real Redis and two LiveBoard nodes sharing one SQLite file, in a temp folder that goes away with them.
/// Each node's Http client is signed in as the admin account, which the first node creates on its first start.
public sealed class LiveCluster : IAsyncDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "liveboard-cluster", Guid.NewGuid().ToString("N")[..12]);
    readonly List<LiveViewer> viewers = [];
    public static readonly string AdminPassword = Guid.NewGuid().ToString("N");

    public Redis Redis { get; private set; } = null!;
    public ServerNode A { get; private set; } = null!;
    public ServerNode B { get; private set; } = null!;

    public static async Task<LiveCluster> StartAsync()
    {
        var cluster = new LiveCluster();
        Directory.CreateDirectory(cluster.folder);
        try
        {
            cluster.Redis = await Redis.StartAsync(cluster.folder);
            var settings = new Dictionary<string, string>
            {
                ["ConnectionStrings__LiveBoard"] = $"Data Source={Path.Combine(cluster.folder, "live.db")}",
                ["Storage__DataDirectory"] = cluster.folder,
                ["Accounts__AdminPassword"] = AdminPassword,
                ["Live__Redis"] = cluster.Redis.Configuration,
                ["Live__HeadInterval"] = "00:00:01",
            };
            // One after the other: the first node creates the database, the second finds it migrated.
            cluster.A = await ServerNode.StartAsync("A", cluster.folder, settings);
            cluster.B = await ServerNode.StartAsync("B", cluster.folder, settings);
            await cluster.A.SignInAsync("admin", AdminPassword);
            await cluster.B.SignInAsync("admin", AdminPassword);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task<LiveViewer> ConnectViewerAsync(ServerNode node)
    {
        var viewer = await LiveViewer.ConnectAsync(node.Url);
        viewers.Add(viewer);
        return viewer;
    }

    /// Runs a scenario within a time limit; if it fails, the failure carries the tail of every process log and
    /// every viewer's journal.
    public async Task RunAsync(Func<Task> scenario, TimeSpan limit)
    {
        try
        {
            await scenario().WaitAsync(limit);
        }
        catch (Exception ex)
        {
            throw new XunitException($"{ex.GetType().Name}: {ex.Message}\n\n{Logs()}", ex);
        }
    }

    public string Logs() => string.Join("\n\n", [
        Redis?.Tail() ?? "",
        A?.Tail() ?? "--- node A: not started ---",
        B?.Tail() ?? "--- node B: not started ---",
        .. viewers.Select(v => v.Journal()),
    ]);

    public async ValueTask DisposeAsync()
    {
        foreach (var viewer in viewers) await viewer.DisposeAsync();
        B?.Dispose();
        A?.Dispose();
        Redis?.Dispose();
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }
}
