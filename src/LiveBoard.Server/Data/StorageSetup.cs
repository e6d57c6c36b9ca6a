using LiveBoard.Server.Demo;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveBoard.Server.Data;

public sealed class StorageOptions
{
    /// Folder of the embedded SQLite database and the first admin password; a relative path is taken from the working
    /// directory (`dotnet run` starts in the repository root, see LiveBoard.Server.csproj).
    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "Storage:DataDirectory must not be empty")]
    public string DataDirectory { get; set; } = "data";
}

public static class StorageSetup
{
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration("Storage").ValidateDataAnnotations().ValidateOnStart();
        // Resolved when the context is built, so test hosts can override the connection string through configuration.
        // A failed save is an exception the caller handles (a lost race on a mark answers 409) or lets surface; EF's own
        // error line with the whole SQL statement would only repeat it, so it is logged at debug level.
        // The options are built once (a singleton), not for every request's context: that cost 5 % of a poller's request.
        builder.Services.AddDbContext<LiveBoardDb>((sp, o) => o.UseSqlite(ConnectionString(sp))
            .ConfigureWarnings(w => w.Log((Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandError, LogLevel.Debug))),
            ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        return builder;
    }

    static string ConnectionString(IServiceProvider sp)
    {
        var configured = sp.GetRequiredService<IConfiguration>().GetConnectionString("LiveBoard");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var folder = DataFolder(sp);
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "liveboard.db")}";
    }

    /// The data folder as a full path. Not the content root: that is the app's own folder, which an update replaces.
    public static string DataFolder(IServiceProvider sp) =>
        Path.GetFullPath(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory);

    /// Migrations are checked in and applied at start, so a fresh machine needs no separate database step.
    public static async Task PrepareStorageAsync(this WebApplication app, bool demo)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveBoardDb>();
        await db.Database.MigrateAsync();
        // WAL lets readers (standings, screens) go on while a mark is written.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        if (demo)
        {
            await DemoSeeder.SeedAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>());
            await DemoAccounts.SeedAsync(db, scope.ServiceProvider.GetRequiredService<IPasswordHasher<Accounts.Account>>());
        }
    }
}
