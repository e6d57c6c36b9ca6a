using LiveBoard.Core.Competitions;
using LiveBoard.Server.Accounts;
using LiveBoard.Server.Data;
using LiveBoard.Server.Hosting;
using LiveBoard.Server.Live;
using LiveBoard.Server.Marking;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Setup;

public sealed record CompetitorInput(string? Bib, string? NameZh, string? NameEn, int? OrganisationId,
    string? MentorZh, string? MentorEn, bool? MedalEligible);
public sealed record JudgeInput(string? NameZh, string? NameEn, int? OrganisationId);
public sealed record AssignmentInput(int? JudgeId, int? ModuleId, bool? ChiefExpert);
public sealed record EntriesInput(List<int>? CompetitorIds);

public static partial class PeopleApi
{
    public static IEndpointRouteBuilder MapPeople(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/competitions/{competitionId:int}").WithTags("Setup");
        group.MapGet("/competitors", (int competitionId, LiveBoardDb db, CancellationToken ct) =>
            db.Competitors.AsNoTracking().Where(c => c.CompetitionId == competitionId).OrderBy(c => c.Bib).ToListAsync(ct));
        group.MapPost("/competitors", CreateCompetitor).RequireAuthorization(Policies.Admin);
        group.MapPost("/competitors/import", ImportCompetitors).DisableAntiforgery().RequireAuthorization(Policies.Admin)
            .AcceptsSpreadsheets().WithBodyLimit(BodyLimit.Csv)
            .WithSummary("Import or update competitors from CSV (UTF-8 or GB18030) or .xlsx: bib,nameZh,nameEn,organisation,mentorZh,mentorEn,medalEligible; ?dryRun=true reports without saving");
        group.MapGet("/stages/{stageId:int}/entries", (int competitionId, int stageId, LiveBoardDb db, CancellationToken ct) =>
            db.StageEntries.AsNoTracking().Where(e => e.StageId == stageId).OrderBy(e => e.Order).ToListAsync(ct));
        group.MapPost("/stages/{stageId:int}/entries", AddEntries).RequireAuthorization(Policies.Admin);
        group.MapGet("/assignments", (int competitionId, LiveBoardDb db, CancellationToken ct) =>
            db.JudgeAssignments.AsNoTracking().Where(a => a.CompetitionId == competitionId).ToListAsync(ct))
            .RequireAuthorization(Policies.CompetitionStaff);
        group.MapPost("/assignments", Assign).RequireAuthorization(Policies.Admin);

        var judges = routes.MapGroup("/api/judges").WithTags("Setup").RequireAuthorization(Policies.Admin);
        judges.MapGet("/", (LiveBoardDb db, CancellationToken ct) => db.Judges.AsNoTracking().OrderBy(j => j.Id).ToListAsync(ct));
        judges.MapPost("/", async Task<Results<Created<Judge>, ProblemHttpResult>> (JudgeInput input, LiveBoardDb db, CancellationToken ct) =>
        {
            var checks = new Checks().Text("nameZh", input.NameZh).Text("nameEn", input.NameEn);
            if (input.OrganisationId is { } org && !await db.Organisations.AnyAsync(o => o.Id == org, ct)) checks.Add("organisationId", "单位不存在 / Unknown organisation");
            if (checks.Failed) return checks.Problem();
            var judge = new Judge { NameZh = input.NameZh!, NameEn = input.NameEn!, OrganisationId = input.OrganisationId };
            db.Judges.Add(judge);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/judges/{judge.Id}", judge);
        });
        return routes;
    }

    static async Task<Results<Created<Competitor>, ProblemHttpResult>> CreateCompetitor(int competitionId, CompetitorInput input, LiveBoardDb db, LiveChanges live, CancellationToken ct)
    {
        if (!await db.Competitions.AnyAsync(c => c.Id == competitionId, ct)) return Checks.NotFound($"competition {competitionId}");
        var checks = new Checks();
        var organisations = await db.Organisations.AsNoTracking().ToListAsync(ct);
        var bibs = await db.Competitors.Where(c => c.CompetitionId == competitionId).Select(c => c.Bib).ToListAsync(ct);
        var competitor = CompetitorRules.Build(checks, "", competitionId, input, organisations, bibs.ToHashSet());
        if (checks.Failed) return checks.Problem();
        if (await StageEntryRules.FirstStageLockedAsync(db, competitionId, ct) is { } locked) return locked;
        db.Competitors.Add(competitor!);
        await db.SaveChangesAsync(ct);
        await EnterFirstStage(db, competitionId, [competitor!.Id], ct);
        await live.RefreshAsync(competitionId, ct);
        return TypedResults.Created($"/api/competitions/{competitionId}/competitors/{competitor.Id}", competitor);
    }

