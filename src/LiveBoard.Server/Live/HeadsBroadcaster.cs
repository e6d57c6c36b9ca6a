using LiveBoard.Server.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveBoard.Server.Live;

/// Every few seconds, tells each local viewer the head of its channels, read from the database. A viewer behind its
/// head resumes by itself, so a push lost on the backplane costs seconds, never correctness. Sent to each connection
/// directly, which stays on this node even when Redis is down.
public sealed partial class HeadsBroadcaster(IServiceScopeFactory scopes, LiveConnections connections, LogEpoch epoch,
    IHubContext<LiveHub, ILiveClient> hub, IOptions<LiveOptions> options, TimeProvider time, ILogger<HeadsBroadcaster> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeadInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.TickFailed(logger, ex);
            }
        }
    }

    public async Task TickAsync(CancellationToken ct)
    {
        var viewers = connections.Snapshot();
        if (viewers.Count == 0) return;
        var channels = viewers.SelectMany(v => v.Channels).Distinct().ToList();
        Dictionary<string, long> heads;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LiveBoardDb>();
            heads = await db.ChannelHeads.AsNoTracking().Where(h => channels.Contains(h.Channel)).ToDictionaryAsync(h => h.Channel, h => h.Seq, ct);
        }
        foreach (var (connectionId, subscribed) in viewers)
        {
            var message = new HeadsMessage(epoch.Value, subscribed.ToDictionary(c => c, c => heads.GetValueOrDefault(c)));
            try
            {
                await hub.Clients.Client(connectionId).Heads(message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.SendFailed(logger, connectionId, ex.Message);
            }
        }
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 3001, EventName = "HeadsTickFailed", Level = LogLevel.Warning, Message = "Heads tick failed")]
        public static partial void TickFailed(ILogger logger, Exception ex);

        [LoggerMessage(EventId = 3002, EventName = "HeadsSendFailed", Level = LogLevel.Debug, Message = "Heads to {ConnectionId} failed: {Reason}")]
        public static partial void SendFailed(ILogger logger, string connectionId, string reason);
    }
}
