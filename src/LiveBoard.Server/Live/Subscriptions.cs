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

/// Answers a subscription with what the viewer missed or a snapshot, after checking what the caller may see.
public sealed class Subscriptions(LiveBoardDb db, IAuthorizationService authorization, LiveConnections connections,
    LogEpoch epoch, IOptions<LiveOptions> options)
{
    public async Task<SubscribeReply> SubscribeAsync(ClaimsPrincipal user, string connectionId, IGroupManager groups,
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
        return await ReadAsync(name, since, ct);
    }

    public async Task UnsubscribeAsync(string connectionId, IGroupManager groups, string channelName, CancellationToken ct)
    {
        if (!Channels.TryParse(channelName, out var channel)) return;
        connections.Remove(connectionId, channel.ToString());
        try { await groups.RemoveFromGroupAsync(connectionId, Channels.Group(channel.ToString()), ct); }
        catch (Exception ex) when (ex is not OperationCanceledException) { }
    }

    public async Task<SubscribeReply> ReadAsync(string channel, long? since, CancellationToken ct)
    {
        var head = await db.ChannelHeads.AsNoTracking().Where(h => h.Channel == channel).Select(h => h.Seq).FirstOrDefaultAsync(ct);
        if (since is { } s && s >= 0 && s <= head && head - s <= options.Value.MaxReplay)
        {
            var missed = await db.Events.AsNoTracking().Where(e => e.Channel == channel && e.Seq > s && e.Seq <= head)
                .OrderBy(e => e.Seq).ToListAsync(ct);
            return new SubscribeReply(channel, epoch.Value, head, false, [.. missed.Select(LiveEvent.From)]);
        }
        return new SubscribeReply(channel, epoch.Value, head, true, await SnapshotAsync(db, channel, head, ct));
    }

    /// The current state of every object on the channel: the last event of each, deletions left out.
    public static async Task<IReadOnlyList<LiveEvent>> SnapshotAsync(LiveBoardDb db, string channel, long head, CancellationToken ct)
    {
        var latest = db.Events.Where(e => e.Channel == channel && e.Seq <= head)
            .GroupBy(e => new { e.Type, e.ObjectId }).Select(g => g.Max(e => e.Seq));
        var events = await db.Events.AsNoTracking().Where(e => e.Channel == channel && latest.Contains(e.Seq) && e.Data != null)
            .OrderBy(e => e.Seq).ToListAsync(ct);
        return [.. events.Select(LiveEvent.From)];
    }
}
