using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using StackExchange.Redis;

namespace LiveBoard.Server.Live;

/// SignalR's own lifetime manager (in-process, or Redis with the backplane), with two additions:
/// - it knows this node's connections, so the dispatcher can write one serialised message to the local viewers of a
///   channel without the backplane: heads, and pushes the backplane refused, reach them even while Redis is away;
/// - the Redis manager subscribes every new connection to a Redis channel of its own and aborts the connection when
///   Redis is away, so no screen could (re)connect during an outage. That channel only carries sends from other nodes
///   to one connection, which LiveBoard never makes, so a failed subscribe is logged and the connection kept.
public sealed partial class LiveLifetimeManager(HubLifetimeManager<LiveHub> inner, ILogger<LiveLifetimeManager> logger)
    : HubLifetimeManager<LiveHub>
{
    readonly ConcurrentDictionary<string, HubConnectionContext> local = new();

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        local[connection.ConnectionId] = connection;
        try { await inner.OnConnectedAsync(connection); }
        catch (RedisException ex) { Log.RedisAway(logger, connection.ConnectionId, ex.Message); }
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        local.TryRemove(connection.ConnectionId, out _);
        try { await inner.OnDisconnectedAsync(connection); }
        catch (RedisException ex) { Log.RedisAway(logger, connection.ConnectionId, ex.Message); }
    }

    /// Serialises once and writes to those of the connections that are on this node, never through the backplane.
    public Task SendLocalAsync(IEnumerable<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken)
    {
        var message = new SerializedHubMessage(new InvocationMessage(methodName, args));
        List<Task>? pending = null;
        foreach (var id in connectionIds)
        {
            if (!local.TryGetValue(id, out var connection)) continue;
            var write = connection.WriteAsync(message, cancellationToken);
            if (!write.IsCompletedSuccessfully) (pending ??= []).Add(write.AsTask());
        }
        return pending is null ? Task.CompletedTask : Task.WhenAll(pending);
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendAllAsync(methodName, args, cancellationToken);
    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        inner.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);
    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendConnectionAsync(connectionId, methodName, args, cancellationToken);
    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken);
    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendGroupAsync(groupName, methodName, args, cancellationToken);
    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendGroupsAsync(groupNames, methodName, args, cancellationToken);
    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        inner.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);
    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendUserAsync(userId, methodName, args, cancellationToken);
    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        inner.SendUsersAsync(userIds, methodName, args, cancellationToken);
    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        inner.AddToGroupAsync(connectionId, groupName, cancellationToken);
    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        inner.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        inner.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);
    public override Task SetConnectionResultAsync(string connectionId, Microsoft.AspNetCore.SignalR.Protocol.CompletionMessage result) =>
        inner.SetConnectionResultAsync(connectionId, result);
    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        inner.TryGetReturnType(invocationId, out type);

    static partial class Log
    {
        [LoggerMessage(EventId = 3201, EventName = "RedisAwayOnConnect", Level = LogLevel.Warning, Message = "Redis is away while {ConnectionId} (dis)connects ({Reason}); it is served from this node's log and heads")]
        public static partial void RedisAway(ILogger logger, string connectionId, string reason);
    }
}
