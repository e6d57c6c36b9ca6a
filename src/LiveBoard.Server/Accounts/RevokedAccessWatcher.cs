using System.Collections.Concurrent;
using System.Security.Claims;
using LiveBoard.Server.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Accounts;

/// The hub connections on this node, by what they were authenticated with: a screen's display key or a staff
/// member's session. Hub connections outlive the request that opened them, so revoking either must close them.
public sealed class CredentialConnections
{
    readonly ConcurrentDictionary<string, (int? KeyId, string? SessionId, HubCallerContext Context)> connections = new();

    public void Add(HubCallerContext context)
    {
        var user = context.User;
        int? keyId = int.TryParse(user?.FindFirst(Displays.DisplayKeyHandler.KeyIdClaim)?.Value, out var k) ? k : null;
        var sessionId = user?.FindFirstValue(Sessions.Claim);
        if (keyId is not null || sessionId is not null) connections[context.ConnectionId] = (keyId, sessionId, context);
    }

    public void Remove(string connectionId) => connections.TryRemove(connectionId, out _);
    public IReadOnlyList<(int? KeyId, string? SessionId, HubCallerContext Context)> All => [.. connections.Values];
}

/// A revoked display key, an ended session or a disabled account cuts off the connections already using it, on
/// every node: each node checks its own connections against the database every few seconds and closes those.
public sealed partial class RevokedAccessWatcher(IServiceScopeFactory scopes, CredentialConnections connections, TimeProvider time,
    ILogger<RevokedAccessWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(3), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await CheckAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException) { Log.CheckFailed(logger, ex); }
        }
    }

    public async Task CheckAsync(CancellationToken ct)
    {
        var connected = connections.All;
        if (connected.Count == 0) return;
        var keyIds = connected.Where(c => c.KeyId is not null).Select(c => c.KeyId!.Value).Distinct().ToList();
        var sessionIds = connected.Where(c => c.SessionId is not null).Select(c => c.SessionId!).Distinct().ToList();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveBoardDb>();
        var revokedKeys = keyIds.Count == 0 ? [] : await db.Set<Displays.DisplayKey>().AsNoTracking()
            .Where(k => keyIds.Contains(k.Id) && k.Revoked).Select(k => k.Id).ToListAsync(ct);
        var liveSessions = sessionIds.Count == 0 ? [] : await (
            from s in db.Set<AccountSession>()
            join a in db.Set<Account>() on s.AccountId equals a.Id
            where sessionIds.Contains(s.Id) && s.EndedAt == null && !a.Disabled
            select s.Id).ToListAsync(ct);
        foreach (var (keyId, sessionId, context) in connected)
        {
            var revoked = keyId is { } k && revokedKeys.Contains(k) || sessionId is not null && !liveSessions.Contains(sessionId);
            if (!revoked) continue;
            Log.Revoked(logger, context.ConnectionId);
            connections.Remove(context.ConnectionId);
            context.Abort();
        }
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 1101, EventName = "RevokedConnectionClosed", Level = LogLevel.Information, Message = "Closing connection {ConnectionId}: its display key was revoked or its session ended")]
        public static partial void Revoked(ILogger logger, string connectionId);

        [LoggerMessage(EventId = 1102, EventName = "RevokedAccessCheckFailed", Level = LogLevel.Warning, Message = "Revoked-access check failed")]
        public static partial void CheckFailed(ILogger logger, Exception ex);
    }
}
