using System.Text.Json;
using LiveBoard.Core.Competitions;
using LiveBoard.Core.Results;
using LiveBoard.Server.Accounts;
using LiveBoard.Server.Data;
using LiveBoard.Server.Hosting;
using LiveBoard.Server.Live;
using LiveBoard.Server.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Displays;

public sealed record CeremonyInput(string? Action);

/// The ceremony as every screen draws it: which step, which award is on the citation screen, and the rows revealed so far
/// (only those, so the state can travel on the public channel while the board is frozen).
public sealed record CeremonyState(bool Active, int StageId, int Step, int TotalSteps, CeremonyStepKind Kind, int Revealed, int Rows,
    StandingsRow? Award, IReadOnlyList<StandingsRow> RevealedRows, DateTimeOffset At);

public static partial class CeremonyApi
{
    public static IEndpointRouteBuilder MapCeremony(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/competitions/{competitionId:int}/ceremony", Step).WithTags("Displays")
            .RequireAuthorization(Policies.BoardControl)
            .WithSummary("Drive the award ceremony of a locked final: action start | next | back | end; every screen follows the same step");
        return routes;
    }

    static async Task<Results<Ok<CeremonyState>, ProblemHttpResult>> Step(int competitionId, CeremonyInput input, LiveBoardDb db,
        LiveChanges live, TimeProvider time, HttpContext http, ILoggerFactory loggers, CancellationToken ct)
    {
        var checks = new Checks().That(input.Action is "start" or "next" or "back" or "end", "action", "须为 start、next、back 或 end / Must be start, next, back or end");
        if (checks.Failed) return checks.Problem();
        var final = await db.Stages.AsNoTracking().FirstOrDefaultAsync(s => s.CompetitionId == competitionId && s.Kind == StageKind.Final, ct);
        if (final is null || await StageSnapshot.LoadAsync(db, competitionId, final.Id, ct) is not { } snapshot) return Checks.NotFound($"final of competition {competitionId}");
        if (snapshot.Modules.Count == 0 || snapshot.Modules.Any(m => m.Status != ModuleStatus.Locked))
            return Checks.Conflict("决赛所有模块锁定后才能颁奖 / The ceremony needs every module of the final locked");

        var rows = StandingsCalculator.Compute(snapshot).Rows;
        var steps = CeremonyScript.Build([.. rows.Select(r => (r.CompetitorId, r.Medal))]);
        var lastJson = await db.Events.AsNoTracking().Where(e => e.Channel == Channels.Public(competitionId) && e.Type == "ceremony")
            .OrderByDescending(e => e.Seq).Select(e => e.Data).FirstOrDefaultAsync(ct);
        var current = lastJson is null ? null : JsonSerializer.Deserialize<CeremonyState>(lastJson, EventLog.Json);
        var index = input.Action switch
        {
            "start" => 0,
            "next" => Math.Min((current?.Step ?? -1) + 1, steps.Count - 1),
            "back" => Math.Max((current?.Step ?? 0) - 1, 0),
            _ => current?.Step ?? 0,
        };
        var step = steps[index];
        var state = new CeremonyState(input.Action != "end", final.Id, index, steps.Count, step.Kind, step.Revealed, rows.Count,
            step.Kind == CeremonyStepKind.Award ? rows.First(r => r.CompetitorId == step.CompetitorId) : null,
            [.. rows.Skip(rows.Count - step.Revealed)], time.GetUtcNow());
        await live.SaveAsync(c => live.CeremonyChangedAsync(competitionId, final.Id, state, c), ct);
        Log.Step(loggers.CreateLogger(typeof(CeremonyApi)), competitionId, input.Action!, index + 1, steps.Count, step.Kind, http.User.Identity?.Name ?? "");
        return TypedResults.Ok(state);
    }
}
