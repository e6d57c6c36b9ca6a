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
/// trusted without a query, unless an account, session or panel change was saved on this node since (SessionChecks):
/// a judge's tablet syncing forty queued marks then costs one check, not forty.
public static class Sessions
{
    public const string Claim = "liveboard:session";

    public static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var sessionId = context.Principal?.FindFirstValue(Claim);
        var checks = context.HttpContext.RequestServices.GetRequiredService<SessionChecks>();
        if (sessionId is not null && checks.Recent(sessionId) is { } recent)
        {
            context.ReplacePrincipal(recent);
            return;
        }
        var generation = SessionChecks.Generation;
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
        SessionChecks.Changed();
    }
}

/// The sessions this node checked lately (see Sessions). Any saved change to accounts, sessions, judges or assignments
/// on this node forgets them all (LiveBoardDb calls Changed), so only another node's change waits for the recheck.
public sealed class SessionChecks(TimeProvider time, Microsoft.Extensions.Options.IOptions<AccountOptions> options)
{
    // Static: one process may host several apps (tests); a change in any of them only costs the others a query.
    static long generation;
    public static long Generation => Interlocked.Read(ref generation);
    public static void Changed() => Interlocked.Increment(ref generation);

    readonly System.Collections.Concurrent.ConcurrentDictionary<string, (ClaimsPrincipal Principal, long At, long Generation)> checkedSessions = new();

    public ClaimsPrincipal? Recent(string sessionId)
    {
        if (!checkedSessions.TryGetValue(sessionId, out var c)) return null;
        if (c.Generation == Generation && time.GetElapsedTime(c.At) < options.Value.SessionRecheck) return c.Principal.Clone();
        checkedSessions.TryRemove(sessionId, out _);
        return null;
    }

    /// `generationBefore`: read before the query, so a change saved while it ran leaves the entry already stale.
    public void Remember(string sessionId, ClaimsPrincipal principal, long generationBefore)
    {
        if (options.Value.SessionRecheck <= TimeSpan.Zero) return;
        // A bound on memory: past it, sessions are simply checked every time until the entries age out.
        if (checkedSessions.Count >= 10_000) checkedSessions.Clear();
        checkedSessions[sessionId] = (principal.Clone(), time.GetTimestamp(), generationBefore);
    }
}
