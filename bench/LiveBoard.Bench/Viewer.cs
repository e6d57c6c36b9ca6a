using System.Net.WebSockets;

namespace LiveBoard.Bench;

/// When a viewer's position first reached each sequence: appended whenever it advances, read after the run, so the
/// receive path does no more than two stores. Latency of an update with sequence n = time the viewer first held ≥ n.
public sealed class Progress
{
    long[] seqs = new long[32];
    long[] times = new long[32];
    int count;

    public void Add(long seq, long time)
    {
        if (count > 0 && seq <= seqs[count - 1]) return;
        if (count == seqs.Length)
        {
            Array.Resize(ref seqs, count * 2);
            Array.Resize(ref times, count * 2);
        }
        seqs[count] = seq;
        times[count] = time;
        count++;
    }

    /// The time the viewer first held seq or later, or -1 if it never did.
    public long FirstReached(long seq)
    {
        int lo = 0, hi = count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (seqs[mid] >= seq) { found = mid; hi = mid - 1; }
            else lo = mid + 1;
        }
        return found < 0 ? -1 : times[found];
    }

    public long Last => count == 0 ? 0 : seqs[count - 1];
}

/// One viewer's WebSocket: a receive loop that hands whole messages to the protocol, and serialised sends.
public abstract class Viewer
{
    protected ClientWebSocket? Socket;
    readonly SemaphoreSlim sendLock = new(1, 1);
    byte[] buffer = new byte[16 * 1024];
    public readonly Progress Progress = new();
    public int Errors;
    public int Disconnects;
    /// Every byte of every message received, protocol overhead included.
    public long BytesReceived;
    public bool Connected;
    /// Set while the storm holds this viewer down, or at the end of the run, so a closed socket is not reconnected.
    public volatile bool Stopping;
    Task? receiving;
    // Each socket opened gets a number; a receive loop whose socket was replaced ends quietly.
    int generation;
    int reconnecting;

    protected async Task OpenAsync(Uri uri, CancellationToken ct)
    {
        Supersede();
        var socket = new ClientWebSocket();
        // Keep-alives are the protocol's own pings; small socket buffers keep thousands of viewers light.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.SetBuffer(4096, 4096);
        try
        {
            await socket.ConnectAsync(uri, ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        Socket = socket;
        receiving = ReceiveLoopAsync(socket, Volatile.Read(ref generation));
    }

    /// Forgets the current socket without counting a disconnect or reconnecting (a failed or replaced connection).
    void Supersede()
    {
        Interlocked.Increment(ref generation);
        var old = Socket;
        Socket = null;
        Connected = false;
        try { old?.Abort(); } catch (ObjectDisposedException) { }
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        var socket = Socket;
        if (socket is null) return;
        await sendLock.WaitAsync();
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The receive loop sees the same failure and counts it.
        }
        finally
        {
            sendLock.Release();
        }
    }

    /// Sends only if no other send is under way (pings need not queue behind a subscribe).
    public async Task TrySendAsync(ReadOnlyMemory<byte> bytes)
    {
        var socket = Socket;
        if (socket is null || !await sendLock.WaitAsync(0)) return;
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException) { }
        finally
        {
            sendLock.Release();
        }
    }

    async Task ReceiveLoopAsync(ClientWebSocket socket, int opened)
    {
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                var r = await socket.ReceiveAsync(buffer.AsMemory(filled), CancellationToken.None);
                if (r.MessageType == WebSocketMessageType.Close) break;
                filled += r.Count;
                BytesReceived += r.Count;
                if (!r.EndOfMessage) continue;
                var consumed = OnMessage(buffer.AsSpan(0, filled));
                if (consumed < filled) Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
                await AfterMessageAsync();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException) { }
        catch (Exception)
        {
            Interlocked.Increment(ref Errors);
        }
        socket.Dispose();
        if (opened != Volatile.Read(ref generation)) return;
        Connected = false;
        Socket = null;
        if (!Stopping)
        {
            Interlocked.Increment(ref Disconnects);
            _ = ReconnectAsync();
        }
    }

    /// Drops the connection on purpose (the reconnect storm, the end of a run).
    public async Task CloseAsync()
    {
        Stopping = true;
        var socket = Socket;
        if (socket is not null)
        {
            try { socket.Abort(); } catch (ObjectDisposedException) { }
        }
        if (receiving is not null) await receiving;
    }

    /// Rule 5 of the live protocol: reconnect forever with full jitter, random(0, min(cap, base · 2^attempt)).
    public async Task ReconnectAsync()
    {
        // One reconnect loop per viewer, whoever noticed the loss first.
        if (Interlocked.Exchange(ref reconnecting, 1) == 1) return;
        try
        {
            await ReconnectLoopAsync();
        }
        finally
        {
            Volatile.Write(ref reconnecting, 0);
        }
    }

    async Task ReconnectLoopAsync()
    {
        for (var attempt = 0; !Stopping; attempt++)
        {
            // The same base and cap as displays/shared/liveboard-client.js.
            var ceiling = Math.Min(30_000, 500 * Math.Pow(2, Math.Min(attempt, 10)));
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling));
            if (Stopping) return;
            try
            {
                await ConnectAsync(CancellationToken.None);
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Interlocked.Increment(ref Errors);
            }
        }
    }

    /// Opens the socket, does the protocol's handshake and subscription, and returns once the viewer is subscribed.
    public async Task ConnectAsync(CancellationToken ct)
    {
        try
        {
            await ConnectCoreAsync(ct);
        }
        catch
        {
            Supersede();
            throw;
        }
    }

    protected abstract Task ConnectCoreAsync(CancellationToken ct);

    /// Handles one whole WebSocket message; returns how many bytes it used (the rest waits for the next message).
    protected abstract int OnMessage(ReadOnlySpan<byte> message);

    protected virtual Task AfterMessageAsync() => Task.CompletedTask;

    public abstract Task PingAsync();

    public abstract long Last { get; }

    /// When the viewer first had the update with this seq (LiveBoard: held it or a later one), or -1.
    public virtual long ReachedAt(long seq) => Progress.FirstReached(seq);
}
