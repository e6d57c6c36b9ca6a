using System.Collections.Concurrent;
using LiveBoard.Server.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Displays;

/// The live connections of screens on this node, by the display key they connected with.
public sealed class DisplayConnections
{
    readonly ConcurrentDictionary<string, (int KeyId, HubCallerContext Context)> connections = new();

    public void Add(int keyId, HubCallerContext context) => connections[context.ConnectionId] = (keyId, context);
    public void Remove(string connectionId) => connections.TryRemove(connectionId, out _);
    public IReadOnlyList<(int KeyId, HubCallerContext Context)> All => [.. connections.Values];
}

/// A revoked key must cut off the screens already using it, on every node: each node checks its own screens' keys
/// against the database every few seconds and closes the connections of revoked ones.
public sealed partial class RevokedKeyWatcher(IServiceScopeFactory scopes, DisplayConnections screens, TimeProvider time,
    ILogger<RevokedKeyWatcher> logger) : BackgroundService
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
        var connected = screens.All;
        if (connected.Count == 0) return;
        var keyIds = connected.Select(c => c.KeyId).Distinct().ToList();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveBoardDb>();
        var revoked = await db.Set<DisplayKey>().AsNoTracking().Where(k => keyIds.Contains(k.Id) && k.Revoked).Select(k => k.Id).ToListAsync(ct);
        foreach (var (keyId, context) in connected.Where(c => revoked.Contains(c.KeyId)))
        {
            Log.Revoked(logger, keyId, context.ConnectionId);
            screens.Remove(context.ConnectionId);
            context.Abort();
        }
    }

    static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Display key {KeyId} was revoked; closing connection {ConnectionId}")]
        public static partial void Revoked(ILogger logger, int keyId, string connectionId);

        [LoggerMessage(2, LogLevel.Warning, "Revoked-key check failed")]
        public static partial void CheckFailed(ILogger logger, Exception ex);
    }
}
