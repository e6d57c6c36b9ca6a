using System.Text.Json;
using LiveBoard.Server.Accounts;
using LiveBoard.Server.Data;
using LiveBoard.Server.Hosting;
using LiveBoard.Server.Live;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Displays;

public sealed record KeyInput(string? Name);
public sealed record IssuedKey(int Id, string Name, string Key, string ScreenUrl, string OverlayUrl);
public sealed record KeyView(int Id, string Name, DateTimeOffset CreatedAt, bool Revoked);

/// The display control desk's API: keys for screens, the registry of connected displays, and directives to them.
public static partial class DisplaysApi
{
    public static IEndpointRouteBuilder MapDisplays(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/displays").WithTags("Displays").RequireAuthorization(Policies.DisplayOperator);
        group.MapGet("/", (DisplayRegistry registry, CancellationToken ct) => registry.ListAsync(ct))
            .WithSummary("Connected displays: page, language, viewport, version, last rendered sequence per channel, and whether each is behind");
        group.MapGet("/keys", async (LiveBoardDb db, CancellationToken ct) =>
            await db.Set<DisplayKey>().AsNoTracking().OrderBy(k => k.Id).Select(k => new KeyView(k.Id, k.Name, k.CreatedAt, k.Revoked)).ToListAsync(ct));
        group.MapPost("/keys", IssueKey).WithSummary("Issue a display key (shown once) for screen and overlay URLs: ?key=…");
        group.MapPost("/keys/{keyId:int}/revoke", async Task<Results<NoContent, ProblemHttpResult>> (int keyId, LiveBoardDb db,
            HttpContext http, ILoggerFactory loggers, CancellationToken ct) =>
        {
            var key = await db.Set<DisplayKey>().FirstOrDefaultAsync(k => k.Id == keyId, ct);
            if (key is null) return Checks.NotFound($"display key {keyId}");
            key.Revoked = true;
            await db.SaveChangesAsync(ct);
            Log.KeyRevoked(loggers.CreateLogger(typeof(DisplaysApi)), key.Id, key.Name, http.User.Identity?.Name ?? "");
            return TypedResults.NoContent();
        });
        group.MapPost("/directives", Direct)
            .WithSummary("Tell one display (displayId) or all (no displayId) what to show: page, competition, language, blackout, message, refresh");
        return routes;
    }

    static async Task<Results<Ok<IssuedKey>, ProblemHttpResult>> IssueKey(KeyInput input, LiveBoardDb db, TimeProvider time, HttpContext http,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var checks = new Checks().Text("name", input.Name, 60);
        if (checks.Failed) return checks.Problem();
        var key = DisplayKey.NewKey();
        var row = new DisplayKey { Name = input.Name!, KeyHash = DisplayKey.Hash(key), CreatedAt = time.GetUtcNow() };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        Log.KeyIssued(loggers.CreateLogger(typeof(DisplaysApi)), row.Id, row.Name, http.User.Identity?.Name ?? "");
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        return TypedResults.Ok(new IssuedKey(row.Id, row.Name, key, $"{origin}/displays/screen.html?key={key}", $"{origin}/displays/overlays/leaderboard.html?key={key}"));
    }

    static async Task<Results<Ok<Directive>, ProblemHttpResult>> Direct(DirectiveInput input, LiveBoardDb db, EventLog log, LiveChanges live,
        TimeProvider time, CancellationToken ct)
    {
        var checks = new Checks().Text("displayId", input.DisplayId, 64, required: false).Text("page", input.Page, 200, required: false)
            .Text("message", input.Message, 500, required: false, multiLine: true).Text("language", input.Language, 10, required: false);
        if (input.CompetitionId is { } cid && !await db.Competitions.AnyAsync(c => c.Id == cid, ct)) checks.Add("competitionId", "竞赛不存在 / Unknown competition");
        if (checks.Failed) return checks.Problem();
        var target = string.IsNullOrWhiteSpace(input.DisplayId) ? "all" : input.DisplayId;
        if (input.Reset == true && target != "all")
        {
            // A deleted object (data null): the display falls back to the directive for all.
            await live.SaveAsync(c => log.AppendAsync(Channels.Displays, "directive", target, null, c), ct);
            return TypedResults.Ok(new Directive(target, null, null, null, false, null, 0, time.GetUtcNow()));
        }
        // Directives are full state: merge with the last one for this target, so "show a message" keeps the page.
        var lastJson = await db.Events.AsNoTracking().Where(e => e.Channel == Channels.Displays && e.Type == "directive" && e.ObjectId == target)
            .OrderByDescending(e => e.Seq).Select(e => e.Data).FirstOrDefaultAsync(ct);
        var last = lastJson is null ? null : JsonSerializer.Deserialize<Directive>(lastJson, EventLog.Json);
        var directive = new Directive(target, input.Page ?? last?.Page, input.CompetitionId ?? last?.CompetitionId,
            input.Language ?? last?.Language, input.Blackout ?? last?.Blackout ?? false,
            input.ClearMessage == true ? null : input.Message ?? last?.Message,
            (last?.RefreshNonce ?? 0) + (input.Refresh == true ? 1 : 0), time.GetUtcNow());
        await live.SaveAsync(c => log.AppendAsync(Channels.Displays, "directive", target, directive, c), ct);
        return TypedResults.Ok(directive);
    }
}
