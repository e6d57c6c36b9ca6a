using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;

namespace LiveBoard.Bench;

/// One round against LiveBoard: a fresh server and database, N viewers, judges marking at the set rate; then the
/// new-viewer snapshot, GETs of the data sources under load, and the reconnect storm.
public static class LiveBoardRun
{
    /// Marks (or triggers) sent before the measured phase.
    public const int WarmUp = 3;

    public static async Task<(TargetResult Result, byte[]? MedianEvent)> RunAsync(BenchOptions o, int round, string workDir)
    {
        var result = new TargetResult { Target = "liveboard", Round = round, Viewers = o.Viewers };
        var port = ServerProcess.FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}");
        var data = Path.Combine(workDir, $"liveboard-data-{round}");
        Directory.CreateDirectory(data);
        var env = new Dictionary<string, string>
        {
            ["Storage__DataDirectory"] = data,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // The judges' rate limit (5/s per judge) is a guard against scripts; the benchmark sets its own rate.
            ["Limits__MarksPerSecond"] = "100000",
            ["Limits__MarkBurst"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        await using var server = ServerProcess.Start(o.ServerCpus, "dotnet", [o.ServerDll, "--demo", "--urls", baseUri.ToString().TrimEnd('/')],
            workDir, env, Path.Combine(workDir, $"liveboard-{round}.log"), baseUri);
        await server.WaitReadyAsync("/api/competitions", TimeSpan.FromMinutes(3));
        Console.WriteLine($"[liveboard r{round}] server up on {baseUri} (pid {server.Pid})");

        var plan = await MarkingPlan.PrepareAsync(baseUri, o, seed: round);
        var channel = $"competition:{plan.CompetitionId}";
        result.Notes.Add($"competition {plan.CompetitionId} ({plan.Trade}), selection stage {plan.StageId} of {plan.StageSize} competitors, " +
                         $"{plan.JudgeClients.Count} judges, {plan.Cells.Count} cells to mark");
        Console.WriteLine($"[liveboard r{round}] {result.Notes[^1]}");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(60) };
        var context = new LiveContext(baseUri, channel, http);
        var viewers = Enumerable.Range(0, o.Viewers).Select(i => new LiveViewer(context, probe: i == 0)).ToList();
        var fleet = new Fleet(viewers);

        using var pingStop = new CancellationTokenSource();
        var pinging = await fleet.ConnectAndIdleAsync(server, o, result, pingStop.Token);

        // Warm-up: a few marks first, as the references get a few triggers, so no target's first message pays for its JIT.
        var submitter = new MarkSubmitter(plan, $"{DateTime.UtcNow:HHmmss}-{round}");
        await submitter.RunAsync(o.Rate, TimeSpan.FromSeconds(WarmUp / o.Rate));
        await submitter.TakeResultsAsync();
        await Task.Delay(1000);

        // Marking.
        var (headBefore, _, _) = await SnapshotAsync(context);
        var bytesBefore = fleet.BytesReceived;
        long headAfter;
        var serverStart = server.Sample();
        var selfStart = ProcSample.Self();
        var coresStart = CoreTimes.Read();
        long lastMarkEnd;
        List<MarkSample> marks;
        await using (var watch = new ProcWatch(server.Sample))
        {
            await submitter.RunAsync(o.Rate, o.Duration);
            marks = await submitter.TakeResultsAsync();
            lastMarkEnd = marks.Count == 0 ? Clock.Now : marks.Max(m => m.End);
            result.ServerCpuPercent = ProcSample.CpuPercent(serverStart, server.Sample());
            result.GeneratorCpuPercent = ProcSample.CpuPercent(selfStart, ProcSample.Self());
            result.CoresBusy = CoreTimes.Percent(coresStart, CoreTimes.Read());
            result.ServerRssMb = watch.PeakRssKb / 1024.0;

            // A new viewer's snapshot; its head is the head after the last mark.
            await Task.Delay(300);
            var (head, raw, gzip) = await SnapshotAsync(context);
            headAfter = head;
            result.WireBytesPerUpdate = (double)(fleet.BytesReceived - bytesBefore) / Math.Max(1, o.Viewers) / Math.Max(1, headAfter - headBefore);
            result.SnapshotRawBytes = raw;
            result.SnapshotGzipBytes = gzip;
            result.NotCurrent = await fleet.WaitCurrentAsync(head, TimeSpan.FromSeconds(60));
            var reached = fleet.LatestReach(head);
            result.DrainSeconds = reached < 0 ? null : Math.Max(0, Clock.Ms(lastMarkEnd, reached) / 1000);
        }
        if (submitter.Exhausted) result.Notes.Add("ran out of cells to mark before the end of the marking phase");
        if (submitter.Corrections > 0) result.Notes.Add($"{submitter.Corrections} of the submissions were corrections: every cell was marked, and the judges went round again correcting their own marks");
        var exhaustedEarly = submitter.Exhausted;

        var accepted = marks.Where(m => m.Status is 200 or 201).ToList();
        result.Sent = marks.Count;
        result.Accepted = accepted.Count;
        var refused = marks.Where(m => m.Status is not (200 or 201)).GroupBy(m => m.Status).Select(g => $"{g.Count()}× HTTP {g.Key}").ToList();
        if (refused.Count > 0) result.Notes.Add("refused marks: " + string.Join(", ", refused));
        (result.SubmitP50, result.SubmitP99) = MarkSubmitter.SubmitLatency(accepted);

        // Which public seq shows each mark (see bench/README.md). With the LiveBoard-Public-Seq header: that seq, unless the
        // event there is older than the mark (the mark changed nothing public). Without it: each public event of the
        // marking phase belongs to the latest mark recorded at or before the event's `at`; a mark with none changed nothing public.
        var updates = new List<(long Seq, long Start)>();
        var fromHeader = accepted.Count(m => m.PublicSeqHeader is not null);
        var noPublicEvent = 0;
        var events = context.AtBySeq.Where(kv => kv.Key > headBefore && kv.Key <= headAfter).OrderBy(kv => kv.Key).ToList();
        var byRecordedAt = accepted.Where(m => m.PublicSeqHeader is null && m.RecordedAt is not null).OrderBy(m => m.RecordedAt).ToList();
        var fallback = new Dictionary<MarkSample, long>();
        foreach (var (seq, at) in events)
        {
            var owner = byRecordedAt.LastOrDefault(m => m.RecordedAt <= at);
            if (owner is not null) fallback[owner] = Math.Max(fallback.GetValueOrDefault(owner), seq);
        }
        foreach (var m in accepted)
        {
            if (m.PublicSeqHeader is { } n)
            {
                if (context.AtBySeq.TryGetValue(n, out var at) && at < m.RecordedAt) noPublicEvent++;
                else updates.Add((n, m.Start));
            }
            // A server that sends the header sends it for every mark the public sees: one without it changed nothing public.
            else if (fromHeader == 0 && fallback.TryGetValue(m, out var seq)) updates.Add((seq, m.Start));
            else noPublicEvent++;
        }
        if (noPublicEvent > 0) result.Notes.Add($"{noPublicEvent} of {accepted.Count} accepted marks changed nothing public (no event; left out of the viewer latency)");
        result.LatencySource = fromHeader == accepted.Count ? "LiveBoard-Public-Seq header"
            : fromHeader == 0 ? "public event by `at` ≥ recordedAt (no header)" : $"LiveBoard-Public-Seq header ({fromHeader}/{accepted.Count} marks changed something public)";
        var (histogram, notReached) = fleet.Latencies(updates);
        result.NotReached += notReached;
        result.Samples = histogram.TotalCount;
        result.ViewerP50 = histogram.Ms(50);
        result.ViewerP99 = histogram.Ms(99);
        result.ViewerP999 = histogram.Ms(99.9);
        result.ViewerMax = histogram.MaxMs();

        // The median public event pushed during marking: its size, and its bytes for the references.
        var pushed = context.EventBytes.Values.OrderBy(b => b.Length).ToList();
        byte[]? median = pushed.Count > 0 ? pushed[pushed.Count / 2] : null;
        result.MedianEventBytes = median?.Length;
        // Kept with the logs: the references carry these bytes.
        if (median is not null) await File.WriteAllBytesAsync(Path.Combine(workDir, $"median-event-r{round}.json"), median);
        result.PublicEvents = (int)(headAfter - headBefore);
        result.PayloadBytes = median?.Length ?? 0;
        Collect(result, viewers);

        if (o.HttpSeconds > 0)
        {
            Console.WriteLine($"[liveboard r{round}] GETs under load ({o.HttpSeconds} s each)");
            var marking = submitter.RunAsync(o.Rate, TimeSpan.FromSeconds(o.HttpSeconds * 3 + 1));
            var board = $"/api/data/competitions/{plan.CompetitionId}/leaderboard.json?stage={plan.StageId}";
            (result.LeaderboardRps, _) = await HttpLoadAsync(baseUri, board, false, o);
            (result.LeaderboardEtagRps, result.LeaderboardEtagHitPercent) = await HttpLoadAsync(baseUri, board, true, o);
            (result.StandingsRps, _) = await HttpLoadAsync(baseUri, $"/api/competitions/{plan.CompetitionId}/stages/{plan.StageId}/standings", false, o);
            await marking;
            await submitter.TakeResultsAsync();
        }

        if (o.Storm)
        {
            Console.WriteLine($"[liveboard r{round}] reconnect storm: {o.Viewers} viewers drop for {o.StormDown.TotalSeconds} s");
            using var stormStop = new CancellationTokenSource();
            var marking = submitter.RunAsync(o.Rate, TimeSpan.FromMinutes(10), stormStop.Token);
            await Task.Delay(1000);
            var errorsBefore = viewers.Sum(v => (long)v.Errors);
            await Task.WhenAll(viewers.Select(v => v.CloseAsync()));
            await Task.Delay(o.StormDown);
            var (headAtReturn, _, _) = await SnapshotAsync(context);
            var stormServer = server.Sample();
            var stormSelf = ProcSample.Self();
            var stormStart = Clock.Now;
            await using (var watch = new ProcWatch(server.Sample))
            {
                // Each viewer comes back as a real one would: its first try after the same full jitter as rule 5.
                foreach (var v in viewers)
                {
                    v.Stopping = false;
                    _ = v.ReconnectAsync();
                }
                result.StormNotCurrent = await fleet.WaitCurrentAsync(headAtReturn, TimeSpan.FromSeconds(120));
                result.StormSeconds = Clock.Ms(stormStart, Clock.Now) / 1000;
                result.StormServerCpuPercent = ProcSample.CpuPercent(stormServer, server.Sample());
                result.StormGeneratorCpuPercent = ProcSample.CpuPercent(stormSelf, ProcSample.Self());
                result.StormServerRssMb = watch.PeakRssKb / 1024.0;
            }
            result.StormErrors = viewers.Sum(v => (long)v.Errors) - errorsBefore;
            await stormStop.CancelAsync();
            await marking;
            var stormMarks = await submitter.TakeResultsAsync();
            result.StormMarks = stormMarks.Count(m => m.Status is 200 or 201);
            (result.StormSubmitP50, result.StormSubmitP99) = MarkSubmitter.SubmitLatency(stormMarks.Where(m => m.Status is 200 or 201));
        }

        if (submitter.Exhausted && !exhaustedEarly) result.Notes.Add("ran out of cells to mark: marking stopped before the end of the GET phases or the storm");
        await pingStop.CancelAsync();
        await pinging;
        await fleet.CloseAllAsync();
        await server.DisposeAsync();
        // The database is only this round's; the server log stays for reading.
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        return (result, median);
    }

