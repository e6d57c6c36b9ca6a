using System.Collections.Concurrent;

namespace LiveBoard.Server.Live;

/// The channels each connection on this node has subscribed to, so heads are sent only for channels someone here follows, and a push the backplane refuses still reaches them.
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

    public int Count => channelsByConnection.Count;

    /// Every channel some local connection subscribed to.
    public IReadOnlyList<string> Channels() => [.. channelsByConnection.Values.SelectMany(set => set.Keys).Distinct()];

    /// The local connections subscribed to a channel.
    public IReadOnlyList<string> Of(string channel) => [.. channelsByConnection.Where(kv => kv.Value.ContainsKey(channel)).Select(kv => kv.Key)];
}
