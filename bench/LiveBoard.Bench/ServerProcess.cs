using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LiveBoard.Bench;

/// A server under test, started through `taskset` on its own core, with its output in a log file.
public sealed class ServerProcess : IAsyncDisposable
{
    readonly Process process;
    public string LogFile { get; }
    public int Pid => process.Id;
    public Uri BaseUri { get; }

    ServerProcess(Process process, string logFile, Uri baseUri)
    {
        this.process = process;
        LogFile = logFile;
        BaseUri = baseUri;
    }

    /// `exec` keeps the pid: taskset replaces the shell and the server replaces taskset, so /proc/<pid> is the server.
    public static ServerProcess Start(string cpus, string command, IReadOnlyList<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, string logFile, Uri baseUri)
    {
        var quoted = string.Join(' ', arguments.Select(Quote));
        var start = new ProcessStartInfo("/bin/bash")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec taskset -c {cpus} {Quote(command)} {quoted} > {Quote(logFile)} 2>&1");
        foreach (var (k, v) in environment) start.Environment[k] = v;
        return new ServerProcess(Process.Start(start)!, logFile, baseUri);
    }

    static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    public async Task WaitReadyAsync(string path, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"server exited with {process.ExitCode}; see {LogFile}");
            try
            {
                using var r = await http.GetAsync(new Uri(BaseUri, path));
                if ((int)r.StatusCode < 500) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"server not ready after {timeout.TotalSeconds} s; see {LogFile}");
    }

    public ProcSample Sample() => ProcSample.Of(Pid);

    bool disposed;

    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// CPU time and resident memory of a process, read from /proc.
public readonly record struct ProcSample(long CpuTicks, long RssKb, long WallTimestamp)
{
    // USER_HZ is 100 on every Linux this runs on.
    const double TicksPerSecond = 100;

    public static ProcSample Of(int pid) => Of($"/proc/{pid}");
    public static ProcSample Self() => Of("/proc/self");

    static ProcSample Of(string dir)
    {
        try
        {
            var stat = File.ReadAllText($"{dir}/stat");
            // The command name may hold spaces; the fields we need come after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var cpu = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            var rss = File.ReadLines($"{dir}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            var kb = long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return new ProcSample(cpu, kb, Stopwatch.GetTimestamp());
        }
        catch (IOException)
        {
            return new ProcSample(0, 0, Stopwatch.GetTimestamp());
        }
    }

    /// Share of one core used between two samples, in percent.
    public static double CpuPercent(ProcSample from, ProcSample to)
    {
        var seconds = Stopwatch.GetElapsedTime(from.WallTimestamp, to.WallTimestamp).TotalSeconds;
        return seconds <= 0 ? 0 : (to.CpuTicks - from.CpuTicks) / TicksPerSecond / seconds * 100;
    }

    public static string CpusAllowed() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?.Split('\t').Last().Trim() ?? "?";
}

/// Samples a process's RSS every half second to find its peak, and its CPU over the same time.
public sealed class ProcWatch : IAsyncDisposable
{
    readonly Func<ProcSample> sample;
    readonly CancellationTokenSource stop = new();
    readonly Task loop;
    public long PeakRssKb { get; private set; }

    public ProcWatch(Func<ProcSample> sample)
    {
        this.sample = sample;
        loop = RunAsync();
    }

    async Task RunAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                PeakRssKb = Math.Max(PeakRssKb, sample().RssKb);
                await Task.Delay(500, stop.Token);
            }
        }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        PeakRssKb = Math.Max(PeakRssKb, sample().RssKb);
        stop.Dispose();
    }
}

public static class Clock
{
    public static long Now => Stopwatch.GetTimestamp();
    public static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
    public static long Micros(long from, long to) => (long)Stopwatch.GetElapsedTime(from, to).TotalMicroseconds;
}

/// Busy time of every core from /proc/stat, to see what else ran on the server's and the generator's cores.
public sealed record CoreTimes(long[] Busy, long[] Total)
{
    public static CoreTimes Read()
    {
        var busy = new List<long>();
        var total = new List<long>();
        foreach (var line in File.ReadLines("/proc/stat"))
        {
            if (!line.StartsWith("cpu", StringComparison.Ordinal) || line.Length < 4 || !char.IsDigit(line[3])) continue;
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            var all = f.Sum();
            total.Add(all);
            busy.Add(all - f[3] - f[4]); // idle and iowait
        }
        return new CoreTimes([.. busy], [.. total]);
    }

    /// "a / b" busy percent per core between two readings.
    public static string Percent(CoreTimes from, CoreTimes to) => string.Join(" / ", from.Busy.Select((_, i) =>
    {
        var t = to.Total[i] - from.Total[i];
        return t <= 0 ? "–" : (100.0 * (to.Busy[i] - from.Busy[i]) / t).ToString("F0", CultureInfo.InvariantCulture);
    }));
}
