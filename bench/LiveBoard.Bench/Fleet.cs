using HdrHistogram;

namespace LiveBoard.Bench;

/// What one target gave in one round. Null = not measured for this target.
public sealed class TargetResult
{
    public required string Target { get; init; }
    public int Round { get; init; }
    public int Viewers { get; set; }
    public int Connected { get; set; }
    public double ConnectSeconds { get; set; }
    public double MemoryPerViewerKb { get; set; }
    public double IdleCpuPercent { get; set; }
    public int Sent { get; set; }
    public int Accepted { get; set; }
    public double? SubmitP50 { get; set; }
    public double? SubmitP99 { get; set; }
    public double ViewerP50 { get; set; }
    public double ViewerP99 { get; set; }
    public double ViewerP999 { get; set; }
    public double ViewerMax { get; set; }
    public long Samples { get; set; }
    public long NotReached { get; set; }
    public double? DrainSeconds { get; set; }
    public int NotCurrent { get; set; }
    public double ServerCpuPercent { get; set; }
    public double ServerRssMb { get; set; }
    public double GeneratorCpuPercent { get; set; }
    /// Busy % of each core (all processes) over the marking phase: above the server's and generator's own share is someone else.
    public string CoresBusy { get; set; } = "–";
    public bool Valid => GeneratorCpuPercent <= 90;
    public int PayloadBytes { get; set; }
    /// Bytes received per viewer per update during the marking phase (every message, heads and framing included).
    public double WireBytesPerUpdate { get; set; }
    public long Deliveries { get; set; }
    public long Gaps { get; set; }
    public long GapsRepaired { get; set; }
    public long Duplicates { get; set; }
    public long Overlaps { get; set; }
    public long Missed { get; set; }
    public long Reordered { get; set; }
    public long Resubscribes { get; set; }
    public long HeadResubscribes { get; set; }
    public long Errors { get; set; }
    public long Disconnects { get; set; }
    public List<string> Notes { get; } = [];
    // LiveBoard only
    public string? LatencySource { get; set; }
    public int? MedianEventBytes { get; set; }
    public int? PublicEvents { get; set; }
    public int? SnapshotRawBytes { get; set; }
    public int? SnapshotGzipBytes { get; set; }
    public double? LeaderboardRps { get; set; }
    public double? LeaderboardEtagRps { get; set; }
    public double? LeaderboardEtagHitPercent { get; set; }
    public double? StandingsRps { get; set; }
    public double? StormSeconds { get; set; }
    public long? StormErrors { get; set; }
    public int? StormNotCurrent { get; set; }
    public double? StormServerCpuPercent { get; set; }
    public double? StormServerRssMb { get; set; }
    public double? StormGeneratorCpuPercent { get; set; }
    public int? StormMarks { get; set; }
    public double? StormSubmitP50 { get; set; }
    public double? StormSubmitP99 { get; set; }
}

/// The viewers of one target, and the things every target does with them the same way.
public sealed class Fleet(IReadOnlyList<Viewer> viewers)
{
    public IReadOnlyList<Viewer> Viewers => viewers;

    public long BytesReceived => viewers.Sum(v => Interlocked.Read(ref v.BytesReceived));

    /// Connects every viewer, at most `concurrency` at a time; returns how many made it.
    /// The phase every target goes through alike: connect all viewers (timed), then 4 s idle, which gives memory per
    /// viewer and what an idle audience costs (heads, pings). Returns the ping loop, which runs until `stopPings`.
    public async Task<Task> ConnectAndIdleAsync(ServerProcess server, BenchOptions o, TargetResult result, CancellationToken stopPings)
    {
        await Task.Delay(2000);
        var beforeViewers = server.Sample();
        var connectStart = Clock.Now;
        result.Connected = await ConnectAllAsync(o.ConnectConcurrency, TimeSpan.FromMinutes(5));
        result.ConnectSeconds = Clock.Ms(connectStart, Clock.Now) / 1000;
        var pinging = PingLoopAsync(stopPings);
        Console.WriteLine($"[{result.Target} r{result.Round}] {result.Connected}/{o.Viewers} viewers connected in {result.ConnectSeconds:F1} s");
        var idleStart = server.Sample();
        await Task.Delay(4000);
        var idleEnd = server.Sample();
        result.IdleCpuPercent = ProcSample.CpuPercent(idleStart, idleEnd);
        result.MemoryPerViewerKb = (double)(idleEnd.RssKb - beforeViewers.RssKb) / Math.Max(1, o.Viewers);
        return pinging;
    }

