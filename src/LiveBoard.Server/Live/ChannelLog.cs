using System.Collections.Concurrent;
using System.Collections.Immutable;
using LiveBoard.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveBoard.Server.Live;

/// An event as this node holds it: parsed once (every reply shares it) and with its stored JSON, which the write path
/// compares a new state against.
public sealed record CachedEvent(LiveEvent Event, string? Json);

/// One channel as of `Head`: the current state of each object and the most recent events, immutable, so readers
/// never lock and thousands of replies share one copy.
public sealed class ChannelView(long head, ImmutableDictionary<(string Type, string Id), CachedEvent> current, ImmutableList<CachedEvent> recent)
{
    public static readonly ChannelView Empty = new(0, ImmutableDictionary<(string, string), CachedEvent>.Empty, []);

    public long Head { get; } = head;
    public ImmutableDictionary<(string Type, string Id), CachedEvent> Current { get; } = current;
    /// Contiguous events ending at Head.
    public ImmutableList<CachedEvent> Recent { get; } = recent;

    IReadOnlyList<LiveEvent>? snapshot;

    /// The last event of every object, deletions left out, in seq order; built once per head and shared.
    public IReadOnlyList<LiveEvent> Snapshot => snapshot ??=
        [.. Current.Values.Where(e => e.Json is not null).Select(e => e.Event).OrderBy(e => e.Seq)];

    /// The events after `since`, or null when they are no longer held (the caller sends a snapshot instead).
    public IReadOnlyList<LiveEvent>? After(long since)
    {
        if (since == Head) return [];
        var oldest = Head - Recent.Count + 1;
        if (since < oldest - 1 || since > Head) return null;
        return [.. Recent.Skip((int)(since - oldest + 1)).Select(e => e.Event)];
    }

    public CachedEvent? Find(string type, string id) => Current.GetValueOrDefault((type, id));

    readonly ConcurrentDictionary<string, object?> memo = new();

    /// Something computed from this view (standings put together, a data source's rows), computed once per head.
    public T Memo<T>(string key, Func<ChannelView, T> compute) => (T)memo.GetOrAdd(key, _ => compute(this))!;

    /// The same for what needs the database to compute (computed at most a few times at once, kept once).
    public async Task<T> MemoAsync<T>(string key, Func<Task<T>> compute)
    {
        if (memo.TryGetValue(key, out var found)) return (T)found!;
        var value = await compute();
        return (T)memo.GetOrAdd(key, value)!;
    }

    internal ChannelView With(IEnumerable<LogEvent> events, int capacity)
    {
        var (head, current, recent) = (Head, Current.ToBuilder(), Recent.ToBuilder());
        foreach (var e in events)
        {
            if (e.Seq != head + 1) continue;
            var cached = new CachedEvent(LiveEvent.From(e), e.Data);
            head = e.Seq;
            if (e.Data is null) current.Remove((e.Type, e.ObjectId)); else current[(e.Type, e.ObjectId)] = cached;
            recent.Add(cached);
        }
        if (recent.Count > capacity) recent.RemoveRange(0, recent.Count - capacity);
        return new ChannelView(head, current.ToImmutable(), recent.ToImmutable());
    }
}

/// This node's memory of the event log, per channel. Subscribes, catch-ups, data sources and the write path's "did
/// this object change?" read it instead of the database. The database stays the truth: a reader passes the channel's
/// head as the database has it (one key lookup), and when a commit of another node (or one this node has not
/// dispatched yet) moved it on, the missing events are loaded once, by one reader, and shared.
public sealed class ChannelLog(IOptions<LiveOptions> options)
{
    readonly ConcurrentDictionary<string, Memory> channels = new();

    sealed class Memory
    {
        public long PolledHead;
        // Never polled: Stopwatch timestamps count from boot, so the first caller polls. (long.MinValue overflowed the
        // subtraction below into a negative age, and the channel was never polled at all.)
        public long PolledAt;
        public volatile ChannelView View = ChannelView.Empty;
        public volatile bool Loaded;
        public readonly object Gate = new();
        public readonly SemaphoreSlim Loading = new(1, 1);
    }

    Memory Of(string channel) => channels.GetOrAdd(channel, _ => new Memory());

    int Capacity => options.Value.MaxReplay;

