using LiveBoard.Server.Data;
using LiveBoard.Server.Accounts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;


namespace LiveBoard.Server.Live;

public static class LiveSetup
{
    public static WebApplicationBuilder AddLiveUpdates(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LiveOptions>().BindConfiguration("Live").ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection("Live").Get<LiveOptions>() ?? new LiveOptions();

        var signalR = builder.Services.AddSignalR(o =>
        {
            o.AddFilter<HubCallLogging>();
            o.AddFilter<MarkRateHubFilter>();
        });
        // HubCallLogging logs what hub methods throw, each at its proper level.
        builder.Logging.AddFilter(HubCallLogging.DispatcherCategory, LogLevel.Critical);
        signalR.AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        if (!string.IsNullOrWhiteSpace(options.Redis))
        {
            signalR.AddStackExchangeRedis(options.Redis, o =>
            {
                // Two installations on one Redis must not see each other's messages.
                o.Configuration.ChannelPrefix = RedisChannel.Literal(options.ChannelPrefix);
                // Start and keep running while Redis is away; the log and heads carry viewers through.
                o.Configuration.AbortOnConnectFail = false;
                // Fail at once while Redis is away instead of holding pushes 5 s and sending them late: heads repair them.
                o.Configuration.BacklogPolicy = BacklogPolicy.FailFast;
            });
            builder.Services.LogRedisConnection();
            builder.Services.AddSingleton<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisHubLifetimeManager<LiveHub>>();
            builder.Services.AddSingleton(sp => new LiveLifetimeManager(
                sp.GetRequiredService<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisHubLifetimeManager<LiveHub>>(),
                sp.GetRequiredService<ILogger<LiveLifetimeManager>>()));
        }
        else
        {
            builder.Services.AddSingleton<DefaultHubLifetimeManager<LiveHub>>();
            builder.Services.AddSingleton(sp => new LiveLifetimeManager(
                sp.GetRequiredService<DefaultHubLifetimeManager<LiveHub>>(), sp.GetRequiredService<ILogger<LiveLifetimeManager>>()));
        }
        builder.Services.AddSingleton<HubLifetimeManager<LiveHub>>(sp => sp.GetRequiredService<LiveLifetimeManager>());

        builder.Services.AddSingleton<LogEpoch>();
        builder.Services.AddSingleton<LiveConnections>();
        builder.Services.AddSingleton<LogSignal>();
        builder.Services.AddSingleton<LiveDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveDispatcher>());
        builder.Services.AddSingleton<ChannelLog>();
        builder.Services.AddScoped<EventLog>();
        builder.Services.AddScoped<LiveChanges>();
        builder.Services.AddScoped<Subscriptions>();
        builder.Services.AddScoped<HubMarking>();
        builder.Services.AddScoped<Results.FrozenBoard>();
        builder.Services.AddSingleton<Results.StageSnapshots>();
        return builder;
    }

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<LiveHub>("/hubs/live");
        routes.MapFeed();
        return routes;
    }

    /// Loads the log's epoch and makes sure every competition's current state is in the log (seeded or imported data
    /// arrives without events). Repeating it appends nothing; a node that loses a race with another node moves on.
    public static async Task PrepareLiveAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveBoardDb>();
        await app.Services.GetRequiredService<LogEpoch>().LoadAsync(db);
        foreach (var competitionId in await db.Competitions.Select(c => c.Id).ToListAsync())
        {
            await using var inner = app.Services.CreateAsyncScope();
            var live = inner.ServiceProvider.GetRequiredService<LiveChanges>();
            try { await live.SaveAsync(ct => live.RefreshCompetitionAsync(competitionId, ct), default); }
            catch (DbUpdateException) { }
        }
    }
}
