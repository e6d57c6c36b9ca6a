using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Server.Accounts;
using LiveBoard.Server.Data;
using LiveBoard.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Marking;

/// Locking needs `confirm` equal to the module's code: the second step of a two-step lock. `override` (admins only, with
/// a `reason`) locks a module that is not complete.
public sealed record ModuleStatusInput(ModuleStatus? Status, string? Reason, string? Confirm = null, bool? Override = null);
public sealed record ProtestInput(int? CompetitorId, string? Reason);
public sealed record FreezeInput(bool? Frozen);

public static class MarkingApi
{
    public static IEndpointRouteBuilder MapMarking(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/competitions/{competitionId:int}").WithTags("Marking");
        group.MapPost("/marks", Submit).RequireAuthorization(Policies.CompetitionJudge).RequireRateLimiting(Limits.Marks);
        group.MapPost("/marks/{markId:long}/corrections", Correct).RequireAuthorization(Policies.CompetitionJudge).RequireRateLimiting(Limits.Marks);
        group.MapGet("/marks.csv", MarksCsv).RequireAuthorization(Policies.ChiefExpert)
            .WithSummary("The audit trail: every mark with who, when, from which device, and what it superseded");
        group.MapGet("/marks", ListMarks).RequireAuthorization(Policies.ChiefExpert)
            .WithSummary("Every mark, current and superseded, with who, when, device and what it superseded");
        group.MapPost("/modules/{moduleId:int}/status", SetModuleStatus).RequireAuthorization(Policies.ChiefExpert);
        group.MapGet("/modules/{moduleId:int}/lock-blockers", async Task<Results<Ok<LockCheck>, ProblemHttpResult>> (int competitionId, int moduleId,
            LiveBoardDb db, CancellationToken ct) =>
            await LockChecks.LoadAsync(db, competitionId, moduleId, ct) is { } check ? TypedResults.Ok(check) : Checks.NotFound($"module {moduleId}"))
            .RequireAuthorization(Policies.ChiefExpert)
            .WithSummary("What keeps the module from locking, cell by cell (pending, re-score, measurement disagreement), and an unresolved tie for gold when the lock would make a final official");
        group.MapPost("/stages/{stageId:int}/protests", Protest).RequireAuthorization(Policies.ChiefExpert);
        group.MapPost("/stages/{stageId:int}/protests/{competitorId:int}/resolve", ResolveProtest).RequireAuthorization(Policies.ChiefExpert);
        group.MapPost("/freeze", async Task<Results<Ok<Competition>, ProblemHttpResult>> (int competitionId, FreezeInput input,
            ModuleControl control, HttpContext http, CancellationToken ct) =>
        {
            var (competition, problem) = await control.SetFrozenAsync(competitionId, input.Frozen, Actor.Of(http), ct);
            return competition is not null ? TypedResults.Ok(competition) : problem!;
        }).RequireAuthorization(Policies.BoardControl)
          .WithSummary("Freeze or unfreeze the public board: while frozen the public keeps seeing the standings as they stood");
        group.MapGet("/audit", (int competitionId, LiveBoardDb db, CancellationToken ct) =>
            db.AuditEntries.AsNoTracking().Where(a => a.CompetitionId == competitionId).OrderBy(a => a.Id).ToListAsync(ct))
            .RequireAuthorization(Policies.ChiefExpert);
        return routes;
    }

    static async Task<Results<Created<Mark>, Ok<Mark>, ProblemHttpResult>> Submit(int competitionId, MarkSubmission input,
        MarkingService marking, HttpContext http, CancellationToken ct)
    {
        var result = await marking.SubmitAsync(competitionId, input, Caller.Of(http.User), ct);
        return Respond(competitionId, result, http);
    }

    static async Task<Results<Created<Mark>, Ok<Mark>, ProblemHttpResult>> Correct(int competitionId, long markId, MarkCorrection input,
        MarkingService marking, HttpContext http, CancellationToken ct)
    {
        var result = await marking.CorrectAsync(competitionId, markId, input, Caller.Of(http.User), ct);
        return Respond(competitionId, result, http);
    }

