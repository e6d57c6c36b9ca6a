using System.Collections.Concurrent;

namespace LiveBoard.Server.Live;

/// The channels each connection on this node has subscribed to, so heads go only to local viewers, directly.
public sealed class LiveConnections
{
    readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> channelsByConnection = new();

    public void Add(string connectionId, string channel) =>
        channelsByConnection.GetOrAdd(connectionId, _ => new()).TryAdd(channel, 0);

    public void Remove(string connectionId, string channel)
    {
        if (channelsByConnection.TryGetValue(connectionId, out var set)) set.TryRemove(channel, out _);
    }

    public void Remove(string connectionId) => channelsByConnection.TryRemove(connectionId, out _);

    public IReadOnlyList<(string ConnectionId, string[] Channels)> Snapshot() =>
        [.. channelsByConnection.Select(kv => (kv.Key, kv.Value.Keys.ToArray())).Where(x => x.Item2.Length > 0)];

    public int Count => channelsByConnection.Count;
}
