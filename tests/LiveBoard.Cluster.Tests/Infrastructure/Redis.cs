using System.Diagnostics;

namespace LiveBoard.Cluster.Tests.Infrastructure;

/// A private redis-server on a free loopback port, without persistence: the backplane, to kill and bring back.
public sealed class Redis : IDisposable
{
    readonly string folder;
    LoggedProcess? process;
    int starts;

    public int Port { get; } = Loopback.FreePort();
    public string Configuration => $"127.0.0.1:{Port}";

    Redis(string folder) => this.folder = folder;

    public static async Task<Redis> StartAsync(string folder)
    {
        var redis = new Redis(folder);
        await redis.RestartAsync();
        return redis;
    }

    /// Starts (again) on the same port, so the nodes' clients find it where they left it.
    public async Task RestartAsync()
    {
        Kill();
        process?.Dispose();
        process = LoggedProcess.Start("redis-server",
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder],
            Path.Combine(folder, $"redis-{++starts}.log"), workingDirectory: folder);
        var deadline = Stopwatch.StartNew();
        while (await TryCommandAsync("PING") != "PONG")
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
                throw new InvalidOperationException($"redis-server did not answer PING on port {Port}\n{Tail()}");
            await Task.Delay(50);
        }
    }

    /// SIGKILL: the nodes' connections drop at once and whatever they publish meanwhile is lost.
    public void Kill() => process?.Kill();

    /// Runs one command through redis-cli and returns its raw output, or null if Redis does not answer.
    public async Task<string?> TryCommandAsync(params string[] command)
    {
        var info = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-h", "127.0.0.1", "-p", Port.ToString(), .. command]) info.ArgumentList.Add(a);
        using var cli = Process.Start(info)!;
        var output = await cli.StandardOutput.ReadToEndAsync();
        await cli.WaitForExitAsync();
        return cli.ExitCode == 0 && !output.StartsWith("Could not connect", StringComparison.Ordinal) ? output.Trim() : null;
    }

    /// How many connections subscribe to each pub/sub channel matching the pattern (PUBSUB CHANNELS + NUMSUB).
    public async Task<IReadOnlyDictionary<string, int>> SubscribersAsync(string pattern)
    {
        var channels = (await TryCommandAsync("PUBSUB", "CHANNELS", pattern))?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (channels.Length == 0) return new Dictionary<string, int>();
        var counts = (await TryCommandAsync(["PUBSUB", "NUMSUB", .. channels]))?.Split('\n') ?? [];
        var result = new Dictionary<string, int>();
        for (var i = 0; i + 1 < counts.Length; i += 2) result[counts[i]] = int.Parse(counts[i + 1]);
        return result;
    }

    public string Tail(int lines = 20) => process?.Tail(lines) ?? "--- redis: never started ---";

    public void Dispose() => process?.Dispose();
}
