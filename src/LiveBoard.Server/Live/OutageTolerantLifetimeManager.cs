using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace LiveBoard.Server.Live;

/// The Redis lifetime manager subscribes every new connection to a Redis channel of its own, and aborts the connection
/// when Redis is away: no screen could (re)connect during an outage. That channel only carries sends from other nodes
/// to one connection, which LiveBoard never makes (heads go to local connections directly), so a failed subscribe is
/// logged and the connection kept: it still gets its log replies and heads from this node.
public sealed partial class OutageTolerantLifetimeManager(RedisHubLifetimeManager<LiveHub> redis, ILogger<OutageTolerantLifetimeManager> logger)
    : HubLifetimeManager<LiveHub>
{
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        try { await redis.OnConnectedAsync(connection); }
        catch (RedisException ex) { Log.RedisAway(logger, connection.ConnectionId, ex.Message); }
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        try { await redis.OnDisconnectedAsync(connection); }
        catch (RedisException ex) { Log.RedisAway(logger, connection.ConnectionId, ex.Message); }
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        redis.SendAllAsync(methodName, args, cancellationToken);
    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        redis.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);
    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        redis.SendConnectionAsync(connectionId, methodName, args, cancellationToken);
    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        redis.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken);
    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        redis.SendGroupAsync(groupName, methodName, args, cancellationToken);
    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        redis.SendGroupsAsync(groupNames, methodName, args, cancellationToken);
    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        redis.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);
    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        redis.SendUserAsync(userId, methodName, args, cancellationToken);
    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        redis.SendUsersAsync(userIds, methodName, args, cancellationToken);
    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        redis.AddToGroupAsync(connectionId, groupName, cancellationToken);
    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        redis.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        redis.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);
    public override Task SetConnectionResultAsync(string connectionId, Microsoft.AspNetCore.SignalR.Protocol.CompletionMessage result) =>
        redis.SetConnectionResultAsync(connectionId, result);
    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        redis.TryGetReturnType(invocationId, out type);

    static partial class Log
    {
        [LoggerMessage(EventId = 3201, EventName = "RedisAwayOnConnect", Level = LogLevel.Warning, Message = "Redis is away while {ConnectionId} (dis)connects ({Reason}); it is served from this node's log and heads")]
        public static partial void RedisAway(ILogger logger, string connectionId, string reason);
    }
}
