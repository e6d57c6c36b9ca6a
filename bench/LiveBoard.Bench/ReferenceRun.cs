using System.Text;

namespace LiveBoard.Bench;

/// One round against a reference (raw WebSocket, plain SignalR hub, socket.io): the same viewers, rate and payload
/// bytes; the trigger (POST /send) stamps the start, so latency = trigger → receipt.
public static class ReferenceRun
{
    public static async Task<TargetResult> RunAsync(BenchOptions o, string target, int round, string workDir, byte[] payload)
    {
        var result = new TargetResult { Target = target, Round = round, Viewers = o.Viewers, PayloadBytes = payload.Length };
        var port = ServerProcess.FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}");
        var log = Path.Combine(workDir, $"{target}-{round}.log");
        var env = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" };
        await using var server = target switch
        {
            "socketio" => ServerProcess.Start(o.ServerCpus, "node", [Path.Combine(o.SocketIoDir, "server.js"), port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                o.SocketIoDir, env, log, baseUri),
            _ => ServerProcess.Start(o.ServerCpus, "dotnet", [o.ReferencesDll, "--mode", target == "signalr" ? "signalr" : "raw", "--urls", baseUri.ToString().TrimEnd('/')],
                workDir, env, log, baseUri),
        };
        await server.WaitReadyAsync("/ready", TimeSpan.FromMinutes(1));
        Console.WriteLine($"[{target} r{round}] server up on {baseUri} (pid {server.Pid})");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
        var kind = target switch { "raw-ws" => RefKind.RawWebSocket, "signalr" => RefKind.SignalR, _ => RefKind.SocketIo };
        var viewers = Enumerable.Range(0, o.Viewers).Select(_ => new RefViewer(kind, baseUri, http)).ToList();
        var fleet = new Fleet(viewers);

        using var pingStop = new CancellationTokenSource();
        var pinging = await fleet.ConnectAndIdleAsync(server, o, result, pingStop.Token);

        // The payload with the trigger's seq in front: {"seq":N, …the rest of the captured event…}.
        var tail = WithoutSeq(payload);
        // Warm-up, as LiveBoard gets a few marks first: seq 0, which viewers skip.
        for (var w = 0; w < LiveBoardRun.WarmUp; w++)
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"seq\":0").Concat(tail).ToArray());
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var r = await http.PostAsync("/send", content);
            await Task.Delay(TimeSpan.FromSeconds(1 / o.Rate));
        }
        await Task.Delay(1000);
        var count = (int)Math.Round(o.Rate * o.Duration.TotalSeconds);
        var starts = new long[count + 1];
        var sends = new List<Task<bool>>();
        var serverStart = server.Sample();
        var selfStart = ProcSample.Self();
        var coresStart = CoreTimes.Read();
        var bytesBefore = fleet.BytesReceived;
        await using (var watch = new ProcWatch(server.Sample))
        {
            var t0 = Clock.Now;
            for (var k = 1; k <= count; k++)
            {
                var due = (k - 1) / o.Rate * 1000 - Clock.Ms(t0, Clock.Now);
                if (due > 0) await Task.Delay(TimeSpan.FromMilliseconds(due));
                var body = Encoding.UTF8.GetBytes($"{{\"seq\":{k}").Concat(tail).ToArray();
                var seq = k;
                sends.Add(Task.Run(async () =>
                {
                    starts[seq] = Clock.Now;
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                    try
                    {
                        using var r = await http.PostAsync("/send", content);
                        return r.IsSuccessStatusCode;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { return false; }
                }));
            }
            var oks = await Task.WhenAll(sends);
            result.Sent = count;
            result.Accepted = oks.Count(ok => ok);
            result.ServerCpuPercent = ProcSample.CpuPercent(serverStart, server.Sample());
            result.GeneratorCpuPercent = ProcSample.CpuPercent(selfStart, ProcSample.Self());
            result.CoresBusy = CoreTimes.Percent(coresStart, CoreTimes.Read());
            result.NotCurrent = await fleet.WaitCurrentAsync(count, TimeSpan.FromSeconds(60));
            result.ServerRssMb = watch.PeakRssKb / 1024.0;
            // Triggers can overtake each other: the drain ends when the last of all of them arrived.
            var reaches = Enumerable.Range(1, count).Select(k => fleet.LatestReach(k)).ToList();
            var reached = reaches.Count == 0 || reaches.Any(t => t < 0) ? -1 : reaches.Max();
            var lastTrigger = starts.Max();
            result.DrainSeconds = reached < 0 ? null : Math.Max(0, Clock.Ms(lastTrigger, reached) / 1000);
            result.WireBytesPerUpdate = (double)(fleet.BytesReceived - bytesBefore) / Math.Max(1, o.Viewers) / Math.Max(1, count);
        }
        var (histogram, notReached) = fleet.Latencies(Enumerable.Range(1, count).Select(k => ((long)k, starts[k])));
        result.NotReached = notReached;
        result.Samples = histogram.TotalCount;
        result.ViewerP50 = histogram.Ms(50);
        result.ViewerP99 = histogram.Ms(99);
        result.ViewerP999 = histogram.Ms(99.9);
        result.ViewerMax = histogram.MaxMs();
        result.LatencySource = "POST /send → receipt";
        result.Deliveries = viewers.Sum(v => v.Deliveries);
        result.Missed = viewers.Sum(v => v.MissedOf(count));
        result.Reordered = viewers.Sum(v => v.Reordered);
        result.Duplicates = viewers.Sum(v => v.Duplicates);
        result.Errors = viewers.Sum(v => (long)v.Errors);
        result.Disconnects = viewers.Sum(v => (long)v.Disconnects);

        await pingStop.CancelAsync();
        await pinging;
        await fleet.CloseAllAsync();
        return result;
    }

    /// The captured event from after its opening brace, with its own "seq" removed, so `{"seq":N` + this is the same size.
    static byte[] WithoutSeq(byte[] payload)
    {
        var text = Encoding.UTF8.GetString(payload);
        text = new System.Text.RegularExpressions.Regex("\"seq\":\\d+,", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)).Replace(text, "", 1);
        var rest = text.TrimStart().TrimStart('{');
        return Encoding.UTF8.GetBytes(rest.StartsWith('}') ? rest : "," + rest);
    }

    /// A representative payload of the given size when LiveBoard did not run first: a standings-like row list.
    public static byte[] Representative(int bytes)
    {
        var sb = new StringBuilder("{\"channel\":\"competition:2\",\"seq\":1,\"type\":\"standings\",\"id\":\"5\",\"at\":\"2026-06-12T01:02:03+00:00\",\"token\":4711,\"data\":{\"rows\":[");
        var i = 0;
        while (sb.Length < bytes - 40)
            sb.Append(i++ == 0 ? "" : ",").Append("{\"rank\":").Append(i).Append(",\"bib\":\"CNC-").Append(i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).Append("\",\"total\":71.25}");
        sb.Append("],\"pad\":\"");
        while (sb.Length < bytes - 3) sb.Append('x');
        sb.Append("\"}}");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