    /// One change or none: every row is checked first, one bad row rejects the file naming each bad cell, and the report
    /// lists exactly what was created, updated and entered. With ?dryRun=true the same report, nothing saved.
    static async Task<Results<Ok<CompetitorImportReport>, ProblemHttpResult>> ImportCompetitors(int competitionId, bool? dryRun, HttpRequest request,
        LiveBoardDb db, LiveChanges live, TimeProvider time, HttpContext http, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!await db.Competitions.AnyAsync(c => c.Id == competitionId, ct)) return Checks.NotFound($"competition {competitionId}");
        var file = await Spreadsheets.ReadAsync(request.Body, ct);
        var (import, checks, status) = await CompetitorImport.PlanAsync(db, competitionId, file, ct);
        var logger = loggers.CreateLogger(typeof(PeopleApi));
        var actor = Actor.Of(http);
        if (import is null)
        {
            Log.ImportRefused(logger, competitionId, checks.Fields.Count(), string.Join(", ", checks.Fields.Take(5)), actor);
            return checks.Problem(status);
        }
        if (dryRun == true || !import.HasChanges) return TypedResults.Ok(import.Report(dryRun == true));
        try
        {
            await import.SaveAsync(db, new AuditEntry
            {
                CompetitionId = competitionId, At = time.GetUtcNow(), Actor = actor, Action = "competitors-import", Detail = import.Describe(),
            }, ct);
        }
        catch (DbUpdateException)
        {
            // Another import or edit of the same bibs committed first; nothing of this one was saved.
            return Checks.Conflict("选手名单已被同时修改,未导入任何数据,请重试 / The competitors changed while importing; nothing was imported, try again");
        }
        var report = import.Report(false);
        Log.CompetitorsImported(logger, competitionId, file.Source.Format, file.Source.Encoding ?? file.Source.Sheet ?? "",
            report.Counts.Created, report.Counts.Updated, report.Counts.Unchanged, report.Counts.Entered, actor);
        await live.RefreshAsync(competitionId, ct);
        return TypedResults.Ok(report);
    }

    // New competitors start in the first stage (the preliminary); later stages are filled by advancement.
    static async Task EnterFirstStage(LiveBoardDb db, int competitionId, IReadOnlyList<int> competitorIds, CancellationToken ct)
    {
        var first = await db.Stages.Where(s => s.CompetitionId == competitionId).OrderBy(s => s.Order).FirstOrDefaultAsync(ct);
        if (first is null) return;
        var order = await db.StageEntries.Where(e => e.StageId == first.Id).Select(e => (int?)e.Order).MaxAsync(ct) ?? 0;
        foreach (var id in competitorIds) db.StageEntries.Add(new StageEntry { StageId = first.Id, CompetitorId = id, Order = ++order });
        await db.SaveChangesAsync(ct);
    }

    static async Task<Results<Ok<List<StageEntry>>, ProblemHttpResult>> AddEntries(int competitionId, int stageId, EntriesInput input, LiveBoardDb db, LiveChanges live, CancellationToken ct)
    {
        var stage = await db.Stages.AsNoTracking().FirstOrDefaultAsync(s => s.Id == stageId && s.CompetitionId == competitionId, ct);
        if (stage is null) return Checks.NotFound($"stage {stageId}");
        var checks = new Checks().That(input.CompetitorIds is { Count: > 0 }, "competitorIds", "必填 / Required")
            .That(input.CompetitorIds is not { Count: > 5000 }, "competitorIds", "最多 5000 个 / At most 5000");
        if (checks.Failed) return checks.Problem();
        var ids = input.CompetitorIds ?? [];
        var known = await db.Competitors.Where(c => c.CompetitionId == competitionId && ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        foreach (var (id, i) in ids.Select((id, i) => (id, i)).Where(x => !known.Contains(x.id)))
            checks.Add($"competitorIds[{i}]", $"本竞赛没有选手 #{id} / Unknown competitor #{id}");
        if (checks.Failed) return checks.Problem();
        var existing = await db.StageEntries.Where(e => e.StageId == stageId).ToListAsync(ct);
        var added = ids.Distinct().Where(id => existing.All(e => e.CompetitorId != id)).ToList();
        if (added.Count > 0 && await StageEntryRules.LockedAsync(db, stage, added.Count, ct) is { } locked) return locked;
        var order = existing.Select(e => e.Order).DefaultIfEmpty(0).Max();
        foreach (var id in added)
            db.StageEntries.Add(new StageEntry { StageId = stageId, CompetitorId = id, Order = ++order });
        await db.SaveChangesAsync(ct);
        await live.RefreshAsync(competitionId, ct);
        return TypedResults.Ok(await db.StageEntries.AsNoTracking().Where(e => e.StageId == stageId).OrderBy(e => e.Order).ToListAsync(ct));
    }

    static async Task<Results<Created<JudgeAssignment>, ProblemHttpResult>> Assign(int competitionId, AssignmentInput input, LiveBoardDb db, LiveChanges live, CancellationToken ct)
    {
        if (!await db.Competitions.AnyAsync(c => c.Id == competitionId, ct)) return Checks.NotFound($"competition {competitionId}");
        var checks = new Checks().Required("judgeId", input.JudgeId);
        if (input.JudgeId is { } jid && !await db.Judges.AnyAsync(j => j.Id == jid, ct)) checks.Add("judgeId", "评委不存在 / Unknown judge");
        if (input.ModuleId is { } mid && !await db.Modules.AnyAsync(m => m.Id == mid && db.Stages.Any(s => s.Id == m.StageId && s.CompetitionId == competitionId), ct))
            checks.Add("moduleId", "本竞赛没有该模块 / Unknown module in this competition");
        if (checks.Failed) return checks.Problem();
        var a = new JudgeAssignment { JudgeId = input.JudgeId!.Value, CompetitionId = competitionId, ModuleId = input.ModuleId, ChiefExpert = input.ChiefExpert ?? false };
        db.JudgeAssignments.Add(a);
        await db.SaveChangesAsync(ct);
        // Panel members with a conflict abstain, which changes how many scores an aspect waits for.
        await live.RefreshAsync(competitionId, ct);
        return TypedResults.Created($"/api/competitions/{competitionId}/assignments/{a.Id}", a);
    }
}

