using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace LiveBoard.Server.Accounts;

/// Slows password guessing without letting one attacker lock a venue out (OWASP's "device cookie" scheme):
/// - failures are counted per account and per client address; successes never count, so forty judges signing in
///   behind one venue NAT are not slowed by each other;
/// - past SignInFailuresPerAccount failures an account refuses password sign-in for SignInLockout, and past
///   SignInFailuresPerAddress an address does, whichever comes first;
/// - a browser that has signed in to an account before carries a device cookie for it, and that browser is not
///   held by the lockouts (an attacker elsewhere cannot lock the real user out); it has its own failure count.
/// Counts live in each node's memory: behind a load balancer an attacker gains a factor of the node count, no more.
public sealed class SignInThrottle(IOptions<LimitOptions> options, TimeProvider time, IDataProtectionProvider protection)
{
    public const string DeviceCookie = "liveboard-device";

    readonly ConcurrentDictionary<string, Failures> failures = new();
    readonly IDataProtector devices = protection.CreateProtector("LiveBoard.SignIn.Device");

    sealed class Failures
    {
        public int Count;
        public DateTimeOffset WindowStart;
    }

    /// How long the caller must wait, or null if it may try now.
    public TimeSpan? RetryAfter(HttpContext http, string userName)
    {
        var o = options.Value;
        var device = DeviceOf(http, userName);
        if (device is not null) return Blocked($"device:{device}", o.SignInFailuresPerAccount);
        return Blocked($"account:{userName.ToLowerInvariant()}", o.SignInFailuresPerAccount)
            ?? Blocked($"address:{AddressOf(http)}", o.SignInFailuresPerAddress);
    }

    public void Failed(HttpContext http, string userName)
    {
        if (DeviceOf(http, userName) is { } device) Count($"device:{device}");
        else
        {
            Count($"account:{userName.ToLowerInvariant()}");
            Count($"address:{AddressOf(http)}");
        }
    }

    public void Succeeded(HttpContext http, string userName)
    {
        failures.TryRemove($"account:{userName.ToLowerInvariant()}", out _);
        var token = devices.Protect($"{userName.ToLowerInvariant()}\n{Guid.NewGuid():N}");
        http.Response.Cookies.Append(DeviceCookie, token, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true, Path = "/api/account",
            Secure = http.Request.IsHttps, Expires = time.GetUtcNow().AddDays(180),
        });
    }

    /// Access codes are random (31^8 combinations): a per-address limit is all they need.
    public TimeSpan? CodeRetryAfter(HttpContext http) => Blocked($"address:{AddressOf(http)}", options.Value.SignInFailuresPerAddress);

    public void CodeFailed(HttpContext http) => Count($"address:{AddressOf(http)}");

    string? DeviceOf(HttpContext http, string userName)
    {
        if (http.Request.Cookies[DeviceCookie] is not { Length: > 0 } token) return null;
        try
        {
            var value = devices.Unprotect(token);
            return value.StartsWith(userName.ToLowerInvariant() + "\n", StringComparison.Ordinal) ? value : null;
        }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
    }

    static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    TimeSpan? Blocked(string key, int limit)
    {
        if (!failures.TryGetValue(key, out var f)) return null;
        lock (f)
        {
            var until = f.WindowStart + options.Value.SignInLockout;
            var now = time.GetUtcNow();
            if (now >= until || f.Count < limit) return null;
            return until - now;
        }
    }

    void Count(string key)
    {
        var now = time.GetUtcNow();
        var f = failures.GetOrAdd(key, _ => new Failures { WindowStart = now });
        lock (f)
        {
            if (now >= f.WindowStart + options.Value.SignInLockout) { f.Count = 0; f.WindowStart = now; }
            f.Count++;
        }
        // Forget stale entries now and then, so a spray of user names cannot grow the table without end.
        if (failures.Count > 10_000)
            foreach (var (k, v) in failures)
                if (now >= v.WindowStart + options.Value.SignInLockout) failures.TryRemove(k, out _);
    }
}
