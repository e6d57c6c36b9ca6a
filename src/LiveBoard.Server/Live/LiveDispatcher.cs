using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace LiveBoard.Server.Live;

/// The fast path: committed events are pushed to their channel's group, in commit order, off the request thread.
/// With the Redis backplane a push can be lost (Redis down); heads and resume repair that, so a failure is only logged.
public sealed partial class LiveDispatcher(IHubContext<LiveHub, ILiveClient> hub, LogSignal signal, ILogger<LiveDispatcher> logger) : BackgroundService
{
    // Bounded so a stalled backplane cannot grow memory without limit; a dropped batch is found again through heads.
    readonly Channel<IReadOnlyList<LogEvent>> queue = Channel.CreateBounded<IReadOnlyList<LogEvent>>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Enqueue(IReadOnlyList<LogEvent> events)
    {
        if (events.Count == 0) return;
        queue.Writer.TryWrite([.. events]);
        signal.Pulse();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var batch in queue.Reader.ReadAllAsync(stoppingToken))
        {
            foreach (var e in batch)
            {
                try
                {
                    await hub.Clients.Group(Channels.Group(e.Channel)).Event(LiveEvent.From(e));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.PushFailed(logger, e.Channel, e.Seq, ex.Message);
                }
            }
        }
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 3003, EventName = "LivePushFailed", Level = LogLevel.Warning, Message = "Live push of {Channel}#{Seq} failed ({Reason}); viewers will catch up from the log")]
        public static partial void PushFailed(ILogger logger, string channel, long seq, string reason);
    }
}
