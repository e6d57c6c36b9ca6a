using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using LiveBoard.Server.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Accounts;

/// Checks passwords and access codes and issues the sign-in cookie.
public sealed class SignIn(LiveBoardDb db, IPasswordHasher<Account> hasher, TimeProvider time)
{
    public async Task<Account?> WithPasswordAsync(string userName, string password, CancellationToken ct)
    {
        var account = await db.Set<Account>().FirstOrDefaultAsync(a => a.UserName == userName && !a.Disabled, ct);
        if (account?.PasswordHash is null)
        {
            // Same work whether or not the user exists, so timing does not reveal user names.
            hasher.HashPassword(new Account { UserName = "", DisplayName = "" }, password);
            return null;
        }
        var result = hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed) return null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, password);
            await db.SaveChangesAsync(ct);
        }
        return account;
    }

    /// A code works once and before it expires; it signs in the judge's account, created on first use.
    public async Task<Account?> WithAccessCodeAsync(string code, CancellationToken ct)
    {
        var hash = HashCode(code);
        var now = time.GetUtcNow();
        var found = await db.Set<AccessCode>().FirstOrDefaultAsync(c => c.CodeHash == hash && c.UsedAt == null, ct);
        if (found is null || found.ExpiresAt <= now) return null;
        found.UsedAt = now;
        var account = await db.Set<Account>().FirstOrDefaultAsync(a => a.JudgeId == found.JudgeId, ct);
        if (account is null)
        {
            var judge = await db.Judges.AsNoTracking().FirstAsync(j => j.Id == found.JudgeId, ct);
            account = new Account { UserName = $"judge-{judge.Id}", DisplayName = $"{judge.NameZh} {judge.NameEn}", JudgeId = judge.Id };
            db.Add(account);
        }
        if (account.Disabled) return null;
        // The unique index on UsedAt-less hashes is not enough across nodes; the save below fails if another node used it.
        await db.SaveChangesAsync(ct);
        return account;
    }

    public static string HashCode(string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim().ToUpperInvariant())));

    /// Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), easy to type if a scan fails.
    public static string NewCode()
    {
        const string alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
        return string.Create(8, 0, (span, _) => { for (var i = 0; i < span.Length; i++) span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]; });
    }

    public static ClaimsPrincipal Principal(Account account, string sessionId)
    {
        var claims = new List<Claim>
        {
            new(Sessions.Claim, sessionId),
            new(ClaimTypes.NameIdentifier, account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, account.UserName),
            new("liveboard:display-name", account.DisplayName),
        };
        claims.AddRange(account.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (account.JudgeId is { } judgeId)
            claims.Add(new Claim(Permissions.JudgeClaim, judgeId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// Starts a session for the account and issues the cookie that names it.
    public async Task IssueCookieAsync(HttpContext http, Account account, CancellationToken ct)
    {
        var session = new AccountSession { Id = Sessions.NewId(), AccountId = account.Id, StartedAt = time.GetUtcNow() };
        db.Add(session);
        await db.SaveChangesAsync(ct);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(account, session.Id),
            new AuthenticationProperties { IsPersistent = true });
    }
}
