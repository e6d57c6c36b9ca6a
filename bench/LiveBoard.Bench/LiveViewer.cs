using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace LiveBoard.Bench;

/// What LiveBoard's viewers share: where to connect, which channel, and what any of them learnt about the log.
public sealed class LiveContext(Uri baseUri, string channel, HttpClient http)
{
    public Uri BaseUri { get; } = baseUri;
    public string Channel { get; } = channel;
    public HttpClient Http { get; } = http;
    /// The `at` of each public event, by seq, from whichever viewer saw it first (the fallback way to find a mark's event).
    public readonly ConcurrentDictionary<long, DateTimeOffset> AtBySeq = new();
    /// The bytes of each pushed public event, kept by the probe viewer only.
    public readonly ConcurrentDictionary<long, byte[]> EventBytes = new();
}

/// A LiveBoard viewer speaking the SignalR JSON protocol over a raw WebSocket, following every client rule of
/// docs/live-protocol.md: resume with the last seq, gaps, holding pushes during a subscribe, heads acted on only when
/// still behind at the next Heads (after 0–1 s of jitter), epoch changes, and both `Event` and `Events` pushes.
public sealed class LiveViewer(LiveContext context, bool probe) : Viewer
{
    const byte RecordSeparator = 0x1e;
    static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    readonly object gate = new();
    long last;
    bool hasLast;
    string? epoch;
    bool handshaken;
    TaskCompletionSource? handshakeDone;
    TaskCompletionSource? subscribed;
    bool subscribing;
    long? subscribeSince;
    int invocations;
    bool subscribeWanted;
    long? subscribeWantedSince;
    // Pushes that arrive while a subscribe is in flight (rule 3), as seq ranges.
    readonly List<(long From, long To, long[] Seqs)> held = [];
    readonly List<long> batch = [];
    long overlapLow = long.MaxValue, overlapHigh = long.MinValue;
    long previousHead;
    bool jitterArmed;
    long gapSeq;

    public long Deliveries, SnapshotEvents, Gaps, GapsRepaired, Duplicates, Overlaps, Subscribes, Connects, HeadResubscribes, EpochResets, Replies;
    /// Size of the last subscribe reply message, in bytes (the new-viewer snapshot when it subscribed with null).
    public byte[]? LastReply;
    public bool Probe => probe;

    public override long Last { get { lock (gate) return last; } }

