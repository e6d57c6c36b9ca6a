using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using LiveBoard.Server.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace LiveBoard.Server.Telemetry;

public sealed class TelemetryOptions
{
    /// A Prometheus scraper sends it as `Authorization: Bearer <token>`; empty means only signed-in admins may read
    /// /metrics. Long enough that guessing it is hopeless, and plain ASCII so it fits in a header unchanged.
    /// The message never repeats the value: options errors reach the log.
    [RegularExpression(@"[\x21-\x7E]{32,512}", ErrorMessage = "Telemetry:ScrapeToken must be empty or 32 to 512 visible ASCII characters")]
    public string? ScrapeToken { get; set; }
}

public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";
    const string Policy = "MetricsReader";
    /// The name OpenTelemetry's IMetricsListener registers under.
    const string OpenTelemetryListener = "OpenTelemetry";

    // Built-in meters worth watching next to ours: requests, Kestrel connections, SignalR's transports, GC and thread pool.
    static readonly string[] HostMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections"];

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration("Telemetry").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<LiveMetrics>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("LiveBoard"))
            // Every scrape collects afresh: Prometheus asks every 15 s or so, and a cached answer would hide a change just made.
            .WithMetrics(metrics => metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        // The meters are routed to OpenTelemetry by the host's metrics rules rather than by AddMeter: "Local" takes only
        // meters made by this host's IMeterFactory, so a host (or a test server sharing the process) reports its own
        // numbers. System.Runtime's meter is process-wide, hence global.
        foreach (var name in HostMeters.Append(LiveMetrics.MeterName))
            builder.Metrics.EnableMetrics(name, listenerName: OpenTelemetryListener, scopes: MeterScope.Local);
        builder.Metrics.EnableMetrics("System.Runtime", listenerName: OpenTelemetryListener, scopes: MeterScope.Global);
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddRequirements(new MetricsReaderRequirement()));
        builder.Services.AddSingleton<IAuthorizationHandler, MetricsReaderHandler>();
        return builder;
    }

    /// Staff only: a signed-in admin, or a scraper with the configured token. Outside /api, so no body limit applies,
    /// and exempt from rate limiting: the limits are for judges' marks, and a scraper must never be turned away.
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder routes)
    {
        routes.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(Policy).DisableRateLimiting();
        // Made now rather than at first use, so the gauges are reported from the first scrape.
        routes.ServiceProvider.GetRequiredService<LiveMetrics>();
        return routes;
    }
}

public sealed class MetricsReaderRequirement : IAuthorizationRequirement;

/// Admins by their cookie, or a request carrying the scrape token; anyone else is refused (401 anonymous, 403 signed in).
public sealed class MetricsReaderHandler(IOptionsMonitor<TelemetryOptions> options) : AuthorizationHandler<MetricsReaderRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MetricsReaderRequirement requirement)
    {
        if (context.User.IsInRole(Roles.Admin)
            || context.Resource is HttpContext http && CarriesToken(http.Request, options.CurrentValue.ScrapeToken))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }

    static bool CarriesToken(HttpRequest request, string? token)
    {
        if (string.IsNullOrEmpty(token)) return false;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        // Hashing both sides first makes the comparison constant-time in the token's length as well as its content.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }
}
