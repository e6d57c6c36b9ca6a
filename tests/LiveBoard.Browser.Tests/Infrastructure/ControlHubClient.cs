using LiveBoard.Server.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveBoard.Browser.Tests.Infrastructure;

/// A screen, an overlay or a public viewer on /hubs/live, driven from C#: the other end of the control desk's commands.
/// A screen carries its display key on the hub URL (`?key=`), as a kiosk browser or OBS would.
public sealed class ControlHubClient : IAsyncDisposable
{
    readonly HubConnection connection;
    readonly List<LiveEvent> pushes = [];
    readonly Lock gate = new();
    TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    ControlHubClient(Uri server, string? key)
    {
        connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, key is null ? "/hubs/live" : $"/hubs/live?key={Uri.EscapeDataString(key)}"))
            .Build();
        connection.On<EventBatch>("Events", batch =>
        {
            TaskCompletionSource signal;
            lock (gate)
            {
                pushes.AddRange(batch.Events);
                signal = arrived;
                arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            signal.TrySetResult();
        });
    }

    public static async Task<ControlHubClient> ConnectAsync(Uri server, string? key = null)
    {
        var client = new ControlHubClient(server, key);
        await client.connection.StartAsync();
        return client;
    }

    public Task<SubscribeReply> SubscribeAsync(string channel) => connection.InvokeAsync<SubscribeReply>("Subscribe", channel, (long?)null);

    /// What a screen says when it starts: the registry lists it from this.
    public Task RegisterAsync(string displayId, string name, string page, string viewport, int? competitionId, string language = "zh-en",
        string version = "1.4.0") =>
        connection.InvokeAsync("RegisterDisplay", new { displayId, name, page, language, viewport, version, competitionId });

    public Task ReportRenderedAsync(string channel, long seq) => connection.InvokeAsync("ReportRendered", channel, seq);

    /// The first pushed event that matches, waiting for it if it has not come yet.
    public async Task<LiveEvent> WaitForAsync(Func<LiveEvent, bool> match, string what, int timeoutMs = 10_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (pushes.FirstOrDefault(match) is { } found) return found;
                next = arrived.Task;
            }
            try { await next.WaitAsync(timeout.Token); }
            catch (OperationCanceledException)
            {
                lock (gate) Assert.Fail($"no {what} within {timeoutMs} ms; received: {string.Join(", ", pushes.Select(p => $"{p.Channel}#{p.Seq} {p.Type} {p.Id}"))}");
            }
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
