using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using LiveBoard.Server.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveBoard.Server.Live;

public sealed class LiveOptions
{
    /// How often each node tells its viewers the head of their channels.
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Live:HeadInterval must be between 10 ms and 1 hour")]
    public TimeSpan HeadInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// A channel is pushed at most once per window; a burst inside it goes as one batch of the latest states.
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10", ErrorMessage = "Live:CoalesceWindow must be between 0 and 10 seconds")]
    public TimeSpan CoalesceWindow { get; set; } = TimeSpan.FromMilliseconds(100);
    /// How long the dispatcher waits for a missing seq (committed but not yet handed over, or another node's) before
    /// pushing what follows it; viewers that lack it find it through heads.
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10", ErrorMessage = "Live:GapWait must be between 0 and 10 seconds")]
    public TimeSpan GapWait { get; set; } = TimeSpan.FromMilliseconds(50);
    /// A connection that cannot take a push within this time is dropped; it catches up from memory on reconnecting.
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Live:SendTimeout must be between 100 ms and 10 minutes")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(5);
    /// A viewer further behind than this receives a snapshot instead of the missed events.
    [Range(1, 1_000_000, ErrorMessage = "Live:MaxReplay must be between 1 and 1000000")]
    public int MaxReplay { get; set; } = 500;
    /// Redis configuration string for the backplane; empty runs a single node in-process.
    public string? Redis { get; set; }
    [Required(ErrorMessage = "Live:ChannelPrefix must not be empty")]
    public string ChannelPrefix { get; set; } = "liveboard";
    /// Quiet time after which the NDJSON feed writes a keep-alive newline.
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Live:FeedKeepAlive must be between 10 ms and 1 hour")]
    public TimeSpan FeedKeepAlive { get; set; } = TimeSpan.FromSeconds(10);
}

/// A hub answer serialised once (JSON, as the hub's protocol writes it) and written as is to every caller it is shared with.
[System.Text.Json.Serialization.JsonConverter(typeof(SerializedReplyConverter))]
public sealed class SerializedReply(byte[] json)
{
    public byte[] Json { get; } = json;

    static readonly System.Text.Json.JsonSerializerOptions Options = CreateOptions();

    static System.Text.Json.JsonSerializerOptions CreateOptions()
    {
        // What the hub's JSON protocol uses (web defaults, enums as strings), so the bytes are what it would have written.
        var o = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        o.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        return o;
    }

    public static SerializedReply Of(SubscribeReply reply) => new(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(reply, Options));
}

public sealed class SerializedReplyConverter : System.Text.Json.Serialization.JsonConverter<SerializedReply>
{
    public override SerializedReply Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        throw new NotSupportedException("A serialised reply is only written");

    public override void Write(System.Text.Json.Utf8JsonWriter writer, SerializedReply value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}

/// Answers a subscription with what the viewer missed or a snapshot, after checking what the caller may see.
public sealed class Subscriptions(LiveBoardDb db, IAuthorizationService authorization, LiveConnections connections,
    LogEpoch epoch, ChannelLog log, Telemetry.LiveMetrics metrics, IOptions<LiveOptions> options)
{
    public async Task<SerializedReply> SubscribeAsync(ClaimsPrincipal user, string connectionId, IGroupManager groups,
        string channelName, long? since, CancellationToken ct)
    {
        if (!Channels.TryParse(channelName, out var channel))
            throw new HubException($"未知频道 / Unknown channel '{channelName}'");
        if (!await ChannelAccess.CanReadAsync(authorization, user, channel))
            throw new HubException($"无权订阅 / Not allowed to subscribe to '{channel}'");

        var name = channel.ToString();
        connections.Add(connectionId, name);
        // Join before reading the log: an event committed after the read then arrives live, one before it is in the reply;
        // the viewer drops the duplicates by sequence number.
        try
        {
            await groups.AddToGroupAsync(connectionId, Channels.Group(name), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The backplane is down: the viewer still gets the log now and heads later, and rejoins on its next resubscribe.
        }
        var (reply, view) = await ReadViewAsync(name, since, ct);
        metrics.Subscribed(resubscribe: since is not null, snapshot: reply.Snapshot);
        // The same answer goes to every viewer that asks at this head (a storm of reconnects, a crowd arriving):
        // serialised once and shared.
        return view.Memo($"reply:{(reply.Snapshot ? "snapshot" : reply.Events.Count == 0 ? "current" : since!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))}",
            _ => SerializedReply.Of(reply));
    }

    public async Task UnsubscribeAsync(string connectionId, IGroupManager groups, string channelName, CancellationToken ct)
    {
        if (!Channels.TryParse(channelName, out var channel)) return;
        connections.Remove(connectionId, channel.ToString());
        try { await groups.RemoveFromGroupAsync(connectionId, Channels.Group(channel.ToString()), ct); }
        catch (Exception ex) when (ex is not OperationCanceledException) { }
    }

    /// Answered from this node's memory of the channel, caught up first to the database's head as polled at most 100 ms
    /// ago (one key lookup per channel however many subscribe: a reconnect storm is thousands at once). This node's own
    /// commits are in it at once; another node's commit of the last 100 ms may be missing from the reply, and the viewer
    /// then finds it by the gap rule on the next push or head, as it would a push lost on the way.
    static readonly TimeSpan PollAge = TimeSpan.FromMilliseconds(100);

    async Task<(SubscribeReply Reply, ChannelView View)> ReadViewAsync(string channel, long? since, CancellationToken ct)
    {
        var head = await log.PollHeadAsync(db, channel, PollAge, ct);
        var view = await log.AtLeastAsync(db, channel, head, ct);
        if (since is { } s && s >= 0 && view.Head - s <= options.Value.MaxReplay && view.After(s) is { } missed)
            return (new SubscribeReply(channel, epoch.Value, view.Head, false, missed), view);
        return (new SubscribeReply(channel, epoch.Value, view.Head, true, view.Snapshot), view);
    }
}
