using System.Globalization;
using System.Security.Claims;
using LiveBoard.Server.Data;
using LiveBoard.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Accounts;

public sealed record PasswordSignIn(string? UserName, string? Password);
public sealed record CodeSignIn(string? Code);
public sealed record AssignmentView(int CompetitionId, string TradeZh, string TradeEn, int? ModuleId, bool ChiefExpert);
public sealed record Me(int Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, int? JudgeId, IReadOnlyList<AssignmentView> Assignments);
public sealed record AccountInput(string? UserName, string? DisplayName, string? Password, List<string>? Roles, int? JudgeId, bool? Disabled);
public sealed record AccountView(int Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, int? JudgeId, bool Disabled);
public sealed record IssuedCode(int JudgeId, string Code, string Url, DateTimeOffset ExpiresAt);

public static partial class AccountsApi
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder routes)
    {
        var account = routes.MapGroup("/api/account").WithTags("Accounts");
        account.MapPost("/sign-in", SignInWithPassword).AllowAnonymous();
        account.MapPost("/access-code", SignInWithCode).AllowAnonymous();
        account.MapPost("/sign-out", async (HttpContext http, LiveBoardDb db, TimeProvider time, ILogger<SignIn> logger, CancellationToken ct) =>
        {
            await Sessions.EndAsync(db, http.User, time, ct);
            if (http.User.Identity?.IsAuthenticated == true) Log.SessionEnded(logger, http.User.Identity.Name ?? "");
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.NoContent();
        }).AllowAnonymous();
        account.MapGet("/me", GetMe).RequireAuthorization();

        var admin = routes.MapGroup("/api/accounts").WithTags("Accounts").RequireAuthorization(Policies.Admin);
        admin.MapGet("/", async (LiveBoardDb db, CancellationToken ct) =>
            (await db.Set<Account>().AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct)).Select(View).ToList());
        admin.MapPost("/", CreateAccount);
        admin.MapPut("/{accountId:int}", UpdateAccount);
        routes.MapPost("/api/judges/{judgeId:int}/access-codes", IssueCode).WithTags("Accounts").RequireAuthorization(Policies.Admin)
            .WithSummary("Issue a one-time sign-in code for a judge (shown once; print it as a QR code)");
        return routes;
    }

    static async Task<Results<Ok<Me>, ProblemHttpResult>> SignInWithPassword(PasswordSignIn input, SignIn signIn, SignInThrottle throttle,
        LiveBoardDb db, HttpContext http, ILogger<SignIn> logger, Telemetry.LiveMetrics metrics, CancellationToken ct)
    {
        var checks = new Checks().Required("userName", input.UserName).Required("password", input.Password);
        checks.That(input.UserName is null || input.UserName.Length <= 100, "userName", "最多 100 个字符 / At most 100 characters");
        checks.That(input.Password is null || input.Password.Length <= 1000, "password", "最多 1000 个字符 / At most 1000 characters");
        if (checks.Failed) return checks.Problem();
        if (throttle.RetryAfter(http, input.UserName!) is { } wait)
        {
            Log.SignInThrottled(logger, input.UserName!, wait);
            metrics.SignInFailed("password", throttled: true);
            return TooManyAttempts(http, wait);
        }
        var account = await signIn.WithPasswordAsync(input.UserName!, input.Password!, ct);
        if (account is null)
        {
            throttle.Failed(http, input.UserName!);
            Log.SignInFailed(logger, input.UserName!);
            metrics.SignInFailed("password", throttled: false);
            return Checks.FieldProblem(401, new Dictionary<string, string[]> { ["password"] = ["用户名或密码错误 / Wrong user name or password"] });
        }
        throttle.Succeeded(http, input.UserName!);
        await signIn.IssueCookieAsync(http, account, ct);
        Log.SignedIn(logger, account.UserName, "password");
        return TypedResults.Ok(await MeOf(db, account, ct));
    }

    static async Task<Results<Ok<Me>, ProblemHttpResult>> SignInWithCode(CodeSignIn input, SignIn signIn, SignInThrottle throttle,
        LiveBoardDb db, HttpContext http, ILogger<SignIn> logger, Telemetry.LiveMetrics metrics, CancellationToken ct)
    {
        var checks = new Checks().Required("code", input.Code);
        checks.That(input.Code is null || input.Code.Length <= 100, "code", "最多 100 个字符 / At most 100 characters");
        if (checks.Failed) return checks.Problem();
        if (throttle.CodeRetryAfter(http) is { } wait)
        {
            Log.AccessCodeThrottled(logger, wait);
            metrics.SignInFailed("access_code", throttled: true);
            return TooManyAttempts(http, wait);
        }
        Account? account;
        try { account = await signIn.WithAccessCodeAsync(input.Code!, ct); }
        catch (DbUpdateException) { account = null; }
        if (account is null)
        {
            throttle.CodeFailed(http);
            Log.AccessCodeFailed(logger);
            metrics.SignInFailed("access_code", throttled: false);
            return Checks.FieldProblem(401, new Dictionary<string, string[]> { ["code"] = ["登录码无效、已使用或已过期 / The code is invalid, used or expired"] });
        }
        await signIn.IssueCookieAsync(http, account, ct);
        Log.SignedIn(logger, account.UserName, "access code");
        return TypedResults.Ok(await MeOf(db, account, ct));
    }

    static ProblemHttpResult TooManyAttempts(HttpContext http, TimeSpan wait)
    {
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: 429, title: "登录失败次数过多,请稍后再试 / Too many failed sign-ins; try again later");
    }

    static async Task<Results<Ok<Me>, UnauthorizedHttpResult>> GetMe(ClaimsPrincipal user, LiveBoardDb db, CancellationToken ct)
    {
        var id = int.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "0", CultureInfo.InvariantCulture);
        var account = await db.Set<Account>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && !a.Disabled, ct);
        return account is null ? TypedResults.Unauthorized() : TypedResults.Ok(await MeOf(db, account, ct));
    }

    static async Task<Me> MeOf(LiveBoardDb db, Account account, CancellationToken ct)
    {
        var assignments = account.JudgeId is { } judgeId
            ? await (from a in db.JudgeAssignments
                     join c in db.Competitions on a.CompetitionId equals c.Id
                     where a.JudgeId == judgeId
                     orderby c.Id
                     select new AssignmentView(c.Id, c.TradeZh, c.TradeEn, a.ModuleId, a.ChiefExpert)).ToListAsync(ct)
            : [];
        return new Me(account.Id, account.UserName, account.DisplayName, account.Roles, account.JudgeId, assignments);
    }

    static AccountView View(Account a) => new(a.Id, a.UserName, a.DisplayName, a.Roles, a.JudgeId, a.Disabled);

    static async Task<Results<Created<AccountView>, ProblemHttpResult>> CreateAccount(AccountInput input, LiveBoardDb db,
        IPasswordHasher<Account> hasher, ClaimsPrincipal user, ILogger<Account> logger, CancellationToken ct)
    {
        var checks = await CheckAsync(input, db, null, ct);
        checks.Text("userName", input.UserName, 60).Text("displayName", input.DisplayName, 100);
        if (input.JudgeId is null) checks.Required("password", input.Password);
        if (checks.Failed) return checks.Problem();
        var account = new Account { UserName = input.UserName!, DisplayName = input.DisplayName!, Roles = input.Roles ?? [], JudgeId = input.JudgeId };
        if (input.Password is not null) account.PasswordHash = hasher.HashPassword(account, input.Password);
        db.Add(account);
        await db.SaveChangesAsync(ct);
        Log.AccountCreated(logger, account.UserName, string.Join(',', account.Roles), account.JudgeId, user.Identity?.Name ?? "");
        return TypedResults.Created($"/api/accounts/{account.Id}", View(account));
    }

    static async Task<Results<Ok<AccountView>, ProblemHttpResult>> UpdateAccount(int accountId, AccountInput input, LiveBoardDb db,
        IPasswordHasher<Account> hasher, TimeProvider time, ClaimsPrincipal user, ILogger<Account> logger, CancellationToken ct)
    {
        var account = await db.Set<Account>().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null) return Checks.NotFound($"account {accountId}");
        var checks = await CheckAsync(input, db, accountId, ct);
        checks.Text("displayName", input.DisplayName, 100, required: false);
        if (checks.Failed) return checks.Problem();
        // The last enabled admin can neither be disabled nor lose the role: nobody could set anything up again.
        var losesAdmin = account.Roles.Contains(Roles.Admin) && !account.Disabled
            && (input.Disabled == true || input.Roles is not null && !input.Roles.Contains(Roles.Admin));
        // Roles are stored as JSON, so the check runs in memory over the (few) enabled accounts.
        if (losesAdmin && !(await db.Set<Account>().AsNoTracking().Where(a => a.Id != accountId && !a.Disabled).ToListAsync(ct))
                .Any(a => a.Roles.Contains(Roles.Admin)))
            return Checks.Conflict("这是最后一个管理员账号 / This is the last admin account");
        var before = (Roles: string.Join(',', account.Roles), account.Disabled);
        if (input.DisplayName is not null) account.DisplayName = input.DisplayName;
        if (input.Roles is not null) account.Roles = input.Roles;
        if (input.JudgeId is not null) account.JudgeId = input.JudgeId;
        if (input.Disabled is not null) account.Disabled = input.Disabled.Value;
        if (input.Password is not null) account.PasswordHash = hasher.HashPassword(account, input.Password);
        await db.SaveChangesAsync(ct);
        // A new password or a disabled account ends every session of it (a disabled one is refused anyway, but
        // enabling it again must not bring old cookies back).
        if (input.Password is not null || input.Disabled == true) await Sessions.EndAllAsync(db, accountId, time, ct);
        Log.AccountUpdated(logger, account, before.Roles, before.Disabled, input.Password is not null, user.Identity?.Name ?? "");
        return TypedResults.Ok(View(account));
    }

    static async Task<Checks> CheckAsync(AccountInput input, LiveBoardDb db, int? accountId, CancellationToken ct)
    {
        var checks = new Checks();
        checks.That(input.Password is null || input.Password.Length >= 10, "password", "密码至少 10 个字符 / A password needs at least 10 characters");
        checks.That(input.Roles is null || input.Roles.All(r => Roles.Global.Contains(r)), "roles",
            $"角色只能是 / Roles must be among: {string.Join(", ", Roles.Global)}");
        if (input.UserName is { } name && accountId is null && await db.Set<Account>().AnyAsync(a => a.UserName == name, ct))
            checks.Add("userName", "已存在 / Already exists");
        if (input.JudgeId is { } judgeId)
        {
            if (!await db.Judges.AnyAsync(j => j.Id == judgeId, ct)) checks.Add("judgeId", "评委不存在 / Unknown judge");
            else if (await db.Set<Account>().AnyAsync(a => a.JudgeId == judgeId && a.Id != accountId, ct))
                checks.Add("judgeId", "该评委已有账号 / This judge already has an account");
        }
        return checks;
    }

    static async Task<Results<Ok<IssuedCode>, ProblemHttpResult>> IssueCode(int judgeId, LiveBoardDb db, TimeProvider time,
        HttpContext http, ILogger<Account> logger, CancellationToken ct)
    {
        if (!await db.Judges.AnyAsync(j => j.Id == judgeId, ct)) return Checks.NotFound($"judge {judgeId}");
        var issued = await AccessCodes.IssueAsync(db, time, judgeId, http.User.Identity?.Name ?? "admin", ct);
        Log.AccessCodeIssued(logger, judgeId, http.User.Identity?.Name ?? "admin");
        return TypedResults.Ok(issued with { Url = $"{http.Request.Scheme}://{http.Request.Host}{issued.Url}" });
    }
}

public static class AccessCodes
{
    /// Valid for a competition day and a half; the code travels in the URL fragment, which browsers never send to servers
    /// (so it never reaches a request log).
    public static async Task<IssuedCode> IssueAsync(LiveBoardDb db, TimeProvider time, int judgeId, string createdBy, CancellationToken ct)
    {
        // A new code replaces the judge's earlier unused ones: a reprinted sheet leaves no stray live codes behind.
        var now = time.GetUtcNow();
        // (SQLite cannot compare DateTimeOffset in SQL, hence the filter in memory.)
        foreach (var stale in (await db.Set<AccessCode>().Where(c => c.JudgeId == judgeId && c.UsedAt == null).ToListAsync(ct)).Where(c => c.ExpiresAt > now))
            stale.ExpiresAt = now;
        var code = SignIn.NewCode();
        var expires = now.AddHours(36);
        db.Add(new AccessCode { JudgeId = judgeId, CodeHash = SignIn.HashCode(code), ExpiresAt = expires, CreatedBy = createdBy });
        await db.SaveChangesAsync(ct);
        return new IssuedCode(judgeId, code, $"/judge/#code={code}", expires);
    }
}