    // A replay of an idempotency key answers 200 with the first outcome; a new mark answers 201.
    // LiveBoard-Public-Seq: the public channel's seq that carries the mark (absent when the public sees nothing of it).
    static Results<Created<Mark>, Ok<Mark>, ProblemHttpResult> Respond(int competitionId, MarkResult result, HttpContext http)
    {
        if (result.PublicSeq is { } seq) http.Response.Headers["LiveBoard-Public-Seq"] = seq.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Respond(competitionId, result);
    }

    static Results<Created<Mark>, Ok<Mark>, ProblemHttpResult> Respond(int competitionId, MarkResult result) =>
        result.Mark is { } mark
            ? result.Replayed ? TypedResults.Ok(mark) : TypedResults.Created($"/api/competitions/{competitionId}/marks/{mark.Id}", mark)
            : Checks.FieldProblem(result.Status, result.Errors);

    static async Task<IResult> MarksCsv(int competitionId, LiveBoardDb db, CancellationToken ct)
    {
        var rows = await (from m in db.Marks
                          join a in db.Aspects on m.AspectId equals a.Id
                          join c in db.Competitors on m.CompetitorId equals c.Id
                          join j in db.Judges on m.JudgeId equals j.Id
                          where m.CompetitionId == competitionId
                          orderby m.Id
                          select new { m, a.Code, c.Bib, c.NameZh, JudgeZh = j.NameZh, JudgeEn = j.NameEn }).AsNoTracking().ToListAsync(ct);
        var superseded = rows.Where(r => r.m.SupersedesId != null).ToDictionary(r => r.m.SupersedesId!.Value, r => r.m.Id);
        return CsvFiles.Download(CsvFiles.Write(["markId", "aspect", "bib", "competitor", "judgeId", "judge", "value", "recordedAt", "recordedBy",
            "device", "supersedes", "supersededBy", "reason", "idempotencyKey"], rows.Select(r => new[]
        {
            Inv(r.m.Id), r.Code, r.Bib, r.NameZh, Inv(r.m.JudgeId), $"{r.JudgeZh} {r.JudgeEn}", Inv(r.m.Value),
            r.m.RecordedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture), r.m.RecordedBy, r.m.Device ?? "",
            r.m.SupersedesId is { } s ? Inv(s) : "", superseded.TryGetValue(r.m.Id, out var by) ? Inv(by) : "", r.m.Reason ?? "", r.m.IdempotencyKey ?? "",
        })), $"marks-{competitionId}.csv");
    }

    static string Inv(IFormattable v) => CsvFiles.Inv(v);

    static Task<List<Mark>> ListMarks(int competitionId, int? competitorId, int? aspectId, LiveBoardDb db, CancellationToken ct) =>
        db.Marks.AsNoTracking()
            .Where(m => m.CompetitionId == competitionId && (competitorId == null || m.CompetitorId == competitorId) && (aspectId == null || m.AspectId == aspectId))
            .OrderBy(m => m.Id).ToListAsync(ct);

    static async Task<Results<Ok<Module>, ProblemHttpResult>> SetModuleStatus(int competitionId, int moduleId, ModuleStatusInput input,
        ModuleControl control, HttpContext http, CancellationToken ct)
    {
        var (module, problem) = await control.SetStatusAsync(competitionId, moduleId, input, Actor.Of(http), http.User.IsInRole(Roles.Admin), ct);
        return module is not null ? TypedResults.Ok(module) : problem!;
    }

    static async Task<Results<Ok<StageEntry>, ProblemHttpResult>> Protest(int competitionId, int stageId, ProtestInput input,
        ModuleControl control, HttpContext http, CancellationToken ct)
    {
        var (entry, problem) = await control.SetProtestAsync(competitionId, stageId, input.CompetitorId, input.Reason, true, Actor.Of(http), ct);
        return entry is not null ? TypedResults.Ok(entry) : problem!;
    }

    static async Task<Results<Ok<StageEntry>, ProblemHttpResult>> ResolveProtest(int competitionId, int stageId, int competitorId, ProtestInput input,
        ModuleControl control, HttpContext http, CancellationToken ct)
    {
        var (entry, problem) = await control.SetProtestAsync(competitionId, stageId, competitorId, input.Reason, false, Actor.Of(http), ct);
        return entry is not null ? TypedResults.Ok(entry) : problem!;
    }
}

/// Who is acting, by user name, as recorded with marks and audit entries. Every path names a caller the same way.
static class Actor
{
    public static string Of(HttpContext http) => Of(http.User);
    public static string Of(System.Security.Claims.ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}
