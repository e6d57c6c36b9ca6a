using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveBoard.Server.Tests.Live;

public sealed record LiveEvent(string Channel, long Seq, string Type, string Id, JsonElement? Data, DateTimeOffset At, long Token);
public sealed record SubscribeReply(string Channel, string Epoch, long Head, bool Snapshot, List<LiveEvent> Events);
public sealed record EventBatch(string Channel, long From, long To, List<LiveEvent> Events);
public sealed record HeadsMessage(string Epoch, Dictionary<string, long> Heads);
public sealed record MarkReply(bool Accepted, bool Replayed, JsonElement? Mark, int Status, Dictionary<string, string[]> Errors);

/// Records what a hub connection is pushed, so tests can wait for it and check what never came.
sealed class Viewer : IAsyncDisposable
{
    public HubConnection Connection { get; }
    public ConcurrentQueue<LiveEvent> Pushed { get; } = new();
    public ConcurrentQueue<HeadsMessage> Heads { get; } = new();
    public ConcurrentQueue<EventBatch> Batches { get; } = new();

    public Viewer(HubConnection connection)
    {
        Connection = connection;
        connection.On<EventBatch>("Events", batch =>
        {
            Batches.Enqueue(batch);
            foreach (var e in batch.Events) Pushed.Enqueue(e);
        });
        connection.On<HeadsMessage>("Heads", h => Heads.Enqueue(h));
    }

    public static async Task<Viewer> StartAsync(HubConnection connection)
    {
        var viewer = new Viewer(connection);
        await connection.StartAsync();
        return viewer;
    }

    public Task<SubscribeReply> Subscribe(string channel, long? since = null) => Connection.InvokeAsync<SubscribeReply>("Subscribe", channel, since);

    public async Task<LiveEvent> WaitFor(Func<LiveEvent, bool> match, int seconds = 10)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            var found = Pushed.FirstOrDefault(match);
            if (found is not null) return found;
            await Task.Delay(20);
        }
        throw new TimeoutException($"No matching event in {seconds} s; got: {string.Join(", ", Pushed.Select(e => $"{e.Channel}#{e.Seq} {e.Type}:{e.Id}"))}");
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

/// Standings travel as one `stage` event per stage and one `row` event per competitor (id "{stageId}-{competitorId}").
static class StandingsJson
{
    public static string RowId(int stageId, int competitorId) => $"{stageId}-{competitorId}";

    public static bool IsRowOf(this LiveEvent e, int stageId, int competitorId) => e.Type == "row" && e.Id == RowId(stageId, competitorId);

    /// The competitor's total in a `row` event.
    public static decimal RowTotal(this LiveEvent e) => e.Data!.Value.GetProperty("row").GetProperty("total").GetDecimal();
}