    public async Task<int> ConnectAllAsync(int concurrency, TimeSpan timeout)
    {
        using var gate = new SemaphoreSlim(concurrency);
        using var cts = new CancellationTokenSource(timeout);
        var ok = 0;
        await Task.WhenAll(viewers.Select(async v =>
        {
            await gate.WaitAsync();
            try
            {
                await v.ConnectAsync(cts.Token);
                Interlocked.Increment(ref ok);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Interlocked.Increment(ref v.Errors);
                // A viewer that failed to connect keeps trying, as a real one would.
                _ = v.ReconnectAsync();
            }
            finally
            {
                gate.Release();
            }
        }));
        return ok;
    }

    /// Protocol pings every 10 s, spread over the interval, so no server drops a quiet viewer (SignalR's 30 s timeout).
    public async Task PingLoopAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var started = Clock.Now;
                for (var i = 0; i < viewers.Count && !ct.IsCancellationRequested; i++)
                {
                    _ = viewers[i].PingAsync();
                    if (i % 100 == 99) await Task.Delay(Math.Max(1, 10_000 / Math.Max(1, viewers.Count / 100)), ct);
                }
                var left = 10_000 - Clock.Ms(started, Clock.Now);
                if (left > 0) await Task.Delay(TimeSpan.FromMilliseconds(left), ct);
            }
        }
        catch (OperationCanceledException) { }
    }

    /// Waits until every viewer holds `head` or later; returns how many still do not when the time is up.
    public async Task<int> WaitCurrentAsync(long head, TimeSpan timeout)
    {
        var until = Clock.Now + (long)(timeout.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (true)
        {
            var behind = viewers.Count(v => v.Last < head);
            if (behind == 0 || Clock.Now > until) return behind;
            await Task.Delay(50);
        }
    }

    /// The latest moment a viewer first held `head` (for the drain time), or -1 if one never did.
    public long LatestReach(long head)
    {
        long latest = 0;
        foreach (var v in viewers)
        {
            var t = v.ReachedAt(head);
            if (t < 0) return -1;
            latest = Math.Max(latest, t);
        }
        return latest;
    }

    /// Latency of each update (sequence, start time) to every viewer, into one histogram (µs).
    public (LongHistogram Histogram, long NotReached) Latencies(IEnumerable<(long Seq, long Start)> updates)
    {
        var h = new LongHistogram(3_600_000_000L, 3);
        long notReached = 0;
        foreach (var (seq, start) in updates)
            foreach (var v in viewers)
            {
                var t = v.ReachedAt(seq);
                if (t < 0) { notReached++; continue; }
                h.RecordValue(Math.Max(0, Clock.Micros(start, t)));
            }
        return (h, notReached);
    }

    public async Task CloseAllAsync()
    {
        foreach (var v in viewers) v.Stopping = true;
        await Task.WhenAll(viewers.Select(v => v.CloseAsync()));
    }
}

public static class Histograms
{
    public static double Ms(this LongHistogram h, double percentile) => h.TotalCount == 0 ? double.NaN : h.GetValueAtPercentile(percentile) / 1000.0;
    public static double MaxMs(this LongHistogram h) => h.TotalCount == 0 ? double.NaN : h.GetMaxValue() / 1000.0;
}