    /// Told synchronously after each local commit (before its request answers), so a poller reads this node's own
    /// writes at once, even while the dispatcher has not taken them in yet.
    public void Committed(string channel, long seq)
    {
        var memory = Of(channel);
        long seen;
        while ((seen = Volatile.Read(ref memory.PolledHead)) < seq && Interlocked.CompareExchange(ref memory.PolledHead, seq, seen) != seen) { }
    }

    /// The channel's head for pollers: this node's own commits at once, other nodes' within `maxAge` (one key lookup
    /// per channel per `maxAge`, however many pollers ask).
    public async Task<long> PollHeadAsync(LiveBoardDb db, string channel, TimeSpan maxAge, CancellationToken ct)
    {
        var memory = Of(channel);
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        var polledAt = Volatile.Read(ref memory.PolledAt);
        // One caller polls; the others that come meanwhile take the head as it stands (at most one poll interval old).
        if (now - polledAt > maxAge.TotalSeconds * System.Diagnostics.Stopwatch.Frequency
            && Interlocked.CompareExchange(ref memory.PolledAt, now, polledAt) == polledAt)
        {
            try
            {
                var head = await db.ChannelHeads.AsNoTracking().Where(h => h.Channel == channel).Select(h => h.Seq).FirstOrDefaultAsync(ct);
                Committed(channel, head);
            }
            catch
            {
                Volatile.Write(ref memory.PolledAt, polledAt); // the next caller polls again
                throw;
            }
        }
        return Math.Max(Volatile.Read(ref memory.PolledHead), memory.Loaded ? memory.View.Head : 0);
    }

    /// Events of local commits, in seq order (the dispatcher puts them in order). A channel nobody has read yet is left
    /// for its first reader to load; an event that does not follow the head is left for the next reader to fetch.
    public void Append(string channel, IReadOnlyList<LogEvent> events)
    {
        if (!channels.TryGetValue(channel, out var memory) || !memory.Loaded) return;
        lock (memory.Gate) memory.View = memory.View.With(events, Capacity);
    }

    /// The channel as of at least `head`. Reads the missing events with the caller's context (inside its transaction,
    /// when it has one, which is what the write path needs).
    public async Task<ChannelView> AtLeastAsync(LiveBoardDb db, string channel, long head, CancellationToken ct)
    {
        var memory = Of(channel);
        if (memory.Loaded && memory.View.Head >= head) return memory.View;
        await memory.Loading.WaitAsync(ct);
        try
        {
            if (!memory.Loaded) await LoadAsync(db, channel, head, memory, ct);
            var have = memory.View.Head;
            if (have < head)
            {
                var missing = await db.Events.AsNoTracking().Where(e => e.Channel == channel && e.Seq > have && e.Seq <= head)
                    .OrderBy(e => e.Seq).ToListAsync(ct);
                lock (memory.Gate) memory.View = memory.View.With(missing, Capacity);
            }
            return memory.View;
        }
        finally
        {
            memory.Loading.Release();
        }
    }

    /// The current state of every object and the recent events, read once per channel and node.
    /// Up to the head the caller names: a writer's own transaction may already hold more, which is not committed yet.
    async Task LoadAsync(LiveBoardDb db, string channel, long head, Memory memory, CancellationToken ct)
    {
        var latest = db.Events.Where(e => e.Channel == channel && e.Seq <= head).GroupBy(e => new { e.Type, e.ObjectId }).Select(g => g.Max(e => e.Seq));
        var states = await db.Events.AsNoTracking().Where(e => e.Channel == channel && latest.Contains(e.Seq) && e.Data != null).ToListAsync(ct);
        var from = Math.Max(0, head - Capacity);
        var recent = await db.Events.AsNoTracking().Where(e => e.Channel == channel && e.Seq > from && e.Seq <= head).OrderBy(e => e.Seq).ToListAsync(ct);
        var current = states.ToImmutableDictionary(e => (e.Type, e.ObjectId), e => new CachedEvent(LiveEvent.From(e), e.Data));
        lock (memory.Gate)
        {
            memory.View = new ChannelView(head, current, [.. recent.Select(e => new CachedEvent(LiveEvent.From(e), e.Data))]);
            memory.Loaded = true;
        }
    }
}
