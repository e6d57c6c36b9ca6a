using LiveBoard.Server.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Accounts;

public sealed class AccountOptions
{
    /// Password of the "admin" account created on first start; if empty, one is generated and written to the data folder.
    /// The same rule as any account's password: at least 10 characters.
    [System.ComponentModel.DataAnnotations.MinLength(10, ErrorMessage = "Accounts:AdminPassword must have at least 10 characters")]
    public string? AdminPassword { get; set; }

    /// How long another node may go on trusting a session it checked, after a sign-out, a disabled account or a role
    /// change on this one (this node forgets at once). Zero checks every request against the database.
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Accounts:SessionRecheck must be between 0 and 1 minute")]
    public TimeSpan SessionRecheck { get; set; } = TimeSpan.FromSeconds(2);
}

public static class AccountsSetup
{
    public const string DefaultScheme = "LiveBoard";

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountOptions>().BindConfiguration("Accounts").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RecentChecks>();
        // Screens carry a display key in the URL; everyone else has the sign-in cookie.
        builder.Services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, null, o => o.ForwardDefaultSelector = http =>
                Displays.DisplayKeyHandler.KeyOf(http.Request) is { Length: > 0 } ? Displays.DisplayKeyHandler.Name : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "liveboard";
                o.Cookie.HttpOnly = true;
                // Strict keeps other sites from riding a staff member's cookie (CSRF) on this JSON API.
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(14);
                o.SlidingExpiration = true;
                // An API answers 401/403; it does not redirect to a login page.
                o.Events.OnRedirectToLogin = c => Deny(c.HttpContext, 401);
                o.Events.OnRedirectToAccessDenied = c => Deny(c.HttpContext, 403);
                o.Events.OnValidatePrincipal = Sessions.ValidateAsync;
            });
        // Every node reads the same key ring from the database, so a cookie issued by one works on all of them and
        // survives a redeploy; the fixed application name keeps nodes installed in different folders compatible.
        builder.Services.AddDataProtection().PersistKeysToDbContext<LiveBoardDb>().SetApplicationName("LiveBoard");
        builder.Services.AddAuthorizationBuilder().AddLiveBoardPolicies();
        builder.Services.AddScoped<IAuthorizationHandler, CompetitionRoleHandler>();
        builder.Services.AddScoped<Permissions>();
        builder.Services.AddScoped<SignIn>();
        builder.Services.AddScoped<MarkingAuthority>();
        builder.Services.AddSingleton<CredentialConnections>();
        builder.Services.AddHostedService<RevokedAccessWatcher>();
        builder.Services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        builder.Services.AddLiveBoardRateLimits();
        return builder;
    }

    static Task Deny(HttpContext http, int status) =>
        TypedResults.Problem(statusCode: status, title: status == 401 ? "请先登录 / Sign in first" : "无权操作 / Not allowed").ExecuteAsync(http);

    /// First start: an "admin" account, so an organiser can sign in and set everything else up.
    public static async Task PrepareAccountsAsync(this WebApplication app, string dataDirectory)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveBoardDb>();
        if (await db.Set<Account>().AnyAsync()) return;
        var configured = app.Configuration.GetSection("Accounts").Get<AccountOptions>()?.AdminPassword;
        var password = string.IsNullOrWhiteSpace(configured) ? SignIn.NewCode() + SignIn.NewCode() : configured;
        var admin = new Account { UserName = "admin", DisplayName = "管理员 Administrator", Roles = [Roles.Admin] };
        admin.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<Account>>().HashPassword(admin, password);
        db.Add(admin);
        await db.SaveChangesAsync();
        if (string.IsNullOrWhiteSpace(configured))
        {
            // Written to a file, never to the log.
            Directory.CreateDirectory(dataDirectory);
            var file = Path.Combine(dataDirectory, "admin-password.txt");
            await File.WriteAllTextAsync(file, password + Environment.NewLine);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            AccountsApi.Log.AdminCreated(app.Logger, Path.GetFullPath(file));
        }
    }
}
