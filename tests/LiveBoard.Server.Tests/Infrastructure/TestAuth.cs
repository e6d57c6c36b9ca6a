using System.Security.Claims;
using System.Text.Encodings.Web;
using LiveBoard.Server.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveBoard.Server.Tests.Infrastructure;

/// Tests authenticate with a bearer token that spells out the user: "name|role,role|judgeId" (per-competition rights
/// come from the judge's assignments, as for real accounts). Requests without it fall through to the real cookie.
public sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "Test";

    public const string Admin = "admin|admin|";

    public static string Token(string name, string roles, int? judgeId = null) => $"{name}|{roles}|{judgeId}";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? token = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal)) token = header["Bearer ".Length..];
        token ??= Request.Query["access_token"];
        if (string.IsNullOrEmpty(token)) return Task.FromResult(AuthenticateResult.NoResult());
        var parts = Uri.UnescapeDataString(token).Split('|');
        var claims = new List<Claim> { new(ClaimTypes.Name, parts[0]), new(ClaimTypes.NameIdentifier, parts[0]) };
        claims.AddRange(parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(ClaimTypes.Role, r)));
        if (parts.Length > 2 && parts[2].Length > 0) claims.Add(new Claim(Permissions.JudgeClaim, parts[2]));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Name)));
    }
}
