using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveBoard.Cluster.Tests.Infrastructure;

public enum Arrival { Push, Reply, Snapshot }

public enum SubscribeReason { First, Reconnect, Gap, Heads, EpochChanged }

/// An event the viewer applied, how it came (and why it subscribed, when it came in a reply), at a Stopwatch timestamp.
public sealed record AppliedEvent(LiveEvent Event, Arrival Via, SubscribeReason? Reason, long Timestamp);

/// A push as it came off the wire, applied or not.
public sealed record ReceivedPush(LiveEvent Event, long Timestamp);

public sealed record SnapshotTaken(string Channel, long Head, SubscribeReason Reason);

/// A viewer that follows the client rules of docs/live-protocol.md to the letter and records what it applied and how.
/// Hub callbacks only queue; one loop handles pushes, heads, reconnects and subscribe replies in arrival order. So while a
/// subscribe is in flight, pushes wait in the queue and are applied after the reply (rule 3), and the receive loop of the
/// SignalR client is never blocked by our own hub calls.
public sealed class LiveViewer : IAsyncDisposable
{
    static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    sealed class ChannelState
    {
        public long? Last;
        public string? Epoch;
        public long? Head;
        /// A head this viewer was behind on at the last Heads; acted on only if the next Heads finds it still behind.
        public long? BehindOn;
        public Dictionary<(string Type, string Id), LiveEvent> Objects = [];
    }

    sealed record SubscribeRequest(string Channel, TaskCompletionSource Done);
    sealed record Reconnected;

    readonly HubConnection connection;
    readonly Channel<object> inbox = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    readonly CancellationTokenSource stopping = new();
    readonly Task loop;
    readonly long started = Stopwatch.GetTimestamp();

    // Written by the loop, read by tests: everything below is guarded by gate.
    readonly Lock gate = new();
    readonly Dictionary<string, ChannelState> channels = [];
    readonly List<AppliedEvent> applied = [];
    readonly List<ReceivedPush> pushes = [];
    readonly List<SnapshotTaken> snapshots = [];
    readonly List<string> anomalies = [];
    readonly List<string> journal = [];
    TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Node { get; }

