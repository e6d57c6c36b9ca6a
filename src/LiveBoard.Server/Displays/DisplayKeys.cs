using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using LiveBoard.Server.Accounts;
using LiveBoard.Server.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveBoard.Server.Displays;

/// A key that a screen or an OBS source carries in its URL (`?key=`), since it cannot sign in. Only the hash is stored.
public class DisplayKey
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string KeyHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool Revoked { get; set; }

    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
}

/// Authenticates `?key=` (pages, data sources) and SignalR's `access_token` (the hub) as a display.
public sealed class DisplayKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    LiveBoardDb db) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "DisplayKey";
    public const string KeyIdClaim = "liveboard:display-key";

    /// `?key=` on pages, data sources and the hub URL; SignalR's access token (query for WebSockets, header otherwise).
    public static string? KeyOf(HttpRequest request)
    {
        if (request.Query.TryGetValue("key", out var key)) return key.ToString();
        if (request.Query.TryGetValue("access_token", out var token)) return token.ToString();
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = KeyOf(Request);
        if (string.IsNullOrEmpty(key)) return AuthenticateResult.NoResult();
        var hash = DisplayKey.Hash(key);
        var found = await db.Set<DisplayKey>().AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash && !k.Revoked, Context.RequestAborted);
        if (found is null) return AuthenticateResult.Fail("unknown display key");
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, $"display:{found.Name}"), new Claim(ClaimTypes.Role, Roles.Display),
            new Claim(KeyIdClaim, found.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name));
    }
}
