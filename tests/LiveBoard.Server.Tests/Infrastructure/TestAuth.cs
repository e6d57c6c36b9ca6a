using System.Security.Claims;
using System.Text.Encodings.Web;
using LiveBoard.Server.Live;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveBoard.Server.Tests.Infrastructure;

/// Until sign-in exists, tests authenticate with a bearer token that spells out the user:
/// "name|role,role|competitionId,competitionId|judgeId". It travels as the SignalR access token.
public sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "Test";

    public static string Token(string name, string roles, string competitions = "", int? judgeId = null) =>
        $"{name}|{roles}|{competitions}|{judgeId}";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? token = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal)) token = header["Bearer ".Length..];
        token ??= Request.Query["access_token"];
        if (string.IsNullOrEmpty(token)) return Task.FromResult(AuthenticateResult.NoResult());
        var parts = Uri.UnescapeDataString(token).Split('|');
        var claims = new List<Claim> { new(ClaimTypes.Name, parts[0]) };
        claims.AddRange(parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => new Claim(LiveClaims.Competition, c)));
        if (parts.Length > 3 && parts[3].Length > 0) claims.Add(new Claim(LiveClaims.JudgeId, parts[3]));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Name)));
    }
}
