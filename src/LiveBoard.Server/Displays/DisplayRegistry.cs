using System.Security.Claims;
using LiveBoard.Server.Data;
using LiveBoard.Server.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Displays;

public sealed record DisplayView(string DisplayId, string? Name, string Page, string Language, string? Viewport, string? Version,
    int? CompetitionId, bool Online, DateTimeOffset LastSeen, IReadOnlyDictionary<string, long> Rendered,
    IReadOnlyDictionary<string, long> Heads, bool Behind);

/// Displays register through the hub and report what they rendered; the desk lists them with their lag.
public sealed class DisplayRegistry(LiveBoardDb db, TimeProvider time)
{
    static readonly string Node = $"{Environment.MachineName}:{Environment.ProcessId}";

    public async Task RegisterAsync(ClaimsPrincipal user, string connectionId, DisplayHello hello, CancellationToken ct)
    {
        if (!user.IsInRole(Accounts.Roles.Display) && !user.IsInRole(Accounts.Roles.DisplayOperator) && !user.IsInRole(Accounts.Roles.Admin))
            throw new HubException("需要大屏密钥 / A display key is needed to register");
        // The same text rules as the HTTP API: the control desk lists these names.
        var checks = new Hosting.Checks().Text("displayId", hello.DisplayId, 64, false).Text("name", hello.Name, 60, false)
            .Text("page", hello.Page, 200, false).Text("language", hello.Language, 10, false)
            .Text("viewport", hello.Viewport, 20, false).Text("version", hello.Version, 40, false);
        if (checks.Failed) throw new HubException($"请求有误 / Invalid fields: {string.Join(", ", checks.Fields)}");
        var id = string.IsNullOrWhiteSpace(hello.DisplayId) ? connectionId : hello.DisplayId.Trim()[..Math.Min(hello.DisplayId.Trim().Length, 64)];
        var now = time.GetUtcNow();
        var presence = await db.Set<DisplayPresence>().FirstOrDefaultAsync(p => p.DisplayId == id, ct);
        if (presence is null) db.Add(presence = new DisplayPresence { DisplayId = id, ConnectionId = connectionId, Node = Node, Page = "", ConnectedAt = now });
        presence.ConnectionId = connectionId;
        presence.Node = Node;
        presence.Name = Clip(hello.Name, 60);
        presence.Page = Clip(hello.Page, 200) ?? "unknown";
        presence.Language = Clip(hello.Language, 10) ?? "zh-en";
        presence.Viewport = Clip(hello.Viewport, 20);
        presence.Version = Clip(hello.Version, 40);
        presence.CompetitionId = hello.CompetitionId;
        presence.LastSeen = now;
        presence.Connected = true;
        await db.SaveChangesAsync(ct);
    }

    public async Task ReportRenderedAsync(string connectionId, string channel, long seq, CancellationToken ct)
    {
        var presence = await db.Set<DisplayPresence>().FirstOrDefaultAsync(p => p.ConnectionId == connectionId, ct);
        if (presence is null || !Channels.TryParse(channel, out _) && channel != Channels.Displays) return;
        presence.Rendered = new Dictionary<string, long>(presence.Rendered) { [channel] = seq };
        presence.LastSeen = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// One statement that matches only while the presence still names this connection. Read-then-save lost a race: a
    /// screen that reconnected and registered again between the read and the save was marked offline on its new
    /// connection, and stayed so on the desk until its next reconnect (seen under load in ControlDeskTests).
    public Task DisconnectedAsync(string connectionId)
    {
        var now = time.GetUtcNow();
        return db.Set<DisplayPresence>().Where(p => p.ConnectionId == connectionId && p.Connected)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.Connected, false).SetProperty(p => p.LastSeen, now));
    }

    public async Task<IReadOnlyList<DisplayView>> ListAsync(CancellationToken ct)
    {
        var all = await db.Set<DisplayPresence>().AsNoTracking().ToListAsync(ct);
        var channels = all.SelectMany(p => p.Rendered.Keys).Distinct().ToList();
        var heads = await db.ChannelHeads.AsNoTracking().Where(h => channels.Contains(h.Channel)).ToDictionaryAsync(h => h.Channel, h => h.Seq, ct);
        // A display that has not reported for a minute is offline even if its node never saw the disconnect (node crash).
        var cutoff = time.GetUtcNow().AddMinutes(-1);
        return [.. all.OrderBy(p => p.Name ?? p.DisplayId).Select(p =>
        {
            var theirHeads = p.Rendered.Keys.ToDictionary(c => c, c => heads.GetValueOrDefault(c));
            return new DisplayView(p.DisplayId, p.Name, p.Page, p.Language, p.Viewport, p.Version, p.CompetitionId,
                p.Connected && p.LastSeen >= cutoff, p.LastSeen, p.Rendered, theirHeads,
                p.Rendered.Any(r => r.Value < theirHeads[r.Key]));
        })];
    }

    static string? Clip(string? s, int max) => string.IsNullOrWhiteSpace(s) ? null : s.Length <= max ? s : s[..max];
}
