using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace LiveBoard.Bench;

public enum RefKind { RawWebSocket, SignalR, SocketIo }

/// A viewer of a reference server. Every message carries `{"seq":N,…}` first, so reading N is a search and a parse;
/// the references do not repair anything, so a viewer only counts what it missed or got twice.
public sealed class RefViewer(RefKind kind, Uri baseUri, HttpClient http) : Viewer
{
    static readonly byte[] SignalRHandshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    static readonly byte[] SignalRPing = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
    static readonly byte[] EnginePong = "3"u8.ToArray();
    static readonly byte[] SocketIoConnect = "40"u8.ToArray();

    long last;
    // Receive time by seq (0 = not received): triggers sent at once can overtake each other on the way in.
    long[] receivedAt = new long[64];
    bool pongDue;
    bool connectDue;
    TaskCompletionSource? ready;
    public long Deliveries, Duplicates, Reordered, Connects;

    public override long Last => Interlocked.Read(ref last);

    protected override async Task ConnectCoreAsync(CancellationToken ct)
    {
        ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Stopping = false;
        var ws = new UriBuilder(baseUri) { Scheme = "ws" };
        switch (kind)
        {
            case RefKind.RawWebSocket:
                ws.Path = "/ws";
                await OpenAsync(ws.Uri, ct);
                ready.TrySetResult();
                break;
            case RefKind.SignalR:
                using (var negotiate = await http.PostAsync(new Uri(baseUri, "/hub/negotiate?negotiateVersion=1"), null, ct))
                {
                    negotiate.EnsureSuccessStatusCode();
                    using var doc = JsonDocument.Parse(await negotiate.Content.ReadAsByteArrayAsync(ct));
                    ws.Path = "/hub";
                    ws.Query = "id=" + Uri.EscapeDataString(doc.RootElement.GetProperty("connectionToken").GetString()!);
                }
                await OpenAsync(ws.Uri, ct);
                await SendAsync(SignalRHandshake);
                break;
            case RefKind.SocketIo:
                ws.Path = "/socket.io/";
                ws.Query = "EIO=4&transport=websocket";
                await OpenAsync(ws.Uri, ct);
                break;
        }
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        Connected = true;
        Interlocked.Increment(ref Connects);
    }

    public override Task PingAsync() => Connected && kind == RefKind.SignalR ? TrySendAsync(SignalRPing) : Task.CompletedTask;

    protected override int OnMessage(ReadOnlySpan<byte> message)
    {
        switch (kind)
        {
            case RefKind.RawWebSocket:
                OnPayload(message);
                return message.Length;
            case RefKind.SignalR:
                var used = 0;
                while (true)
                {
                    var end = message[used..].IndexOf((byte)0x1e);
                    if (end < 0) return used;
                    var record = message.Slice(used, end);
                    used += end + 1;
                    if (record.StartsWith("{}"u8) || record.StartsWith("{\"error\""u8)) ready?.TrySetResult();
                    else if (record.StartsWith("{\"type\":1,"u8)) OnPayload(record);
                }
            default:
                // Engine.IO v4: 0 open, 2 ping (answer 3), 40 namespace connected, 42 an event.
                if (message.Length == 0) return 0;
                switch (message[0])
                {
                    case (byte)'0': connectDue = true; break;
                    case (byte)'2': pongDue = true; break;
                    case (byte)'4' when message.Length > 1 && message[1] == (byte)'0': ready?.TrySetResult(); break;
                    case (byte)'4' when message.Length > 1 && message[1] == (byte)'2': OnPayload(message); break;
                }
                return message.Length;
        }
    }

    protected override async Task AfterMessageAsync()
    {
        if (connectDue) { connectDue = false; await SendAsync(SocketIoConnect); }
        if (pongDue) { pongDue = false; await SendAsync(EnginePong); }
    }

    void OnPayload(ReadOnlySpan<byte> message)
    {
        var at = message.IndexOf("\"seq\":"u8);
        if (at < 0 || !Utf8Parser.TryParse(message[(at + 6)..], out long seq, out _)) return;
        var now = Clock.Now;
        // Seq 0 is the warm-up.
        if (seq <= 0 || seq > 10_000_000) return;
        if (seq >= receivedAt.Length) Array.Resize(ref receivedAt, (int)Math.Max(seq + 1, receivedAt.Length * 2L));
        if (receivedAt[seq] != 0) { Duplicates++; return; }
        receivedAt[seq] = now;
        Deliveries++;
        if (seq < last) { Reordered++; return; }
        Interlocked.Exchange(ref last, seq);
        Progress.Add(seq, now);
    }

    public override long ReachedAt(long seq) => seq > 0 && seq < receivedAt.Length && receivedAt[seq] != 0 ? receivedAt[seq] : -1;

    /// Seqs up to `count` this viewer never received.
    public long MissedOf(long count)
    {
        long missed = 0;
        for (var k = 1; k <= count; k++)
            if (ReachedAt(k) < 0) missed++;
        return missed;
    }
}
