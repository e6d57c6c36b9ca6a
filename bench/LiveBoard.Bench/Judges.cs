using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HdrHistogram;

namespace LiveBoard.Bench;

/// One cell a judge may still mark: a new (judge, aspect, competitor) each time, so every submission is a new mark.
public sealed record Cell(int JudgeId, int ModuleId, int AspectId, int CompetitorId, decimal Value);

/// One submission as the judge's tablet saw it.
public sealed record MarkSample(long Start, long End, int Status, long? PublicSeqHeader, DateTimeOffset? RecordedAt);

/// The demo competition the benchmark marks in: a selection stage of about `--stage-size` competitors, its modules Live,
/// its panel signed in over HTTP, and the cells left to mark.
public sealed class MarkingPlan
{
    public int CompetitionId { get; private init; }
    public int StageId { get; private init; }
    public int StageSize { get; private init; }
    public string Trade { get; private init; } = "";
    public required IReadOnlyDictionary<int, HttpClient> JudgeClients { get; init; }
    public required List<Cell> Cells { get; init; }

    public static HttpClient SignedOutClient(Uri baseUri) => new(new SocketsHttpHandler
    {
        CookieContainer = new CookieContainer(), UseCookies = true, PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    }) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(120) };

    static async Task<HttpClient> SignInAsync(Uri baseUri, string user)
    {
        var client = SignedOutClient(baseUri);
        using var r = await client.PostAsJsonAsync("/api/account/sign-in", new { userName = user, password = "liveboard-demo" });
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"sign-in as {user}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return client;
    }

    static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var r = await client.GetAsync(path);
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await r.Content.ReadAsByteArrayAsync()).RootElement;
    }

    public static async Task<MarkingPlan> PrepareAsync(Uri baseUri, BenchOptions options, int seed)
    {
        using var admin = await SignInAsync(baseUri, "admin");
        // The competition whose selection stage is closest to the wanted size.
        var candidates = new List<(int Competition, int Stage, int Size, string Trade)>();
        foreach (var c in (await GetAsync(admin, "/api/competitions")).EnumerateArray())
        {
            var id = c.GetProperty("id").GetInt32();
            if (options.Competition is { } wanted && wanted != id) continue;
            var selection = (await GetAsync(admin, $"/api/competitions/{id}/stages")).EnumerateArray()
                .First(s => s.GetProperty("kind").GetString() == "Selection").GetProperty("id").GetInt32();
            var size = (await GetAsync(admin, $"/api/competitions/{id}/stages/{selection}/entries")).GetArrayLength();
            candidates.Add((id, selection, size, c.GetProperty("tradeEn").GetString() ?? ""));
        }
        var (competition, stage, stageSize, trade) = candidates.OrderBy(c => Math.Abs(c.Size - options.StageSize)).ThenBy(c => c.Competition).First();

        // Marks are accepted only in Live modules: every module of the stage is opened.
        var modules = (await GetAsync(admin, $"/api/competitions/{competition}/modules")).EnumerateArray()
            .Where(m => m.GetProperty("stageId").GetInt32() == stage).ToList();
        foreach (var m in modules.Where(m => m.GetProperty("status").GetString() == "Scheduled"))
        {
            using var r = await admin.PostAsJsonAsync($"/api/competitions/{competition}/modules/{m.GetProperty("id").GetInt32()}/status", new { status = "Live" });
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"opening module: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
        var liveModules = modules.Where(m => m.GetProperty("status").GetString() is "Scheduled" or "Live").Select(m => m.GetProperty("id").GetInt32()).ToList();

        var panel = (await GetAsync(admin, $"/api/competitions/{competition}/assignments")).EnumerateArray()
            .Where(a => !a.GetProperty("chiefExpert").GetBoolean()).Select(a => a.GetProperty("judgeId").GetInt32()).Distinct().ToList();
        var random = new Random(seed);
        var clients = new Dictionary<int, HttpClient>();
        var judgement = new List<Cell>();
        var measurement = new Dictionary<(int, int), List<Cell>>();
        foreach (var judge in panel)
        {
            var client = await SignInAsync(baseUri, $"judge-{judge}");
            clients[judge] = client;
            foreach (var module in liveModules)
            {
                var sheet = await GetAsync(client, $"/api/competitions/{competition}/judging/modules/{module}/sheet");
                var conflicted = sheet.GetProperty("competitors").EnumerateArray().Where(c => c.GetProperty("conflict").GetBoolean())
                    .Select(c => c.GetProperty("id").GetInt32()).ToHashSet();
                var aspects = sheet.GetProperty("aspects").EnumerateArray().ToDictionary(a => a.GetProperty("id").GetInt32());
                foreach (var cell in sheet.GetProperty("cells").EnumerateArray())
                {
                    var competitor = cell.GetProperty("competitorId").GetInt32();
                    if (conflicted.Contains(competitor) || cell.GetProperty("myMarkId").ValueKind != JsonValueKind.Null) continue;
                    var aspect = aspects[cell.GetProperty("aspectId").GetInt32()];
                    var aspectId = aspect.GetProperty("id").GetInt32();
                    if (aspect.GetProperty("type").GetString() == "Judgement")
                        judgement.Add(new Cell(judge, module, aspectId, competitor, random.Next(1, 4)));
                    else
                    {
                        // With bands the value is the measured deviation; without, the mark (0 or the maximum).
                        var value = aspect.GetProperty("bands").GetArrayLength() > 0 ? random.Next(-3, 4) / 100m
                            : random.NextDouble() < 0.8 ? aspect.GetProperty("maxMark").GetDecimal() : 0;
                        if (!measurement.TryGetValue((aspectId, competitor), out var list)) measurement[(aspectId, competitor)] = list = [];
                        list.Add(new Cell(judge, module, aspectId, competitor, value));
                    }
                }
            }
        }
        // A measurement is taken once, by one judge: those come first, other judges' entries only if the run needs more.
        var first = judgement.Concat(measurement.Values.Select(l => l[random.Next(l.Count)])).OrderBy(_ => random.Next()).ToList();
        var rest = measurement.Values.SelectMany(l => l).Except(first).OrderBy(_ => random.Next());
        return new MarkingPlan
        {
            CompetitionId = competition, StageId = stage, StageSize = stageSize, Trade = trade,
            JudgeClients = clients, Cells = [.. first, .. rest],
        };
    }
}

