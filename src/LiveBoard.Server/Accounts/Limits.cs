using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace LiveBoard.Server.Accounts;

public sealed class LimitOptions
{
    /// Failed password sign-ins an account takes before it refuses password sign-in for SignInLockout
    /// (browsers that signed in to it before are exempt: see SignInThrottle).
    [System.ComponentModel.DataAnnotations.Range(1, 1000, ErrorMessage = "Limits:SignInFailuresPerAccount must be between 1 and 1000")]
    public int SignInFailuresPerAccount { get; set; } = 5;
    /// Failed sign-ins (passwords and access codes) one client address takes before it is held for SignInLockout.
    /// High, because a whole venue may share one address; successful sign-ins never count.
    [System.ComponentModel.DataAnnotations.Range(1, 100_000, ErrorMessage = "Limits:SignInFailuresPerAddress must be between 1 and 100000")]
    public int SignInFailuresPerAddress { get; set; } = 30;
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Limits:SignInLockout must be between 1 second and 1 day")]
    public TimeSpan SignInLockout { get; set; } = TimeSpan.FromMinutes(5);
    /// Marks a user may submit per second, with a burst of MarkBurst: far above a person's pace, far below a script's.
    [System.ComponentModel.DataAnnotations.Range(1, 100_000, ErrorMessage = "Limits:MarksPerSecond must be between 1 and 100000")]
    public int MarksPerSecond { get; set; } = 5;
    [System.ComponentModel.DataAnnotations.Range(1, 100_000, ErrorMessage = "Limits:MarkBurst must be between 1 and 100000")]
    public int MarkBurst { get; set; } = 30;
}

/// Rate limits on the judge path, for HTTP and for hub calls alike (sign-in has its own throttle, SignInThrottle).
public static class Limits
{
    public const string Marks = "marks";

    public static IServiceCollection AddLiveBoardRateLimits(this IServiceCollection services)
    {
        services.AddOptions<LimitOptions>().BindConfiguration("Limits").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<MarkLimiter>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)retry.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await TypedResults.Problem(statusCode: 429, title: "请求过于频繁,请稍后再试 / Too many requests; try again shortly")
                    .ExecuteAsync(context.HttpContext);
            };
            o.AddPolicy(Marks, http => http.RequestServices.GetRequiredService<MarkLimiter>().PartitionFor(http.User, http.Connection.RemoteIpAddress?.ToString()));
        });
        return services;
    }
}

/// One token bucket per user, shared by the HTTP endpoint and the hub filter, so switching path gains nothing.
public sealed class MarkLimiter(IOptions<LimitOptions> options)
{
    readonly PartitionedRateLimiter<string> buckets = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.MarkBurst, TokensPerPeriod = options.Value.MarksPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0, AutoReplenishment = true,
        }));

    static string KeyOf(ClaimsPrincipal user, string? address) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? $"ip:{address}";

    public RateLimitPartition<string> PartitionFor(ClaimsPrincipal user, string? address) =>
        RateLimitPartition.Get(KeyOf(user, address), key => new SharedLimiter(buckets, key));

    public bool TryAcquire(ClaimsPrincipal user, string? address) => buckets.AttemptAcquire(KeyOf(user, address)).IsAcquired;

    /// Adapts one partition of the shared buckets to the limiter the middleware asks for.
    sealed class SharedLimiter(PartitionedRateLimiter<string> buckets, string key) : RateLimiter
    {
        public override TimeSpan? IdleDuration => null;
        public override RateLimiterStatistics? GetStatistics() => buckets.GetStatistics(key);
        protected override RateLimitLease AttemptAcquireCore(int permitCount) => buckets.AttemptAcquire(key, permitCount);
        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            buckets.AcquireAsync(key, permitCount, cancellationToken);
    }
}

/// The ASP.NET Core rate limiter only sees negotiate and connect requests; hub calls are limited here.
public sealed class MarkRateHubFilter(MarkLimiter limiter) : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (context.HubMethodName == "SubmitMark"
            && !limiter.TryAcquire(context.Context.User!, context.Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString()))
            throw new HubException("提交过于频繁,请稍后再试 / Too many marks too fast; try again shortly");
        return next(context);
    }
}