    protected override async Task ConnectCoreAsync(CancellationToken ct)
    {
        using var negotiate = await context.Http.PostAsync(new Uri(context.BaseUri, "/hubs/live/negotiate?negotiateVersion=1"), null, ct);
        negotiate.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await negotiate.Content.ReadAsByteArrayAsync(ct));
        var token = doc.RootElement.GetProperty("connectionToken").GetString();
        var ws = new UriBuilder(context.BaseUri) { Scheme = context.BaseUri.Scheme == "https" ? "wss" : "ws", Path = "/hubs/live", Query = $"id={Uri.EscapeDataString(token!)}" }.Uri;
        lock (gate)
        {
            handshaken = false;
            handshakeDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            subscribing = false;
            held.Clear();
            previousHead = 0;
        }
        Stopping = false;
        await OpenAsync(ws, ct);
        await SendAsync(Handshake);
        var tcs = handshakeDone!;
        await tcs.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        Connected = true;
        // Rule 1: on every (re)connection subscribe with the last seq applied, or null.
        long? since;
        lock (gate) since = hasLast ? last : null;
        await SubscribeAsync(since);
        await subscribed!.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        Interlocked.Increment(ref Connects);
    }

    /// Feeds one message as if it came from the socket (bench --self-check).
    internal async Task FeedAsync(byte[] message)
    {
        OnMessage(message);
        await AfterMessageAsync();
    }

    public override Task PingAsync() => Connected ? TrySendAsync(Ping) : Task.CompletedTask;

    async Task SubscribeAsync(long? since)
    {
        int id;
        lock (gate)
        {
            if (subscribing) return;
            subscribing = true;
            subscribeSince = since;
            id = ++invocations;
            Subscribes++;
        }
        var message = $"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":\"Subscribe\",\"arguments\":[\"{context.Channel}\",{(since is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null")}]}}\u001e";
        await SendAsync(Encoding.UTF8.GetBytes(message));
    }

    protected override async Task AfterMessageAsync()
    {
        bool want;
        long? since;
        lock (gate)
        {
            want = subscribeWanted && !subscribing;
            since = subscribeWantedSince;
            subscribeWanted = false;
        }
        if (want) await SubscribeAsync(since);
    }

    // Called under the gate: the next AfterMessage sends the subscribe.
    void WantSubscribe(long? since)
    {
        if (subscribing) return;
        subscribeWanted = true;
        subscribeWantedSince = since;
    }

    protected override int OnMessage(ReadOnlySpan<byte> message)
    {
        var used = 0;
        while (true)
        {
            var end = message[used..].IndexOf(RecordSeparator);
            if (end < 0) return used;
            var record = message.Slice(used, end);
            used += end + 1;
            try
            {
                OnRecord(record);
            }
            catch (JsonException)
            {
                Interlocked.Increment(ref Errors);
            }
        }
    }

    void OnRecord(ReadOnlySpan<byte> record)
    {
        if (!handshaken)
        {
            handshaken = true;
            if (record.IndexOf("\"error\""u8) >= 0) { Interlocked.Increment(ref Errors); handshakeDone?.TrySetException(new InvalidOperationException(Encoding.UTF8.GetString(record))); }
            else handshakeDone?.TrySetResult();
            return;
        }
        var reader = new Utf8JsonReader(record);
        reader.Read();
        int type = 0, target = 0; // target: 1 Event, 2 Events, 3 Heads
        int argsStart = -1, argsEnd = -1, resultStart = -1, resultEnd = -1;
        var error = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8)) { reader.Read(); type = reader.GetInt32(); }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                target = reader.ValueTextEquals("Event"u8) ? 1 : reader.ValueTextEquals("Events"u8) ? 2 : reader.ValueTextEquals("Heads"u8) ? 3 : 0;
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                argsStart = (int)reader.TokenStartIndex;
                reader.Skip();
                argsEnd = (int)reader.BytesConsumed;
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                resultStart = (int)reader.TokenStartIndex;
                reader.Skip();
                resultEnd = (int)reader.BytesConsumed;
            }
            else if (reader.ValueTextEquals("error"u8)) { error = true; reader.Read(); reader.Skip(); }
            else { reader.Read(); reader.Skip(); }
        }
        switch (type)
        {
            case 1 when argsStart >= 0:
                var args = record[argsStart..argsEnd];
                // Skip the array's '[' to reach the one argument.
                if (target == 1) OnEvent(args);
                else if (target == 2) OnEvents(args);
                else if (target == 3) OnHeads(args);
                break;
            case 3:
                if (error || resultStart < 0) OnSubscribeFailed();
                else OnReply(record[resultStart..resultEnd], record.Length);
                if (probe && !error && resultStart >= 0) LastReply = record.ToArray();
                break;
            case 7:
                // Close from the server: the socket closes next and the loop reconnects.
                Interlocked.Increment(ref Errors);
                break;
        }
    }

    // One event: its seq, and its `at` when nobody recorded it yet; the data is skipped.
    long ReadEvent(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, bool capture, bool recordAt = true)
    {
        var start = (int)reader.TokenStartIndex;
        long seq = 0;
        var atStart = -1;
        var atEnd = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("seq"u8)) { reader.Read(); seq = reader.GetInt64(); }
            else if (reader.ValueTextEquals("at"u8))
            {
                reader.Read();
                atStart = (int)reader.TokenStartIndex;
                atEnd = (int)reader.BytesConsumed;
            }
            else { reader.Read(); reader.Skip(); }
        }
        if (recordAt && atStart >= 0 && !context.AtBySeq.ContainsKey(seq))
        {
            var atText = source[(atStart + 1)..(atEnd - 1)];
            if (DateTimeOffset.TryParse(Encoding.UTF8.GetString(atText), System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.RoundtripKind, out var at))
                context.AtBySeq.TryAdd(seq, at);
        }
        if (capture) context.EventBytes.TryAdd(seq, source[start..(int)reader.BytesConsumed].ToArray());
        return seq;
    }

    void OnEvent(ReadOnlySpan<byte> args)
    {
        var reader = new Utf8JsonReader(args);
        reader.Read(); // [
        reader.Read(); // {
        var seq = ReadEvent(ref reader, args, probe);
        Apply(seq, seq, [seq]);
    }

    void OnEvents(ReadOnlySpan<byte> args)
    {
        var reader = new Utf8JsonReader(args);
        reader.Read(); // [
        reader.Read(); // {
        long from = 0, to = 0;
        batch.Clear();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("from"u8)) { reader.Read(); from = reader.GetInt64(); }
            else if (reader.ValueTextEquals("to"u8)) { reader.Read(); to = reader.GetInt64(); }
            else if (reader.ValueTextEquals("events"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    batch.Add(ReadEvent(ref reader, args, probe));
                }
            }
            else { reader.Read(); reader.Skip(); }
        }
        Apply(from, to, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch));
    }

    // Rule 2 (and its batch form): gap → resubscribe with last; old → ignore; else apply and advance.
    void Apply(long from, long to, ReadOnlySpan<long> seqs)
    {
        lock (gate)
        {
            if (subscribing || subscribeWanted || !hasLast)
            {
                held.Add((from, to, seqs.ToArray()));
                return;
            }
            ApplyLocked(from, to, seqs, fromHold: false);
        }
    }

    void ApplyLocked(long from, long to, ReadOnlySpan<long> seqs, bool fromHold)
    {
        if (to <= last)
        {
            if (fromHold || (to > overlapLow && to <= overlapHigh)) Overlaps++;
            else Duplicates++;
            return;
        }
        if (from > last + 1)
        {
            Gaps++;
            if (gapSeq == 0) gapSeq = from;
            WantSubscribe(last);
            return;
        }
        // In a batch, the events with seq ≤ last are already applied; the batch's `to` is the new position.
        foreach (var seq in seqs)
            if (seq > last) Deliveries++;
        last = to;
        Progress.Add(to, Clock.Now);
    }

    void OnHeads(ReadOnlySpan<byte> args)
    {
        var reader = new Utf8JsonReader(args);
        reader.Read(); // [
        reader.Read(); // {
        string? headsEpoch = null;
        long head = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("epoch"u8)) { reader.Read(); headsEpoch = reader.GetString(); }
            else if (reader.ValueTextEquals("heads"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var mine = reader.ValueTextEquals(context.Channel);
                    reader.Read();
                    if (mine) head = reader.GetInt64();
                }
            }
            else { reader.Read(); reader.Skip(); }
        }
        lock (gate)
        {
            if (epoch is not null && headsEpoch is not null && headsEpoch != epoch)
            {
                // Rule 4: another epoch means our seqs mean nothing; start again from a snapshot.
                EpochResets++;
                hasLast = false;
                WantSubscribe(null);
                return;
            }
            if (head < 0) return;
            // Act on a head only if still behind it when the next Heads arrives, then after 0–1 s of jitter.
            if (previousHead > 0 && last < previousHead && !subscribing && !jitterArmed)
            {
                jitterArmed = true;
                var target = previousHead;
                _ = ResubscribeAfterJitterAsync(target);
            }
            previousHead = head;
        }
    }

    async Task ResubscribeAfterJitterAsync(long head)
    {
        await Task.Delay(Random.Shared.Next(0, 1001));
        long since;
        lock (gate)
        {
            jitterArmed = false;
            if (last >= head || subscribing || !Connected) return;
            HeadResubscribes++;
            since = last;
        }
        await SubscribeAsync(since);
    }

    void OnSubscribeFailed()
    {
        Interlocked.Increment(ref Errors);
        lock (gate) subscribing = false;
        _ = RetrySubscribeAsync();
    }

    async Task RetrySubscribeAsync()
    {
        await Task.Delay(Random.Shared.Next(100, 1000));
        long? since;
        lock (gate) since = hasLast ? last : null;
        await SubscribeAsync(since);
    }

    // SubscribeReply {channel, epoch, head, snapshot, events}; then the held pushes after its head (rule 3).
    void OnReply(ReadOnlySpan<byte> result, int size)
    {
        var reader = new Utf8JsonReader(result);
        reader.Read();
        string? replyEpoch = null;
        long head = 0;
        var snapshot = false;
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("epoch"u8)) { reader.Read(); replyEpoch = reader.GetString(); }
            else if (reader.ValueTextEquals("head"u8)) { reader.Read(); head = reader.GetInt64(); }
            else if (reader.ValueTextEquals("snapshot"u8)) { reader.Read(); snapshot = reader.GetBoolean(); }
            else if (reader.ValueTextEquals("events"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    // A snapshot's events are old states; only events after `since` tell when something happened.
                    ReadEvent(ref reader, result, false, recordAt: !snapshot);
                    count++;
                }
            }
            else { reader.Read(); reader.Skip(); }
        }
        TaskCompletionSource? done;
        lock (gate)
        {
            Replies++;
            epoch = replyEpoch;
            var since = subscribeSince;
            if (snapshot)
            {
                SnapshotEvents += count;
                last = head;
                overlapLow = long.MinValue;
            }
            else
            {
                // The events after since, in order, up to head: those above our last are new to us.
                if (head > last) Deliveries += Math.Min(count, head - last);
                last = Math.Max(last, head);
                overlapLow = since ?? long.MinValue;
            }
            overlapHigh = head;
            hasLast = true;
            subscribing = false;
            Progress.Add(last, Clock.Now);
            if (gapSeq != 0 && last >= gapSeq)
            {
                GapsRepaired++;
                gapSeq = 0;
            }
            var pending = held.ToList();
            held.Clear();
            foreach (var (from, to, seqs) in pending)
            {
                // After a gap the coming reply covers the rest.
                if (subscribeWanted) break;
                ApplyLocked(from, to, seqs, fromHold: true);
            }
            done = subscribed;
        }
        done?.TrySetResult();
    }
}
