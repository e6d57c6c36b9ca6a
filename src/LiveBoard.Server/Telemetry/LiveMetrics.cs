using System.Diagnostics.Metrics;
using LiveBoard.Server.Live;

namespace LiveBoard.Server.Telemetry;

/// LiveBoard's own instruments, on the meter "LiveBoard"; docs/operations.md lists them with their Prometheus names.
/// Every method is cheap enough for the hot path (no allocation: tags are built once), and safe from any thread.
/// The meter comes from the host's IMeterFactory, so it is this host's alone (tests run several hosts in one process).
public sealed class LiveMetrics
{
    public const string MeterName = "LiveBoard";
    public const string Submission = "submission", Correction = "correction";

    readonly Counter<long> eventsSent, messagesSent, subscribes, resubscribes, marksAccepted, marksRejected, signInFailures;
    readonly Histogram<double> submitToBroadcast, markWrite;
    readonly Dictionary<ChannelKind, KeyValuePair<string, object?>> channelTags;
    long connections;
    Func<int>? queueDepth;

    // Milliseconds from 1 ms to a minute: the figures run from ~100 ms (fine) to tens of seconds (saturated).
    static readonly IReadOnlyList<double> LatencyBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000];

    public LiveMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableUpDownCounter("liveboard.hub.connections", () => Interlocked.Read(ref connections),
            "{connection}", "Hub connections open on this node");
        eventsSent = meter.CreateCounter<long>("liveboard.live.events.sent", "{event}",
            "Live events sent to channel groups on this node, by channel kind");
        messagesSent = meter.CreateCounter<long>("liveboard.live.messages.sent", "{message}",
            "Hub messages (events and heads) written to connections or groups on this node");
        submitToBroadcast = meter.CreateHistogram("liveboard.live.submit_to_broadcast.duration", "ms",
            "From a mark's submission reaching the server to its events being handed to the hub for broadcast",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        meter.CreateObservableGauge("liveboard.live.send_queue.depth", ObserveQueue, "{event}",
            "Events waiting in this node's dispatcher to be sent");
        subscribes = meter.CreateCounter<long>("liveboard.live.subscribes", "{subscribe}",
            "Channel subscriptions answered, by whether the answer was a snapshot");
        resubscribes = meter.CreateCounter<long>("liveboard.live.resubscribes", "{subscribe}",
            "Subscriptions from viewers catching up (they sent the last seq they had), by whether the answer was a snapshot");
        marksAccepted = meter.CreateCounter<long>("liveboard.marks.accepted", "{mark}",
            "Marks and corrections accepted (replays of an idempotency key are not counted again)");
        marksRejected = meter.CreateCounter<long>("liveboard.marks.rejected", "{mark}",
            "Marks and corrections refused, by the status answered");
        markWrite = meter.CreateHistogram("liveboard.marks.write.duration", "ms",
            "Time to save an accepted mark: transaction, events and commit",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        signInFailures = meter.CreateCounter<long>("liveboard.accounts.sign_in.failures", "{attempt}",
            "Sign-ins refused, by method (password, access_code) and outcome (failed, throttled)");
        channelTags = Enum.GetValues<ChannelKind>().ToDictionary(k => k, k => Tag("channel.kind", k switch
        {
            ChannelKind.Series => "series",
            ChannelKind.Competition => "competition",
            ChannelKind.CompetitionStaff => "staff",
            ChannelKind.CompetitionJudging => "judging",
            ChannelKind.Displays => "displays",
            _ => "other",
        }));
    }

    static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
    static readonly KeyValuePair<string, object?> Snapshot = Tag("snapshot", true), NoSnapshot = Tag("snapshot", false);
    static readonly KeyValuePair<string, object?> SubmissionTag = Tag("mark.kind", Submission), CorrectionTag = Tag("mark.kind", Correction);

    public void ConnectionOpened() => Interlocked.Increment(ref connections);

    public void ConnectionClosed() => Interlocked.Decrement(ref connections);

    public void EventsSent(ChannelKind kind, int count = 1) => eventsSent.Add(count, channelTags[kind]);

    public void MessagesSent(int count = 1) => messagesSent.Add(count);

    public void RecordSubmitToBroadcast(TimeSpan elapsed) => submitToBroadcast.Record(elapsed.TotalMilliseconds);

    /// The dispatcher registers how to read its queue; the gauge reads it at each scrape. A later call replaces the earlier.
    public void ObserveQueueDepth(Func<int> depth) => Volatile.Write(ref queueDepth, depth);

    IEnumerable<Measurement<int>> ObserveQueue() =>
        Volatile.Read(ref queueDepth) is { } depth ? [new Measurement<int>(depth())] : [];

    /// Every subscription counts once in subscribes; one carrying the viewer's last seq also counts in resubscribes.
    public void Subscribed(bool resubscribe, bool snapshot)
    {
        var tag = snapshot ? Snapshot : NoSnapshot;
        subscribes.Add(1, tag);
        if (resubscribe) resubscribes.Add(1, tag);
    }

    public void MarkAccepted(string kind) => marksAccepted.Add(1, kind == Correction ? CorrectionTag : SubmissionTag);

    public void MarkRejected(string kind, int status) => marksRejected.Add(1, kind == Correction ? CorrectionTag : SubmissionTag, Tag("status", status));

    public void RecordMarkWrite(TimeSpan elapsed) => markWrite.Record(elapsed.TotalMilliseconds);

    public void SignInFailed(string method, bool throttled) =>
        signInFailures.Add(1, Tag("method", method), Tag("outcome", throttled ? "throttled" : "failed"));
}
