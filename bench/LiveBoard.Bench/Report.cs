using System.Globalization;
using System.Text;

namespace LiveBoard.Bench;

/// The results as markdown: machine, command and parameters first, then one row per target and round.
public static class Report
{
    public static string Line(TargetResult r) =>
        $"[{r.Target} r{r.Round}] viewer p50/p99/p99.9 {F(r.ViewerP50)}/{F(r.ViewerP99)}/{F(r.ViewerP999)} ms, server CPU {F(r.ServerCpuPercent, 0)} %, " +
        $"generator CPU {F(r.GeneratorCpuPercent, 0)} %{(r.Valid ? "" : " INVALID")}";

    public static string Markdown(BenchOptions o, DateTimeOffset startedAt, IReadOnlyList<TargetResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# LiveBoard benchmark, {startedAt:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        sb.AppendLine($"- machine: {Machine()}");
        sb.AppendLine($"- command: `{o.Command}`");
        sb.AppendLine($"- parameters: {o.Viewers} viewers × {F(o.Rate, 1)} marks/s × {F(o.Duration.TotalSeconds, 0)} s, {o.Rounds} round(s), targets {string.Join(", ", o.Targets)} " +
                      $"(run one after another in this order each round); servers on cpu {o.ServerCpus} (`taskset`), generator on cpu {ProcSample.CpusAllowed()}; " +
                      $"LiveBoard with `--demo`, a fresh database per round, `Limits:MarksPerSecond`/`MarkBurst` raised to 100000 so the judges' rate limit does not shape the run");
        var git = Git();
        if (git is not null) sb.AppendLine($"- LiveBoard commit: {git}");
        sb.AppendLine();
        sb.AppendLine("## Fan-out (one row per target and round)");
        sb.AppendLine();
        sb.AppendLine("| target | round | payload B | wire B/update | viewers ok | connect s | KB/viewer idle | idle CPU % | sent/ok | submit p50/p99 ms | viewer p50 / p99 / p99.9 / max ms | drain s | not current | server CPU % | server RSS MB | gen CPU % | cores busy % (all processes) | valid |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in results)
            sb.AppendLine($"| {r.Target} | {r.Round} | {r.PayloadBytes} | {F(r.WireBytesPerUpdate, 0)} | {r.Connected}/{r.Viewers} | {F(r.ConnectSeconds, 1)} | {F(r.MemoryPerViewerKb, 1)} | {F(r.IdleCpuPercent, 0)} | " +
                          $"{r.Sent}/{r.Accepted} | {(r.SubmitP50 is null ? "–" : $"{F(r.SubmitP50)} / {F(r.SubmitP99)}")} | " +
                          $"{F(r.ViewerP50)} / {F(r.ViewerP99)} / {F(r.ViewerP999)} / {F(r.ViewerMax)} | {F(r.DrainSeconds, 2)} | {r.NotCurrent} | {F(r.ServerCpuPercent, 0)} | {F(r.ServerRssMb, 0)} | " +
                          $"{F(r.GeneratorCpuPercent, 0)} | {r.CoresBusy} | {(r.Valid ? "yes" : "**INVALID**")} |");
        if (o.Rounds > 1)
        {
            sb.AppendLine();
            sb.AppendLine("Medians over rounds:");
            sb.AppendLine();
            sb.AppendLine("| target | viewer p50 / p99 / p99.9 ms | submit p50 / p99 ms | server CPU % | connect s | KB/viewer | drain s |");
            sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
            foreach (var g in results.GroupBy(r => r.Target))
            {
                double M(Func<TargetResult, double?> f) => Median(g.Select(f));
                sb.AppendLine($"| {g.Key} | {F(M(r => r.ViewerP50))} / {F(M(r => r.ViewerP99))} / {F(M(r => r.ViewerP999))} | " +
                              $"{(g.Key == "liveboard" ? $"{F(M(r => r.SubmitP50))} / {F(M(r => r.SubmitP99))}" : "–")} | {F(M(r => r.ServerCpuPercent), 0)} | " +
                              $"{F(M(r => r.ConnectSeconds), 1)} | {F(M(r => r.MemoryPerViewerKb), 1)} | {F(M(r => r.DrainSeconds), 2)} |");
            }
        }
        sb.AppendLine();
        sb.AppendLine("## What the viewers counted");
        sb.AppendLine();
        sb.AppendLine("| target | round | deliveries | gaps (repaired) | duplicates | overlaps with a reply | missed (out of order) | resubscribes (on heads) | errors | disconnects | samples | not reached | latency from |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in results)
            sb.AppendLine($"| {r.Target} | {r.Round} | {r.Deliveries} | {r.Gaps} ({r.GapsRepaired}) | {r.Duplicates} | {r.Overlaps} | {r.Missed} ({r.Reordered}) | {r.Resubscribes} ({r.HeadResubscribes}) | " +
                          $"{r.Errors} | {r.Disconnects} | {r.Samples} | {r.NotReached} | {r.LatencySource ?? "–"} |");
        var live = results.Where(r => r.Target == "liveboard").ToList();
        if (live.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## LiveBoard only");
            sb.AppendLine();
            sb.AppendLine("| round | public events | median event B | new-viewer snapshot B (gzip) | leaderboard.json req/s | with If-None-Match req/s (304 %) | stage standings req/s | storm: current after s | storm errors | storm not current | storm server CPU % / RSS MB | storm marks, submit p50 / p99 ms | storm gen CPU % |");
            sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            foreach (var r in live)
                sb.AppendLine($"| {r.Round} | {r.PublicEvents} | {r.MedianEventBytes} | {r.SnapshotRawBytes} ({r.SnapshotGzipBytes}) | {F(r.LeaderboardRps, 0)} | " +
                              $"{F(r.LeaderboardEtagRps, 0)} ({F(r.LeaderboardEtagHitPercent, 0)}) | {F(r.StandingsRps, 0)} | {F(r.StormSeconds, 1)} | {r.StormErrors} | {r.StormNotCurrent} | " +
                              $"{F(r.StormServerCpuPercent, 0)} / {F(r.StormServerRssMb, 0)} | {r.StormMarks}, {F(r.StormSubmitP50)} / {F(r.StormSubmitP99)} | {F(r.StormGeneratorCpuPercent, 0)} |");
        }
        var notes = results.Where(r => r.Notes.Count > 0).ToList();
        if (notes.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Notes");
            sb.AppendLine();
            foreach (var r in notes)
                foreach (var n in r.Notes) sb.AppendLine($"- {r.Target} r{r.Round}: {n}");
        }
        return sb.ToString();
    }

    static double Median(IEnumerable<double?> values)
    {
        var v = values.Where(x => x is not null && !double.IsNaN(x.Value)).Select(x => x!.Value).OrderBy(x => x).ToList();
        return v.Count == 0 ? double.NaN : v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }

    static string F(double? v, int decimals = 1) =>
        v is null || double.IsNaN(v.Value) ? "–" : v.Value.ToString("N" + decimals, CultureInfo.InvariantCulture);

    static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        var memKb = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : "0";
        var cores = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").Count(l => l.StartsWith("processor", StringComparison.Ordinal)) : Environment.ProcessorCount;
        return $"{cores} cores ({cpu}), {long.Parse(memKb, CultureInfo.InvariantCulture) / 1024 / 1024} GB RAM, " +
               $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {Load()}";
    }

    static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    static string? Git() => Environment.GetEnvironmentVariable("BENCH_GIT");
}
