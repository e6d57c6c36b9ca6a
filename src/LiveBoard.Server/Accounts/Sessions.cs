using System.Security.Claims;
using System.Security.Cryptography;
using LiveBoard.Server.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Accounts;

/// One signed-in browser. The cookie names its session; signing out ends that session, so a copy of the cookie
/// taken before stops working too.
public class AccountSession
{
    public required string Id { get; set; }
    public int AccountId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}

/// Sessions are checked against the database: a disabled account, a removed role or a sign-out takes effect on the next
/// request on this node, and within `Accounts:SessionRecheck` (2 s) on the others. A session checked that recently is
/// trusted without a query, unless an account, session or panel change was saved on this node since (RecentChecks):
/// a judge's tablet syncing forty queued marks then costs one check, not forty.
public static class Sessions
{
    public const string Claim = "liveboard:session";

    public static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var sessionId = context.Principal?.FindFirstValue(Claim);
        var checks = context.HttpContext.RequestServices.GetRequiredService<RecentChecks>();
        if (sessionId is not null && checks.Recent(sessionId) is { } recent)
        {
            context.ReplacePrincipal(recent);
            return;
        }
        var generation = RecentChecks.Generation;
        var db = context.HttpContext.RequestServices.GetRequiredService<LiveBoardDb>();
        var found = sessionId is null ? null : await (
            from s in db.Set<AccountSession>()
            join a in db.Set<Account>() on s.AccountId equals a.Id
            where s.Id == sessionId && s.EndedAt == null && !a.Disabled
            select a).AsNoTracking().FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        if (found is null)
        {
            context.RejectPrincipal();
            return;
        }
        // Roles and the judge link are read afresh, so a change by an admin applies at once.
        var principal = SignIn.Principal(found, sessionId!);
        checks.Remember(sessionId!, principal, generation);
        context.ReplacePrincipal(principal);
    }

    /// Ends the signed-in browser's session.
    public static Task EndAsync(LiveBoardDb db, ClaimsPrincipal user, TimeProvider time, CancellationToken ct) =>
        user.FindFirstValue(Claim) is { } sessionId ? End(db.Set<AccountSession>().Where(s => s.Id == sessionId), time, ct) : Task.CompletedTask;

    /// Ends every session of an account (a new password, a disabled account).
    public static Task EndAllAsync(LiveBoardDb db, int accountId, TimeProvider time, CancellationToken ct) =>
        End(db.Set<AccountSession>().Where(s => s.AccountId == accountId), time, ct);

    static async Task End(IQueryable<AccountSession> sessions, TimeProvider time, CancellationToken ct)
    {
        await sessions.Where(s => s.EndedAt == null).ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, time.GetUtcNow()), ct);
        RecentChecks.Changed();
    }
}

/// What this node checked lately: sessions (see Sessions) and judges' roles in competitions (see Permissions). Any
/// saved change to accounts, sessions, judges or assignments on this node forgets them all (LiveBoardDb calls
/// Changed), so only another node's change waits for `Accounts:SessionRecheck`.
public sealed class RecentChecks(TimeProvider time, Microsoft.Extensions.Options.IOptions<AccountOptions> options)
{
    // Static: one process may host several apps (tests); a change in any of them only costs the others a query.
    static long generation;
    public static long Generation => Interlocked.Read(ref generation);
    public static void Changed() => Interlocked.Increment(ref generation);

    readonly System.Collections.Concurrent.ConcurrentDictionary<string, (ClaimsPrincipal Principal, long At, long Generation)> sessions = new();
    readonly System.Collections.Concurrent.ConcurrentDictionary<(int Judge, int Competition), (CompetitionRole Role, long At, long Generation)> roles = new();

    public ClaimsPrincipal? Recent(string sessionId) =>
        sessions.TryGetValue(sessionId, out var c) && Fresh(c.At, c.Generation) ? c.Principal.Clone() : null;

    /// `generationBefore`: read before the query, so a change saved while it ran leaves the entry already stale.
    public void Remember(string sessionId, ClaimsPrincipal principal, long generationBefore)
    {
        if (options.Value.SessionRecheck <= TimeSpan.Zero) return;
        Bound(sessions);
        sessions[sessionId] = (principal.Clone(), time.GetTimestamp(), generationBefore);
    }

    public CompetitionRole? RecentRole(int judgeId, int competitionId) =>
        roles.TryGetValue((judgeId, competitionId), out var c) && Fresh(c.At, c.Generation) ? c.Role : null;

    public void RememberRole(int judgeId, int competitionId, CompetitionRole role, long generationBefore)
    {
        if (options.Value.SessionRecheck <= TimeSpan.Zero) return;
        Bound(roles);
        roles[(judgeId, competitionId)] = (role, time.GetTimestamp(), generationBefore);
    }

    bool Fresh(long at, long generationThen) => generationThen == Generation && time.GetElapsedTime(at) < options.Value.SessionRecheck;

    // A bound on memory: past it, everything is simply checked again.
    static void Bound<TKey, TValue>(System.Collections.Concurrent.ConcurrentDictionary<TKey, TValue> entries) where TKey : notnull
    {
        if (entries.Count >= 10_000) entries.Clear();
    }
}
