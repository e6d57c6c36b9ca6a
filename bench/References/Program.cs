using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

// The floors LiveBoard is measured against, carrying the same bytes:
//   --mode raw      GET /ws is a WebSocket; POST /send writes the posted bytes, as they are, to every socket.
//   --mode signalr  /hub is a plain SignalR hub; POST /send broadcasts the posted JSON with Clients.All.SendAsync("Event", …).
// Each connection has its own send queue and writer, as any broadcast server needs (a WebSocket takes one send at a time).
var mode = args.SkipWhile(a => a != "--mode").Skip(1).FirstOrDefault() ?? "raw";
var builder = WebApplication.CreateSlimBuilder(args.Where(a => a != "--mode" && a != mode).ToArray());
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSignalR();
builder.Services.AddSingleton<RawSockets>();
var app = builder.Build();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });

app.MapGet("/ready", () => mode);
if (mode == "signalr")
{
    app.MapHub<BroadcastHub>("/hub");
    app.MapPost("/send", async (HttpRequest request, IHubContext<BroadcastHub> hub) =>
    {
        using var body = await System.Text.Json.JsonDocument.ParseAsync(request.Body);
        await hub.Clients.All.SendAsync("Event", body.RootElement.Clone());
        return Results.Ok();
    });
}
else
{
    app.Map("/ws", async (HttpContext http, RawSockets sockets) =>
    {
        if (!http.WebSockets.IsWebSocketRequest) return Results.BadRequest();
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        await sockets.ServeAsync(socket, http.RequestAborted);
        return Results.Empty;
    });
    app.MapPost("/send", async (HttpRequest request, RawSockets sockets) =>
    {
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy);
        sockets.Broadcast(copy.ToArray());
        return Results.Ok();
    });
}
app.Run();

sealed class BroadcastHub : Hub;

sealed class RawSockets
{
    readonly System.Collections.Concurrent.ConcurrentDictionary<Channel<byte[]>, bool> queues = new();

    public void Broadcast(byte[] message)
    {
        foreach (var queue in queues.Keys) queue.Writer.TryWrite(message);
    }

    public async Task ServeAsync(WebSocket socket, CancellationToken aborted)
    {
        var queue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        queues[queue] = true;
        try
        {
            var writer = WriteAsync(socket, queue.Reader, aborted);
            var buffer = new byte[256];
            // Read until the viewer closes; viewers send nothing else.
            while (!aborted.IsCancellationRequested)
            {
                var r = await socket.ReceiveAsync(buffer, aborted);
                if (r.MessageType == WebSocketMessageType.Close) break;
            }
            queue.Writer.TryComplete();
            await writer;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException) { }
        finally
        {
            queues.TryRemove(queue, out _);
        }
    }

    static async Task WriteAsync(WebSocket socket, ChannelReader<byte[]> reader, CancellationToken aborted)
    {
        try
        {
            await foreach (var message in reader.ReadAllAsync(aborted))
                await socket.SendAsync(message, WebSocketMessageType.Text, true, aborted);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException) { }
    }
}
