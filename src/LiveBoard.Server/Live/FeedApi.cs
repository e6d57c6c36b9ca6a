using System.Security.Claims;
using System.Text;
using System.Text.Json;
using LiveBoard.Server.Data;
using LiveBoard.Server.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

using LiveBoard.Server.Accounts;

namespace LiveBoard.Server.Live;

/// One line of the NDJSON feed, in the spirit of the ICPC Contest API event feed.
public sealed record FeedLine(string Type, string Id, JsonElement? Data, string Token, string Channel);

/// GET /api/feed: the event log as newline-delimited JSON. Without a token it starts with the current state of every
/// visible object, then follows live; `since_token` resumes after a line; a token from another log epoch, or one this
/// log never issued, is answered with 400. A newline is written after quiet periods so proxies keep the stream open.
/// `limit=n` is for pollers: the response ends after n lines, or as soon as it has caught up with the log, whichever
/// comes first (so a poll never hangs waiting for events that may not come).
public static class FeedApi
{
    const int Batch = 500;
    const int MaxLimit = 10_000;

    public static IEndpointRouteBuilder MapFeed(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/feed", Stream).WithTags("Live")
            .WithSummary("The event log as NDJSON ({type,id,data,token,channel} per line); resume with since_token; keep-alive newlines; "
                + "limit=1..10000 ends the response after that many lines or once caught up")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    static async Task Stream(HttpContext http, LiveBoardDb db, LogEpoch epoch, LogSignal signal, IAuthorizationService authorization,
        IOptions<LiveOptions> options, TimeProvider time, int? competition, string? since_token, int? limit)
    {
        var ct = http.RequestAborted;
        if (limit is < 1 or > MaxLimit)
        {
            await new Checks().Add("limit", $"须在 1 到 {MaxLimit} 之间 / Must be from 1 to {MaxLimit}").Problem().ExecuteAsync(http);
            return;
        }
        var visible = await VisibilityAsync(db, authorization, http.User, competition, ct);
        var maxId = await db.Events.MaxAsync(e => (long?)e.Id, ct) ?? 0;
        long last;
        if (since_token is not null)
        {
            if (!TryParseToken(since_token, epoch.Value, out last) || last > maxId)
            {
                await new Checks().Add("since_token", "无法从该令牌续传,请不带令牌重新开始 / This token cannot be resumed; start again without a token")
                    .Problem().ExecuteAsync(http);
                return;
            }
        }
        else last = maxId;

        http.Response.ContentType = "application/x-ndjson; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        var remaining = limit ?? int.MaxValue;
        if (since_token is null)
        {
            var latest = db.Events.Where(e => e.Id <= maxId).GroupBy(e => new { e.Channel, e.Type, e.ObjectId }).Select(g => g.Max(e => e.Id));
            var snapshot = await db.Events.AsNoTracking().Where(e => latest.Contains(e.Id) && e.Data != null).OrderBy(e => e.Id).ToListAsync(ct);
            foreach (var e in snapshot.Where(e => visible(e.Channel)))
            {
                await WriteAsync(http, e, epoch.Value, ct);
                if (--remaining == 0) break;
            }
            await http.Response.Body.FlushAsync(ct);
            if (remaining == 0) return;
        }

        var quietSince = time.GetUtcNow();
        while (!ct.IsCancellationRequested)
        {
            var wake = signal.Next;
            var events = await db.Events.AsNoTracking().Where(e => e.Id > last).OrderBy(e => e.Id).Take(Batch).ToListAsync(ct);
            foreach (var e in events)
            {
                last = e.Id;
                if (!visible(e.Channel)) continue;
                await WriteAsync(http, e, epoch.Value, ct);
                quietSince = time.GetUtcNow();
                if (--remaining == 0) break;
            }
            if (remaining == 0 || events.Count == Batch) await http.Response.Body.FlushAsync(ct);
            if (remaining == 0) return;
            if (events.Count == Batch) continue;
            // Caught up: a poller has everything there is, a follower waits for more.
            if (limit is not null) return;
            if (time.GetUtcNow() - quietSince >= options.Value.FeedKeepAlive)
            {
                await http.Response.Body.WriteAsync("\n"u8.ToArray(), ct);
                quietSince = time.GetUtcNow();
            }
            await http.Response.Body.FlushAsync(ct);
            // Woken at once by this node's commits; other nodes' events are found by the next poll.
            try { await wake.WaitAsync(TimeSpan.FromMilliseconds(500), time, ct); }
            catch (TimeoutException) { }
            catch (OperationCanceledException) { return; }
        }
    }

    static async Task WriteAsync(HttpContext http, LogEvent e, string epoch, CancellationToken ct)
    {
        var line = new FeedLine(e.Type, e.ObjectId, e.Data is null ? null : JsonDocument.Parse(e.Data).RootElement,
            $"{epoch}.{e.Id}", e.Channel);
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(line, EventLog.Json) + "\n"), ct);
    }

    static bool TryParseToken(string token, string epoch, out long id)
    {
        id = 0;
        var dot = token.LastIndexOf('.');
        return dot > 0 && token[..dot] == epoch && long.TryParse(token[(dot + 1)..], System.Globalization.NumberStyles.None, null, out id);
    }

    /// The same rules as the hub: public channels for everyone; a competition's staff channel, instead of its public one,
    /// for its staff. Decided once per request, then applied to each event by channel name.
    static async Task<Func<string, bool>> VisibilityAsync(LiveBoardDb db, IAuthorizationService authorization, ClaimsPrincipal user,
        int? competition, CancellationToken ct)
    {
        var ids = competition is { } one ? [one] : await db.Competitions.Select(c => c.Id).ToListAsync(ct);
        var staffOf = new HashSet<int>();
        foreach (var id in ids)
            if ((await authorization.AuthorizeAsync(user, id, Policies.ChiefExpert)).Succeeded) staffOf.Add(id);
        return channel =>
        {
            if (!Channels.TryParse(channel, out var c)) return false;
            return c.Kind switch
            {
                ChannelKind.Series => competition is null,
                ChannelKind.Competition => (competition is null || competition == c.Id) && !staffOf.Contains(c.Id),
                ChannelKind.CompetitionStaff => staffOf.Contains(c.Id),
                ChannelKind.Displays or ChannelKind.CompetitionJudging => false,
                _ => false,
            };
        };
    }
}
