using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace LiveBoard.Server.Live;

/// Connects the SignalR backplane itself, so the node logs when Redis goes away and when it comes back. Pushes fail fast
/// while it is away and viewers catch up from the log and heads; these two lines say when that happened.
public static partial class RedisBackplane
{
    public static IServiceCollection LogRedisConnection(this IServiceCollection services)
    {
        services.AddOptions<RedisOptions>().Configure<ILoggerFactory>((o, loggers) =>
        {
            var logger = loggers.CreateLogger(typeof(RedisBackplane));
            o.ConnectionFactory = async writer =>
            {
                var redis = await ConnectionMultiplexer.ConnectAsync(o.Configuration, writer);
                Watch(redis, logger);
                return redis;
            };
        });
        return services;
    }

    /// The multiplexer reports every physical connection (commands and subscriptions, each endpoint) and every failed
    /// retry; one line when the first fails and one when one is back is what an operator needs.
    static void Watch(ConnectionMultiplexer redis, ILogger logger)
    {
        var lost = redis.IsConnected ? 0 : 1;
        if (lost == 1) Log.Unreachable(logger);
        redis.ConnectionFailed += (_, e) =>
        {
            if (Interlocked.Exchange(ref lost, 1) == 0) Log.Lost(logger, e.EndPoint?.ToString() ?? "", e.FailureType, e.Exception?.Message ?? "");
        };
        redis.ConnectionRestored += (_, e) =>
        {
            if (Interlocked.Exchange(ref lost, 0) == 1) Log.Restored(logger, e.EndPoint?.ToString() ?? "");
        };
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 3202, EventName = "RedisLost", Level = LogLevel.Error,
            Message = "Redis backplane lost at {EndPoint} ({FailureType}: {Reason}); this node serves its own viewers from the log until it is back")]
        public static partial void Lost(ILogger logger, string endPoint, ConnectionFailureType failureType, string reason);

        [LoggerMessage(EventId = 3203, EventName = "RedisRestored", Level = LogLevel.Information, Message = "Redis backplane back at {EndPoint}")]
        public static partial void Restored(ILogger logger, string endPoint);

        [LoggerMessage(EventId = 3204, EventName = "RedisUnreachableAtStart", Level = LogLevel.Error,
            Message = "Redis backplane unreachable at start; the node runs and keeps trying")]
        public static partial void Unreachable(ILogger logger);
    }
}