/// Submits marks at a fixed rate as the panel, open loop (a slow answer does not delay the next mark). Once every cell
/// is marked, the judges go round again correcting their own marks (a correction is a new mark), so a run at hundreds
/// of marks per second is not limited by the stage's few hundred cells.
public sealed class MarkSubmitter(MarkingPlan plan, string runId)
{
    int next;
    readonly List<Task<MarkSample>> submitted = [];
    /// The current mark of each cell, once its submission (or correction) was answered.
    readonly System.Collections.Concurrent.ConcurrentDictionary<int, long> current = new();
    public bool Exhausted { get; private set; }
    public int Corrections => corrections;
    int corrections;

    public async Task RunAsync(double rate, TimeSpan duration, CancellationToken ct = default)
    {
        var start = Clock.Now;
        var count = (int)Math.Round(rate * duration.TotalSeconds);
        for (var k = 0; k < count && !ct.IsCancellationRequested; k++)
        {
            var due = k / rate * 1000 - Clock.Ms(start, Clock.Now);
            if (due > 0)
            {
                try { await Task.Delay(TimeSpan.FromMilliseconds(due), ct); }
                catch (OperationCanceledException) { break; }
            }
            var index = next % plan.Cells.Count;
            long? markId = null;
            if (next >= plan.Cells.Count)
            {
                // Round again: correct the cell's current mark; a cell whose last write is still unanswered is passed over.
                var tries = 0;
                long id;
                while (!current.TryRemove(index, out id) && ++tries < plan.Cells.Count) index = ++next % plan.Cells.Count;
                if (tries >= plan.Cells.Count) { Exhausted = true; break; }
                markId = id;
            }
            var cell = plan.Cells[index];
            var n = ++next;
            lock (submitted) submitted.Add(Task.Run(() => SubmitAsync(cell, index, n, markId)));
        }
    }

    async Task<MarkSample> SubmitAsync(Cell cell, int index, int n, long? correcting)
    {
        var client = plan.JudgeClients[cell.JudgeId];
        var key = $"bench-{runId}-{n}";
        // A correction alternates the value, so that it changes the standings as a first mark does.
        var value = correcting is null ? cell.Value : n % 2 == 0 ? cell.Value : 0;
        object body = correcting is null
            ? new { aspectId = cell.AspectId, competitorId = cell.CompetitorId, judgeId = cell.JudgeId, value, idempotencyKey = key, device = "bench" }
            : new { value, reason = "bench: recount", idempotencyKey = key, device = "bench" };
        var path = correcting is { } old ? $"/api/competitions/{plan.CompetitionId}/marks/{old}/corrections" : $"/api/competitions/{plan.CompetitionId}/marks";
        if (correcting is not null) Interlocked.Increment(ref corrections);
        var started = Clock.Now;
        try
        {
            using var r = await client.PostAsJsonAsync(path, body);
            var bytes = await r.Content.ReadAsByteArrayAsync();
            var ended = Clock.Now;
            long? header = r.Headers.TryGetValues("LiveBoard-Public-Seq", out var values)
                           && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : null;
            DateTimeOffset? recordedAt = null;
            if (r.IsSuccessStatusCode)
            {
                using var doc = JsonDocument.Parse(bytes);
                if (doc.RootElement.TryGetProperty("recordedAt", out var at)) recordedAt = at.GetDateTimeOffset();
                if (doc.RootElement.TryGetProperty("id", out var id)) current[index] = id.GetInt64();
            }
            return new MarkSample(started, ended, (int)r.StatusCode, header, recordedAt);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new MarkSample(started, Clock.Now, 0, null, null);
        }
    }

    /// Every submission so far, once answered.
    public async Task<List<MarkSample>> ResultsAsync()
    {
        Task<MarkSample>[] all;
        lock (submitted) all = [.. submitted];
        return [.. await Task.WhenAll(all)];
    }

    public async Task<List<MarkSample>> TakeResultsAsync()
    {
        Task<MarkSample>[] all;
        lock (submitted)
        {
            all = [.. submitted];
            submitted.Clear();
        }
        return [.. await Task.WhenAll(all)];
    }

    public static (double P50, double P99) SubmitLatency(IEnumerable<MarkSample> samples)
    {
        var h = new LongHistogram(3_600_000_000L, 3);
        foreach (var s in samples) h.RecordValue(Math.Max(0, Clock.Micros(s.Start, s.End)));
        return (h.Ms(50), h.Ms(99));
    }
}
