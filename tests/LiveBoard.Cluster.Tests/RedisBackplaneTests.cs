using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using LiveBoard.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;
using LiveBoard.Server.Tests.Infrastructure;

namespace LiveBoard.Cluster.Tests;

/// Two server processes on one SQLite database and a real Redis backplane. A viewer on node B follows the public
/// channel of a competition set up on node A while marks are submitted and Redis is killed and brought back.
/// Every mark scores 1 on the full-or-zero aspect for a different competitor, so each shows as that competitor's total.
public sealed class RedisBackplaneTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// Below xunit's 60 s per test, leaving room for starting the cluster (about 5 to 10 s).
    static readonly TimeSpan ScenarioLimit = TimeSpan.FromSeconds(45);
    /// A live push crosses the backplane in milliseconds; this is generous for a loaded CI machine.
    static readonly TimeSpan PushWithin = TimeSpan.FromSeconds(5);
    /// Heads come every second (Live:HeadInterval), so a lost push is found within about that.
    static readonly TimeSpan HeadsWithin = TimeSpan.FromSeconds(10);
    /// Recording a mark never waits for Redis (a command held in StackExchange.Redis's backlog would take 5 s to fail).
    /// Node A has recorded a mark before, so JIT and EF query compilation are behind it.
    static readonly TimeSpan SubmitWithin = TimeSpan.FromSeconds(3);

    LiveCluster cluster = null!;
    TestCompetition competition = null!;
    LiveViewer viewer = null!;
    string channel = "";

    public async Task InitializeAsync() => cluster = await LiveCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (cluster is not null) await cluster.DisposeAsync();
    }

    [Fact(Timeout = 60_000)]
    public Task ViewerOnSecondNodeReceivesMarkSubmittedOnFirst() => cluster.RunAsync(async () =>
    {
        await ViewerOnBFollowsACompetitionSetUpOnA();

        var submitted = await SubmitMarkAsync(cluster.A, "C-01");

        var standings = await viewer.WaitForAsync(ShowsMark("C-01"), PushWithin, "standings showing C-01's mark");
        await viewer.WaitForPushAsync(channel, standings.Event.Seq, PushWithin);
        Report("C-01 on A", submitted, standings);
        Assert.Empty(viewer.Anomalies);
    }, ScenarioLimit);

    [Fact(Timeout = 60_000)]
    public Task WithRedisDownAMarkStillReachesTheOtherNodeThroughHeads() => cluster.RunAsync(async () =>
    {
        await ViewerOnBFollowsACompetitionSetUpOnA();
        await SubmitMarkAsync(cluster.A, "C-01");
        await viewer.WaitForAsync(ShowsMark("C-01"), PushWithin, "standings showing C-01's mark");

        cluster.Redis.Kill();
        var submitted = await SubmitMarkAsync(cluster.A, "C-02");
        Assert.True(submitted.Took < SubmitWithin, $"Recording a mark on node A took {submitted.Took} with Redis down");

        var standings = await viewer.WaitForAsync(ShowsMark("C-02"), HeadsWithin, "standings showing C-02's mark");
        Report("C-02 on A, Redis down", submitted, standings);
        // Nothing crosses a dead backplane: the viewer heard of the mark from node B's heads and resumed from the log.
        Assert.Equal(Arrival.Reply, standings.Via);
        Assert.Equal(SubscribeReason.Heads, standings.Reason);
        Assert.DoesNotContain(viewer.Pushes, p => p.Event.Channel == channel && p.Event.Seq == standings.Event.Seq);
        Assert.Empty(viewer.Anomalies);
        Assert.False(cluster.A.HasExited || cluster.B.HasExited, "a node exited while Redis was down");
    }, ScenarioLimit);

    [Fact(Timeout = 60_000)]
    public Task AfterRedisReturnsBothNodesDeliverLiveAgainWithoutGapsOrDuplicates() => cluster.RunAsync(async () =>
    {
        await ViewerOnBFollowsACompetitionSetUpOnA();
        await SubmitMarkAsync(cluster.A, "C-01");
        await viewer.WaitForAsync(ShowsMark("C-01"), PushWithin, "standings showing C-01's mark");

        cluster.Redis.Kill();
        var submitted = await SubmitMarkAsync(cluster.A, "C-02");
        Assert.True(submitted.Took < SubmitWithin, $"Recording a mark on node A took {submitted.Took} with Redis down");
        await viewer.WaitForAsync(ShowsMark("C-02"), HeadsWithin, "standings showing C-02's mark while Redis is down");

        await cluster.Redis.RestartAsync();
        var down = Stopwatch.StartNew();
        await WaitForBackplaneAsync();
        output.WriteLine($"both nodes resubscribed on Redis {down.ElapsedMilliseconds} ms after it restarted");
        // Each node said when the backplane went and when it came back (RedisLost 3202, RedisRestored 3203; docs/logging.md).
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            var log = node.Tail(100_000);
            Assert.True(log.Contains("RedisBackplane[3202]") && log.Contains("RedisBackplane[3203]"), $"node {node.Name} did not log Redis lost and back");
        }

        foreach (var (node, bib) in new[] { (cluster.A, "C-03"), (cluster.B, "C-04") })
        {
            var sent = await SubmitMarkAsync(node, bib);
            var standings = await viewer.WaitForAsync(ShowsMark(bib), PushWithin, $"standings showing {bib}'s mark");
            // Live again: the push arrives (it may lose a race with a heads tick and then be dropped as a repeat).
            await viewer.WaitForPushAsync(channel, standings.Event.Seq, PushWithin);
            Report($"{bib} on {node.Name}, Redis back", sent, standings);
        }

        // The viewer caught up with the log: its position is the head node B announces.
        await viewer.WaitUntilAsync(() => viewer.Position(channel) is ({ } last, { } head) && last == head,
            HeadsWithin, "a heads message equal to the viewer's position");

        // One snapshot at the start, then every event exactly once, in order, whatever path it took.
        var snapshot = Assert.Single(viewer.Snapshots);
        Assert.Equal(SubscribeReason.First, snapshot.Reason);
        // Applied in order, each once (a batch leaves out states that a later event of the same batch replaces).
        var seqs = viewer.Applied.Where(a => a.Event.Channel == channel && a.Via != Arrival.Snapshot).Select(a => a.Event.Seq).ToList();
        Assert.Equal(seqs.Order().Distinct(), seqs);
        Assert.True(seqs.Count == 0 || seqs[0] > snapshot.Head);
        Assert.Empty(viewer.Anomalies);
        output.WriteLine($"applied after the snapshot (head {snapshot.Head}): " +
            string.Join(", ", viewer.Applied.Where(a => a.Via != Arrival.Snapshot).Select(a => $"#{a.Event.Seq} {a.Via} {a.Reason}")));

        // And what it shows is what the server shows.
        var served = await cluster.B.Http.GetOk($"{competition.Base}/stages/{competition.PrelimId}/standings");
        var shown = viewer.CurrentOf(channel, "row").Where(e => e.Id.StartsWith($"{competition.PrelimId}-")).ToList();
        foreach (var bib in new[] { "C-01", "C-02", "C-03", "C-04" })
            Assert.Equal(served["rows"]!.AsArray().Single(r => r!["bib"]!.GetValue<string>() == bib)!["total"]!.GetValue<decimal>(),
                shown.Select(e => TotalOf(e, bib)).Single(t => t is not null));
    }, ScenarioLimit);

    [Fact(Timeout = 60_000)]
    public Task ViewerConnectingWhileRedisIsDownStillFollowsTheLog() => cluster.RunAsync(async () =>
    {
        competition = await TestCompetition.CreateAsync(cluster.A.Http);
        channel = $"competition:{competition.CompetitionId}";
        cluster.Redis.Kill();

        // A screen that starts (or reconnects) during the outage: heads and the log are all it needs.
        viewer = await cluster.ConnectViewerAsync(cluster.B);
        await viewer.SubscribeAsync(channel);
        var submitted = await SubmitMarkAsync(cluster.A, "C-01");

        var standings = await viewer.WaitForAsync(ShowsMark("C-01"), HeadsWithin, "standings showing C-01's mark");
        Report("C-01 on A, viewer connected while Redis was down", submitted, standings);
        Assert.Empty(viewer.Anomalies);
    }, ScenarioLimit);

    async Task ViewerOnBFollowsACompetitionSetUpOnA()
    {
        competition = await TestCompetition.CreateAsync(cluster.A.Http);
        channel = $"competition:{competition.CompetitionId}";
        viewer = await cluster.ConnectViewerAsync(cluster.B);
        await viewer.SubscribeAsync(channel);
    }

    sealed record Submitted(long SentAt, TimeSpan Took);

    async Task<Submitted> SubmitMarkAsync(ServerNode node, string bib)
    {
        var sentAt = Stopwatch.GetTimestamp();
        using var response = await node.Http.PostAsJsonAsync($"{competition.Base}/marks",
            competition.Mark(competition.MeasureAspect, bib, competition.Judges[0], 1));
        var took = Stopwatch.GetElapsedTime(sentAt);
        output.WriteLine($"POST mark for {bib} on node {node.Name}: {(int)response.StatusCode} in {took.TotalMilliseconds:0} ms");
        await response.Json(HttpStatusCode.Created);
        return new Submitted(sentAt, took);
    }

    /// Both nodes subscribe to the all-connections channel; node B also to the group of the viewer's channel.
    async Task WaitForBackplaneAsync()
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var all = await cluster.Redis.SubscribersAsync("*:all");
            var group = await cluster.Redis.SubscribersAsync($"*:group:ch|{channel}");
            if (all.Values.Sum() >= 2 && group.Values.Sum() >= 1) return;
            if (waited.Elapsed > TimeSpan.FromSeconds(20))
                throw new TimeoutException($"The nodes did not resubscribe on Redis within 20 s (all: {all.Values.Sum()}, group: {group.Values.Sum()})");
            await Task.Delay(100);
        }
    }

    /// Standings travel as one `row` event per competitor (id "{stageId}-{competitorId}").
    Func<AppliedEvent, bool> ShowsMark(string bib) => a =>
        a.Event.Type == "row" && a.Event.Id.StartsWith($"{competition.PrelimId}-") && TotalOf(a.Event, bib) == 1m;

    static decimal? TotalOf(LiveEvent row, string bib) =>
        row.Data?.GetProperty("row") is { } r && r.GetProperty("bib").GetString() == bib ? r.GetProperty("total").GetDecimal() : null;

    void Report(string what, Submitted submitted, AppliedEvent standings) =>
        output.WriteLine($"{what}: applied #{standings.Event.Seq} via {standings.Via}{(standings.Reason is { } r ? $" ({r})" : "")} " +
                         $"{Stopwatch.GetElapsedTime(submitted.SentAt, standings.Timestamp).TotalMilliseconds:0} ms after the POST was sent");
}
