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

/// Sessions are checked against the database on every request: a disabled account, a removed role or a
/// sign-out takes effect on the next request, on every node. One primary-key read per request is cheap next to
/// what a request costs, and it spares a cache that each node would have to invalidate.
public static class Sessions
{
    public const string Claim = "liveboard:session";

    public static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var sessionId = context.Principal?.FindFirstValue(Claim);
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
        context.ReplacePrincipal(SignIn.Principal(found, sessionId!));
    }

    /// Ends the signed-in browser's session.
    public static Task EndAsync(LiveBoardDb db, ClaimsPrincipal user, TimeProvider time, CancellationToken ct) =>
        user.FindFirstValue(Claim) is { } sessionId ? End(db.Set<AccountSession>().Where(s => s.Id == sessionId), time, ct) : Task.CompletedTask;

    /// Ends every session of an account (a new password, a disabled account).
    public static Task EndAllAsync(LiveBoardDb db, int accountId, TimeProvider time, CancellationToken ct) =>
        End(db.Set<AccountSession>().Where(s => s.AccountId == accountId), time, ct);

    static Task End(IQueryable<AccountSession> sessions, TimeProvider time, CancellationToken ct) =>
        sessions.Where(s => s.EndedAt == null).ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, time.GetUtcNow()), ct);
}
