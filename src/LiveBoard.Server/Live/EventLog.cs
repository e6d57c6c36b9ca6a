using System.Text.Json;
using LiveBoard.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Live;

/// One row of the event log: the full state of one object (type + id) on one channel, numbered per channel.
public class LogEvent
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public long Seq { get; set; }
    public required string Type { get; set; }
    public required string ObjectId { get; set; }
    /// JSON of the object's full state; null deletes the object.
    public string? Data { get; set; }
    public DateTimeOffset At { get; set; }
}

/// The newest sequence number of a channel; the row is the lock that keeps a channel's numbers gap-free.
public class ChannelHead
{
    public required string Channel { get; set; }
    public long Seq { get; set; }
}

/// Key/value facts about this database, such as its epoch.
public class StoreFact
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}

public sealed record LiveEvent(string Channel, long Seq, string Type, string Id, JsonElement? Data, DateTimeOffset At, long Token)
{
    public static LiveEvent From(LogEvent e) => new(e.Channel, e.Seq, e.Type, e.ObjectId,
        e.Data is null ? null : JsonDocument.Parse(e.Data).RootElement.Clone(), e.At, e.Id);
}

/// Appends events inside the caller's transaction. Events that would repeat an object's last state are skipped,
/// so a change that alters nothing visible costs viewers nothing.
public sealed class EventLog(LiveBoardDb db, ChannelLog channels, TimeProvider time)
{
    public static readonly JsonSerializerOptions Json = CreateJsonOptions();

    readonly List<LogEvent> appended = [];
    // The newest pending state of each object, and the heads this context tracks: looked up per append, so kept in
    // dictionaries (DbSet.Local would detect changes over every tracked entity, each time: quadratic in a batch).
    readonly Dictionary<(string Channel, string Type, string Id), LogEvent> pending = [];
    readonly Dictionary<string, ChannelHead> heads = [];

    /// Hands over what was appended since the last call (after a commit), or drops it (after a rollback).
    public IReadOnlyList<LogEvent> TakeAppended(bool committed = true)
    {
        var taken = appended.ToList();
        appended.Clear();
        pending.Clear();
        committedHeads.Clear();
        // After a rollback the tracked heads hold numbers the database never took.
        if (!committed) heads.Clear();
        return taken;
    }

    public async Task AppendAsync(string channel, string type, string objectId, object? data, CancellationToken ct)
    {
        var json = data is null ? null : JsonSerializer.Serialize(data, Json);
        var head = await HeadAsync(channel, ct);
        string? previous;
        bool existed;
        if (pending.TryGetValue((channel, type, objectId), out var last))
            (previous, existed) = (last.Data, true);
        else
        {
            // The object's last committed state, from memory (caught up to the head this transaction sees).
            var committed = (await StateAsync(channel, ct)).Find(type, objectId);
            (previous, existed) = (committed?.Json, committed is not null);
        }
        if (existed ? previous == json : json is null) return;

        head.Seq++;
        var e = new LogEvent { Channel = channel, Seq = head.Seq, Type = type, ObjectId = objectId, Data = json, At = time.GetUtcNow() };
        db.Events.Add(e);
        appended.Add(e);
        pending[(channel, type, objectId)] = e;
    }

    /// The channel's committed state as this transaction sees it (what this transaction appended is not in it).
    public async Task<ChannelView> StateAsync(string channel, CancellationToken ct)
    {
        await HeadAsync(channel, ct);
        return await channels.AtLeastAsync(db, channel, committedHeads[channel], ct);
    }

    readonly Dictionary<string, long> committedHeads = [];

    async Task<ChannelHead> HeadAsync(string channel, CancellationToken ct)
    {
        if (!heads.TryGetValue(channel, out var head))
        {
            head = await db.ChannelHeads.FirstOrDefaultAsync(h => h.Channel == channel, ct);
            if (head is null) db.ChannelHeads.Add(head = new ChannelHead { Channel = channel });
            heads[channel] = head;
        }
        if (!committedHeads.ContainsKey(channel)) committedHeads[channel] = head.Seq - appended.Count(e => e.Channel == channel);
        return head;
    }

    static JsonSerializerOptions CreateJsonOptions()
    {
        // Chinese stays readable (and a third of the size) in the log, the feed and data sources; HTML-sensitive
        // characters are still escaped.
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        };
        o.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        return o;
    }
}