    static void Collect(TargetResult r, List<LiveViewer> viewers)
    {
        r.Deliveries = viewers.Sum(v => v.Deliveries);
        r.Gaps = viewers.Sum(v => v.Gaps);
        r.GapsRepaired = viewers.Sum(v => v.GapsRepaired);
        r.Duplicates = viewers.Sum(v => v.Duplicates);
        r.Overlaps = viewers.Sum(v => v.Overlaps);
        r.Resubscribes = viewers.Sum(v => v.Subscribes - v.Connects);
        r.HeadResubscribes = viewers.Sum(v => v.HeadResubscribes);
        r.Errors = viewers.Sum(v => (long)v.Errors);
        r.Disconnects = viewers.Sum(v => (long)v.Disconnects);
    }

    /// A new viewer: subscribes with null and measures the reply (the snapshot) raw and gzipped; returns the head too.
    static async Task<(long Head, int Raw, int Gzip)> SnapshotAsync(LiveContext context)
    {
        var probe = new LiveViewer(context, probe: true);
        await probe.ConnectAsync(CancellationToken.None);
        var reply = probe.LastReply ?? [];
        await probe.CloseAsync();
        using var compressed = new MemoryStream();
        await using (var gz = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(reply);
        return (probe.Last, reply.Length, (int)compressed.Length);
    }

    /// Requests per second of one GET with `--http-concurrency` clients; with ETags, each client sends the ETag it last got.
    static async Task<(double Rps, double? HitPercent)> HttpLoadAsync(Uri baseUri, string path, bool etags, BenchOptions o)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.HttpConcurrency, AutomaticDecompression = DecompressionMethods.None })
            { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        long ok = 0, notModified = 0, failed = 0;
        var start = Clock.Now;
        var until = start + (long)(o.HttpSeconds * System.Diagnostics.Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, o.HttpConcurrency).Select(async _ =>
        {
            string? etag = null;
            while (Clock.Now < until)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (etags && etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
                try
                {
                    using var r = await http.SendAsync(request);
                    await r.Content.CopyToAsync(Stream.Null);
                    if (r.StatusCode == HttpStatusCode.NotModified) Interlocked.Increment(ref notModified);
                    else if (r.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref ok);
                        etag = r.Headers.ETag?.ToString();
                    }
                    else Interlocked.Increment(ref failed);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        var seconds = Clock.Ms(start, Clock.Now) / 1000;
        var total = ok + notModified;
        return (total / seconds, etags && total > 0 ? 100.0 * notModified / total : null);
    }
}
