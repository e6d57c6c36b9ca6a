using System.Diagnostics;
using System.Threading.Channels;
using LiveBoard.Server.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveBoard.Server.Live;

/// What one push carries: the channel's seqs From..To, and in seq order the last event of each object that changed in
/// that range. An event is an object's full state, so the earlier states of an object in the range are left out and
/// the range stays gap-free: a viewer at From - 1 or later that applies the events ends exactly at To.
public sealed record EventBatch(string Channel, long From, long To, IReadOnlyList<LiveEvent> Events);

/// The fast path, one loop per node, which alone writes to viewers so that nothing overtakes anything:
/// - committed events arrive from local commits in any order; per channel they are put back in seq order (a seq that
///   another node committed is waited for briefly, then skipped: viewers that lack it find it through heads);
/// - each channel is pushed at most once per `Live:CoalesceWindow`: under a burst, one batch carries the last state of
///   what changed (the first change after a quiet spell goes at once);
/// - every `Live:HeadInterval`, one `Heads` message per channel (serialised once) goes to this node's viewers of it,
///   after that channel's pending events, so a head never overtakes the events of this node it announces;
/// - a send is not awaited by the loop: a viewer whose connection cannot take its pushes within `Live:SendTimeout` is
///   disconnected by SignalR (and resumes from memory when it reconnects) instead of holding everyone up or growing
///   the server's memory.
/// With the Redis backplane a push can fail (Redis down): it then goes to this node's own viewers directly.
public sealed partial class LiveDispatcher(LiveLifetimeManager clients, ChannelLog log, LiveConnections connections, LogSignal signal,
    LogEpoch epoch, IServiceScopeFactory scopes, Telemetry.LiveMetrics metrics, IOptions<LiveOptions> options, TimeProvider time,
    ILogger<LiveDispatcher> logger) : BackgroundService
{
    // Bounded so a stalled loop cannot grow memory without limit; what is dropped is found again through heads.
    readonly Channel<IReadOnlyList<LogEvent>> queue = Channel.CreateBounded<IReadOnlyList<LogEvent>>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    sealed class Pending
    {
        public long Sent;
        public readonly SortedList<long, LogEvent> Waiting = [];
        /// Events after Sent up to Ready, contiguous, not pushed yet.
        public readonly List<LogEvent> Ready = [];
        public long ReadyTo;
        public long NextPushAt;
        public long GapSeenAt = -1;
    }

    readonly Dictionary<string, Pending> channels = [];
    readonly List<Task> inFlight = [];

    /// Queued sends and unordered events waiting, for the metrics.
    public int Depth => queue.Reader.Count + inFlight.Count;

    public void Enqueue(IReadOnlyList<LogEvent> events)
    {
        if (events.Count == 0) return;
        foreach (var e in events) log.Committed(e.Channel, e.Seq);
        queue.Writer.TryWrite([.. events]);
        signal.Pulse();
    }

    // Put in the queue by the heads timer, so heads are sent by the loop, in order with the pushes.
    static readonly LogEvent[] HeadsDue = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        metrics.ObserveQueueDepth(() => Depth);
        _ = TickHeadsAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WaitAsync(NextDue(), stoppingToken);
                var headsDue = false;
                while (queue.Reader.TryRead(out var batch))
                {
                    if (ReferenceEquals(batch, HeadsDue)) headsDue = true; else Receive(batch);
                }
                Push(Stopwatch.GetTimestamp(), flushAll: false);
                if (headsDue) await HeadsAsync(stoppingToken);
                inFlight.RemoveAll(t => t.IsCompleted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.LoopFailed(logger, ex);
            }
        }
    }

    /// Heads follow the application's clock (tests move it); pacing and coalescing use the monotonic clock.
    async Task TickHeadsAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.Value.HeadInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct)) queue.Writer.TryWrite(HeadsDue);
        }
        catch (OperationCanceledException) { }
    }

    static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    async Task WaitAsync(long until, CancellationToken ct)
    {
        if (queue.Reader.Count > 0) return;
        if (until == long.MaxValue)
        {
            await queue.Reader.WaitToReadAsync(ct);
            return;
        }
        var wait = until - Stopwatch.GetTimestamp();
        if (wait <= 0) return;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
        try { await queue.Reader.WaitToReadAsync(timeout.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
    }

    /// The earliest moment a channel with events ready may be pushed, or a gap given up on.
    long NextDue()
    {
        var due = long.MaxValue;
        var gapWait = Ticks(options.Value.GapWait);
        foreach (var p in channels.Values)
        {
            if (p.Ready.Count > 0) due = Math.Min(due, p.NextPushAt);
            else if (p.Waiting.Count > 0 && p.GapSeenAt >= 0) due = Math.Min(due, p.GapSeenAt + gapWait);
        }
        return due;
    }

    void Receive(IReadOnlyList<LogEvent> events)
    {
        foreach (var e in events)
        {
            if (!channels.TryGetValue(e.Channel, out var p)) channels[e.Channel] = p = new Pending();
            if (e.Seq > p.ReadyTo) p.Waiting[e.Seq] = e;
        }
    }

    /// Moves each channel's contiguous events to ready (and into this node's memory of the log), then pushes the
    /// channels whose coalescing window has passed.
    void Push(long now, bool flushAll, string? only = null)
    {
        var gapWait = Ticks(options.Value.GapWait);
        foreach (var (channel, p) in channels)
        {
            if (only is not null && channel != only) continue;
            var start = p.Ready.Count;
            while (p.Waiting.Count > 0)
            {
                var first = p.Waiting.GetKeyAtIndex(0);
                if (first <= p.ReadyTo) { p.Waiting.RemoveAt(0); continue; }
                if (first != p.ReadyTo + 1 && p.ReadyTo > 0)
                {
                    // A seq this node has not committed (another node's, or a commit still publishing): wait briefly,
                    // then go on without it. A batch never spans a hole, so what is ready is pushed first.
                    if (p.GapSeenAt < 0) p.GapSeenAt = now;
                    if (now - p.GapSeenAt < gapWait) break;
                    Remember(channel, p, start);
                    if (p.Ready.Count > 0) Send(channel, p, now);
                    start = 0;
                }
                if (first != p.ReadyTo + 1) p.Sent = p.ReadyTo = first - 1;
                p.GapSeenAt = -1;
                p.Ready.Add(p.Waiting.GetValueAtIndex(0));
                p.Waiting.RemoveAt(0);
                p.ReadyTo = first;
            }
            Remember(channel, p, start);
            if (p.Ready.Count > 0 && (flushAll || now >= p.NextPushAt)) Send(channel, p, now);
        }
    }

    void Remember(string channel, Pending p, int start)
    {
        if (p.Ready.Count > start) log.Append(channel, p.Ready[start..]);
    }

    void Send(string channel, Pending p, long now)
    {
        var latest = new Dictionary<(string, string), LogEvent>();
        foreach (var e in p.Ready) latest[(e.Type, e.ObjectId)] = e;
        var batch = new EventBatch(channel, p.Sent + 1, p.ReadyTo, [.. latest.Values.OrderBy(e => e.Seq).Select(LiveEvent.From)]);
        p.Sent = p.ReadyTo;
        p.NextPushAt = now + Ticks(options.Value.CoalesceWindow);
        Dispatch(channel, "Events", batch);
        if (Channels.TryParse(channel, out var name)) metrics.EventsSent(name.Kind, batch.Events.Count);
        // From the first commit in the batch to its push: the server's share of submit-to-viewer time.
        metrics.RecordSubmitToBroadcast(time.GetUtcNow() - p.Ready[0].At);
        p.Ready.Clear();
    }

    async Task HeadsAsync(CancellationToken ct)
    {
        var subscribed = connections.Channels();
        if (subscribed.Count == 0) return;
        Dictionary<string, long> heads;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LiveBoardDb>();
            heads = await db.ChannelHeads.AsNoTracking().Where(h => subscribed.Contains(h.Channel)).ToDictionaryAsync(h => h.Channel, h => h.Seq, ct);
        }
        while (queue.Reader.TryRead(out var batch)) Receive(batch);
        var now = Stopwatch.GetTimestamp();
        foreach (var channel in subscribed)
        {
            // What this node holds for the channel goes first, whatever the coalescing window says.
            Push(now, flushAll: true, only: channel);
            // Straight to this node's viewers of the channel (one serialised message for all of them), never through the
            // backplane: heads are how a viewer finds out what the backplane lost.
            var message = new HeadsMessage(epoch.Value, new Dictionary<string, long> { [channel] = heads.GetValueOrDefault(channel) });
            SendLocal(channel, "Heads", message);
        }
    }

    /// Starts a send without waiting for slow connections. Sends to one group are started in order, and SignalR writes
    /// to a connection in the order the writes were started.
    void Dispatch(string channel, string method, object message)
    {
        metrics.MessagesSent();
        var timeout = new CancellationTokenSource(options.Value.SendTimeout);
        Task send;
        try
        {
            send = clients.SendGroupAsync(Channels.Group(channel), method, [message], timeout.Token);
        }
        catch (Exception ex)
        {
            send = Task.FromException(ex);
        }
        if (send.IsCompleted)
        {
            timeout.Dispose();
            if (send.IsFaulted) Fallback(channel, method, message, send.Exception!.GetBaseException());
            return;
        }
        inFlight.Add(Observe(send, timeout, channel, method));
    }

    async Task Observe(Task send, CancellationTokenSource timeout, string channel, string method)
    {
        try { await send; }
        catch (Exception ex) { Log.PushFailed(logger, channel, method, ex.Message); }
        finally { timeout.Dispose(); }
    }

    /// The backplane refused the push: this node's own viewers of the channel get it directly.
    void Fallback(string channel, string method, object message, Exception ex)
    {
        Log.PushFailed(logger, channel, method, ex.Message);
        SendLocal(channel, method, message);
    }

    void SendLocal(string channel, string method, object message)
    {
        metrics.MessagesSent();
        var timeout = new CancellationTokenSource(options.Value.SendTimeout);
        var send = clients.SendLocalAsync(connections.Of(channel), method, [message], timeout.Token);
        if (send.IsCompletedSuccessfully) timeout.Dispose();
        else inFlight.Add(Observe(send, timeout, channel, method));
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 3003, EventName = "LivePushFailed", Level = LogLevel.Warning, Message = "Live push {Method} on {Channel} failed ({Reason}); viewers will catch up from the log")]
        public static partial void PushFailed(ILogger logger, string channel, string method, string reason);

        [LoggerMessage(EventId = 3001, EventName = "LiveLoopFailed", Level = LogLevel.Warning, Message = "Live dispatch loop failed; it goes on")]
        public static partial void LoopFailed(ILogger logger, Exception ex);
    }
}
