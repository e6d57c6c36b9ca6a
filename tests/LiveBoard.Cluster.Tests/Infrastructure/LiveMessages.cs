using System.Text.Json;

namespace LiveBoard.Cluster.Tests.Infrastructure;

// The hub's messages as docs/live-protocol.md describes them, declared here as any client would.

public sealed record LiveEvent(string Channel, long Seq, string Type, string Id, JsonElement? Data, DateTimeOffset At, long Token);

public sealed record SubscribeReply(string Channel, string Epoch, long Head, bool Snapshot, IReadOnlyList<LiveEvent> Events);

public sealed record EventBatch(string Channel, long From, long To, IReadOnlyList<LiveEvent> Events);

public sealed record HeadsMessage(string Epoch, IReadOnlyDictionary<string, long> Heads);