static class CompetitorRules
{
    public static Competitor? Build(Checks checks, string prefix, int competitionId, CompetitorInput input,
        IReadOnlyList<Organisation> organisations, IReadOnlySet<string> takenBibs)
    {
        var before = checks.Failed;
        var local = new Checks().Text(prefix + "bib", input.Bib, 20).Text(prefix + "nameZh", input.NameZh, 100).Text(prefix + "nameEn", input.NameEn, 100)
            .Required(prefix + "organisation", input.OrganisationId)
            .Text(prefix + "mentorZh", input.MentorZh, 100, false).Text(prefix + "mentorEn", input.MentorEn, 100, false);
        if (input.Bib is { } bib && takenBibs.Contains(bib)) local.Add(prefix + "bib", $"参赛号重复 / Duplicate bib '{bib}'");
        if (input.OrganisationId is { } org && organisations.All(o => o.Id != org)) local.Add(prefix + "organisation", "单位不存在 / Unknown organisation");
        checks.Merge(local);
        if (local.Failed || before && prefix.Length == 0) return null;
        return new Competitor
        {
            CompetitionId = competitionId, Bib = input.Bib!, NameZh = input.NameZh!, NameEn = input.NameEn!,
            OrganisationId = input.OrganisationId!.Value, MentorZh = input.MentorZh, MentorEn = input.MentorEn,
            MedalEligible = input.MedalEligible ?? true,
        };
    }
}

/// Entries follow the stage's state: a stage with a locked module has signed results, and an entry added to it would
/// appear among them (rank last, total 0, official), so none is added (or removed: no endpoint removes entries).
static class StageEntryRules
{
    public static async Task<ProblemHttpResult?> LockedAsync(LiveBoardDb db, Stage stage, int adding, CancellationToken ct) =>
        await db.Modules.AnyAsync(m => m.StageId == stage.Id && m.Status == ModuleStatus.Locked, ct)
            ? new Checks().Add("stage", $"{stage.NameZh}已有锁定的模块,不能再加入 {adding} 名选手 / {stage.NameEn} has a locked module: " +
                                        $"{adding} competitor(s) cannot be entered").Problem(StatusCodes.Status409Conflict)
            : null;

    /// A new competitor is entered in the first stage, so creating one is refused while that stage has a locked module.
    public static async Task<ProblemHttpResult?> FirstStageLockedAsync(LiveBoardDb db, int competitionId, CancellationToken ct) =>
        await db.Stages.AsNoTracking().Where(s => s.CompetitionId == competitionId).OrderBy(s => s.Order).FirstOrDefaultAsync(ct) is { } first
            ? await LockedAsync(db, first, 1, ct)
            : null;
}