    LiveViewer(Uri node)
    {
        Node = node.ToString();
        connection = new HubConnectionBuilder()
            .WithUrl(new Uri(node, "/hubs/live"))
            .WithAutomaticReconnect(new FullJitterForever(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2)))
            .Build();
        connection.On<EventBatch>("Events", batch =>
        {
            var now = Stopwatch.GetTimestamp();
            lock (gate) pushes.AddRange(batch.Events.Select(e => new ReceivedPush(e, now)));
            inbox.Writer.TryWrite(batch);
        });
        connection.On<HeadsMessage>("Heads", h => inbox.Writer.TryWrite(h));
        connection.Reconnecting += ex =>
        {
            Note($"connection lost ({ex?.Message}), reconnecting");
            return Task.CompletedTask;
        };
        connection.Reconnected += id =>
        {
            Note($"reconnected as {id}");
            inbox.Writer.TryWrite(new Reconnected());
            return Task.CompletedTask;
        };
        loop = Task.Run(() => RunAsync(stopping.Token));
    }

    public static async Task<LiveViewer> ConnectAsync(Uri node)
    {
        var viewer = new LiveViewer(node);
        try
        {
            using var timeout = new CancellationTokenSource(CallTimeout);
            await viewer.connection.StartAsync(timeout.Token);
            viewer.Note($"connected to {node} as {viewer.connection.ConnectionId}");
            return viewer;
        }
        catch
        {
            await viewer.DisposeAsync();
            throw;
        }
    }

    /// Subscribes with no position (a snapshot) and returns once the reply is applied.
    public async Task SubscribeAsync(string channel)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        inbox.Writer.TryWrite(new SubscribeRequest(channel, done));
        await done.Task.WaitAsync(CallTimeout);
    }

    async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var input in inbox.Reader.ReadAllAsync(ct))
            {
                try
                {
                    switch (input)
                    {
                        case SubscribeRequest request:
                            lock (gate) channels.TryAdd(request.Channel, new ChannelState());
                            await ResubscribeAsync(request.Channel, SubscribeReason.First, ct);
                            request.Done.TrySetResult();
                            break;
                        case EventBatch batch:
                            await OnPushAsync(batch, ct);
                            break;
                        case HeadsMessage heads:
                            await OnHeadsAsync(heads, ct);
                            break;
                        case Reconnected:
                            // Rule 1: group membership died with the old connection; subscribing again restores it.
                            foreach (var channel in ChannelNames()) await ResubscribeAsync(channel, SubscribeReason.Reconnect, ct);
                            break;
                    }
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    // The hub went away mid-call: the reconnect or the next heads subscribes again.
                    Note($"{input.GetType().Name} failed: {ex.GetType().Name}: {ex.Message}");
                    if (input is SubscribeRequest request) request.Done.TrySetException(ex);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    async Task OnPushAsync(EventBatch batch, CancellationToken ct)
    {
        var state = State(batch.Channel);
        if (state?.Last is not { } last) return;
        if (batch.From > last + 1)
        {
            // Rule 2: missed something; the reply fills the gap, then this batch follows (or is already in it).
            Note($"gap on {batch.Channel}: push #{batch.From}..#{batch.To} after #{last}");
            await ResubscribeAsync(batch.Channel, SubscribeReason.Gap, ct);
            if (batch.From > state.Last + 1) Anomaly($"push {batch.Channel}#{batch.From} still ahead of #{state.Last} after resubscribing");
        }
        if (batch.To <= state.Last) return;
        // The events of the batch we lack, then its end: objects left out of it changed again within it.
        foreach (var e in batch.Events) Apply(batch.Channel, state, e, Arrival.Push, null, jumpTo: true);
        lock (gate) state.Last = Math.Max(state.Last ?? 0, batch.To);
        Signal();
    }

    async Task OnHeadsAsync(HeadsMessage heads, CancellationToken ct)
    {
        foreach (var (channel, head) in heads.Heads)
        {
            var state = State(channel);
            if (state?.Last is not { } last) continue;
            lock (gate) state.Head = head;
            // Rule 4: another epoch means another log (snapshot); a head still above ours at the next Heads means a lost
            // push (resume); one Heads ahead of us may only be a push on its way.
            if (heads.Epoch != state.Epoch) await ResubscribeAsync(channel, SubscribeReason.EpochChanged, ct);
            else if (head <= last) state.BehindOn = null;
            else if (state.BehindOn is { } earlier && last < earlier)
            {
                state.BehindOn = null;
                await ResubscribeAsync(channel, SubscribeReason.Heads, ct);
            }
            else state.BehindOn = head;
        }
        Signal();
    }

    async Task ResubscribeAsync(string channel, SubscribeReason reason, CancellationToken ct)
    {
        var state = State(channel)!;
        var since = reason == SubscribeReason.EpochChanged ? null : state.Last;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CallTimeout);
        var reply = await connection.InvokeAsync<SubscribeReply>("Subscribe", channel, since, timeout.Token);
        Note($"subscribe {channel} since {since?.ToString() ?? "null"} ({reason}): head {reply.Head}, " +
             $"{(reply.Snapshot ? "snapshot of " : "")}{reply.Events.Count} events [{string.Join(",", reply.Events.Select(e => e.Seq))}]");

        if (!reply.Snapshot && state.Epoch is not null && reply.Epoch != state.Epoch)
        {
            // Our sequence numbers belong to a log that is gone: start over from a snapshot.
            await ResubscribeAsync(channel, SubscribeReason.EpochChanged, ct);
            return;
        }
        if (reply.Snapshot)
        {
            var now = Stopwatch.GetTimestamp();
            lock (gate)
            {
                state.Epoch = reply.Epoch;
                state.Objects = reply.Events.ToDictionary(e => (e.Type, e.Id));
                state.Last = reply.Head;
                snapshots.Add(new SnapshotTaken(channel, reply.Head, reason));
                applied.AddRange(reply.Events.Select(e => new AppliedEvent(e, Arrival.Snapshot, reason, now)));
            }
            Signal();
            return;
        }
        lock (gate) state.Epoch = reply.Epoch;
        foreach (var e in reply.Events) Apply(channel, state, e, Arrival.Reply, reason);
        if (state.Last < reply.Head) Anomaly($"reply for {channel} since {since} stopped at #{state.Last}, below its head #{reply.Head}");
    }

    /// Rule 2: the next event is applied; an old one is a harmless repeat; one further ahead waits for a resubscribe.
    void Apply(string channel, ChannelState state, LiveEvent e, Arrival via, SubscribeReason? reason, bool jumpTo = false)
    {
        if (e.Channel != channel) Anomaly($"event of {e.Channel} arrived for {channel}");
        if (e.Seq <= state.Last) return;
        if (e.Seq != state.Last + 1 && !jumpTo)
        {
            if (via == Arrival.Reply) Anomaly($"reply for {channel} jumps from #{state.Last} to #{e.Seq}");
            return;
        }
        lock (gate)
        {
            state.Last = e.Seq;
            if (e.Data is { ValueKind: not System.Text.Json.JsonValueKind.Null }) state.Objects[(e.Type, e.Id)] = e;
            else state.Objects.Remove((e.Type, e.Id));
            applied.Add(new AppliedEvent(e, via, reason, Stopwatch.GetTimestamp()));
        }
        Signal();
    }

    ChannelState? State(string channel)
    {
        lock (gate) return channels.GetValueOrDefault(channel);
    }

    string[] ChannelNames()
    {
        lock (gate) return [.. channels.Keys];
    }

    public IReadOnlyList<AppliedEvent> Applied { get { lock (gate) return [.. applied]; } }
    public IReadOnlyList<ReceivedPush> Pushes { get { lock (gate) return [.. pushes]; } }
    public IReadOnlyList<SnapshotTaken> Snapshots { get { lock (gate) return [.. snapshots]; } }
    /// Things the protocol says cannot happen (a reply with a hole, a push ahead of the database); a test expects none.
    public IReadOnlyList<string> Anomalies { get { lock (gate) return [.. anomalies]; } }

    /// The last seq applied on the channel, and the last head a Heads message announced for it.
    public (long? Last, long? Head) Position(string channel)
    {
        lock (gate) return channels.TryGetValue(channel, out var s) ? (s.Last, s.Head) : (null, null);
    }

    /// The object as the viewer currently holds it.
    public LiveEvent? Current(string channel, string type, string id)
    {
        lock (gate) return channels.TryGetValue(channel, out var s) ? s.Objects.GetValueOrDefault((type, id)) : null;
    }

    /// Every object of a type as the viewer currently holds it.
    public IReadOnlyList<LiveEvent> CurrentOf(string channel, string type)
    {
        lock (gate) return channels.TryGetValue(channel, out var s) ? [.. s.Objects.Values.Where(e => e.Type == type)] : [];
    }

    /// The first applied event that matches, waiting for it if need be.
    public Task<AppliedEvent> WaitForAsync(Func<AppliedEvent, bool> match, TimeSpan timeout, string what) =>
        WaitForAsync(() => applied.FirstOrDefault(match), timeout, what);

    /// The push of this event, waiting for it if need be.
    public Task<ReceivedPush> WaitForPushAsync(string channel, long seq, TimeSpan timeout) =>
        WaitForAsync(() => pushes.FirstOrDefault(p => p.Event.Channel == channel && p.Event.Seq == seq), timeout, $"a push of {channel}#{seq}");

    public Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitForAsync(() => condition() ? this : null, timeout, what);

    /// Waits until probe (run under the viewer's lock, after every change) finds something.
    public async Task<T> WaitForAsync<T>(Func<T?> probe, TimeSpan timeout, string what) where T : class
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (probe() is { } found) return found;
                next = changed.Task;
            }
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero) throw new TimeoutException($"Viewer on {Node} did not see {what} within {timeout}\n{Journal()}");
            await Task.WhenAny(next, Task.Delay(left));
        }
    }

    void Signal()
    {
        TaskCompletionSource previous;
        lock (gate)
        {
            previous = changed;
            changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }

    void Note(string line)
    {
        lock (gate) journal.Add($"+{Stopwatch.GetElapsedTime(started).TotalSeconds:0.000}s {line}");
    }

    void Anomaly(string what)
    {
        Note("ANOMALY " + what);
        lock (gate) anomalies.Add(what);
    }

    public string Journal(int lines = 60)
    {
        lock (gate) return $"--- viewer on {Node}, last {lines} notes ---\n" + string.Join('\n', journal.TakeLast(lines));
    }

    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        inbox.Writer.TryComplete();
        await connection.DisposeAsync();
        await loop;
        stopping.Dispose();
    }
}

/// Rule 5: reconnect forever, each wait drawn from [0, min(cap, base * 2^attempt)].
sealed class FullJitterForever(TimeSpan initial, TimeSpan cap) : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext context)
    {
        var ceiling = Math.Min(cap.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, Math.Min(context.PreviousRetryCount, 30)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}
