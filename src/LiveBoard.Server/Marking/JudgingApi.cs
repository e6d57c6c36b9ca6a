using System.Security.Claims;
using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Server.Accounts;
using LiveBoard.Server.Data;
using LiveBoard.Server.Hosting;
using LiveBoard.Server.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Marking;

public sealed record SheetModule(int Id, int StageId, string Code, string NameZh, string NameEn, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    ModuleStatus Status, StageKind StageKind);
public sealed record SheetAspect(int Id, string Code, string CriterionCode, string DescriptionZh, string DescriptionEn, AspectType Type,
    decimal MaxMark, IReadOnlyList<string> Descriptors, IReadOnlyList<ToleranceBand> Bands);
public sealed record SheetCompetitor(int Id, string Bib, string NameZh, string NameEn, string OrganisationZh, string OrganisationEn, bool Conflict);
public sealed record SheetScore(int JudgeId, long MarkId, decimal Value, DateTimeOffset RecordedAt, string? Device);
public sealed record SheetCell(int AspectId, int CompetitorId, long? MyMarkId, decimal? MyValue, string Outcome, decimal? Mark,
    decimal Spread, IReadOnlyList<SheetScore>? Panel);
public sealed record JudgeSheet(int CompetitionId, SheetModule Module, int JudgeId, IReadOnlyList<SheetAspect> Aspects,
    IReadOnlyList<SheetCompetitor> Competitors, IReadOnlyList<SheetCell> Cells);
public sealed record DeskJudge(int Id, string NameZh, string NameEn, int? OrganisationId);
public sealed record DeskCell(int AspectId, int CompetitorId, string Outcome, decimal? Mark, decimal Spread, IReadOnlyList<SheetScore> Scores,
    IReadOnlyList<int> MissingJudgeIds);
public sealed record DeskSummary(int Cells, int Scored, int Pending, int RescoreRequired);
public sealed record DeskMatrix(int CompetitionId, SheetModule Module, IReadOnlyList<SheetAspect> Aspects, IReadOnlyList<SheetCompetitor> Competitors,
    IReadOnlyList<DeskJudge> Judges, IReadOnlyList<DeskCell> Cells, IReadOnlyList<JudgePattern> Patterns, DeskSummary Summary);

/// What a judge's tablet and the chief expert's desk read. Judges see the rest of the panel only once it is complete
/// (independent judging, revealed together).
public static class JudgingApi
{
    public static IEndpointRouteBuilder MapJudging(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/competitions/{competitionId:int}").WithTags("Judging");
        group.MapGet("/judging/modules", MyModules).RequireAuthorization(Policies.CompetitionJudge);
        group.MapGet("/judging/modules/{moduleId:int}/sheet", Sheet).RequireAuthorization(Policies.CompetitionJudge);
        group.MapGet("/desk/modules/{moduleId:int}", Desk).RequireAuthorization(Policies.ChiefExpert);
        return routes;
    }

    static async Task<List<SheetModule>> MyModules(int competitionId, ClaimsPrincipal user, Permissions permissions, LiveBoardDb db, CancellationToken ct)
    {
        var role = await permissions.RoleInAsync(user, competitionId, ct);
        var judgeId = Permissions.JudgeIdOf(user);
        var assigned = await db.JudgeAssignments.Where(a => a.CompetitionId == competitionId && a.JudgeId == judgeId).ToListAsync(ct);
        var all = role >= CompetitionRole.ChiefExpert || assigned.Any(a => a.ModuleId == null);
        var modules = await (from m in db.Modules
                             join s in db.Stages on m.StageId equals s.Id
                             where s.CompetitionId == competitionId
                             select new SheetModule(m.Id, s.Id, m.Code, m.NameZh, m.NameEn, m.StartsAt, m.EndsAt, m.Status, s.Kind)).ToListAsync(ct);
        return [.. modules.Where(m => all || assigned.Any(a => a.ModuleId == m.Id)).OrderBy(m => m.StartsAt).ThenBy(m => m.Id)];
    }

    static async Task<Results<Ok<JudgeSheet>, ProblemHttpResult>> Sheet(int competitionId, int moduleId, ClaimsPrincipal user, LiveBoardDb db, CancellationToken ct)
    {
        if (Permissions.JudgeIdOf(user) is not { } judgeId)
            return Checks.FieldProblem(403, new Dictionary<string, string[]> { ["judgeId"] = ["此账号未关联评委 / This account is not a judge"] });
        if (await ModuleView.LoadAsync(db, competitionId, moduleId, ct) is not { } view) return Checks.NotFound($"module {moduleId}");
        var assigned = await db.JudgeAssignments.AnyAsync(a => a.CompetitionId == competitionId && a.JudgeId == judgeId
                                                               && (a.ModuleId == null || a.ModuleId == moduleId), ct);
        if (!assigned) return Checks.FieldProblem(403, new Dictionary<string, string[]> { ["moduleId"] = ["未分配此模块 / Not assigned to this module"] });
        var judge = await db.Judges.AsNoTracking().FirstAsync(j => j.Id == judgeId, ct);
        var cells = view.Cells().Select(c =>
        {
            var mine = c.Marks.FirstOrDefault(m => m.JudgeId == judgeId);
            var revealed = c.Outcome.Kind != AspectOutcomeKind.Pending;
            return new SheetCell(c.Aspect.Id, c.Competitor.Id, mine?.Id, mine?.Value, c.Outcome.Kind.ToString(),
                revealed ? c.Outcome.Mark : null, revealed ? c.Outcome.Spread : 0, revealed ? c.Scores : null);
        }).ToList();
        return TypedResults.Ok(new JudgeSheet(competitionId, view.Module, judgeId, view.Aspects, view.CompetitorsFor(judge.OrganisationId), cells));
    }

    static async Task<Results<Ok<DeskMatrix>, ProblemHttpResult>> Desk(int competitionId, int moduleId, LiveBoardDb db, CancellationToken ct)
    {
        if (await ModuleView.LoadAsync(db, competitionId, moduleId, ct) is not { } view) return Checks.NotFound($"module {moduleId}");
        var panel = view.Snapshot.Panel.Where(p => p.ModuleId is null || p.ModuleId == moduleId).Select(p => p.JudgeId).Distinct().ToList();
        var judges = await db.Judges.AsNoTracking().Where(j => panel.Contains(j.Id)).OrderBy(j => j.Id)
            .Select(j => new DeskJudge(j.Id, j.NameZh, j.NameEn, j.OrganisationId)).ToListAsync(ct);
        var parents = view.Snapshot.Organisations.Values.ToDictionary(o => o.Id, o => o.ParentId);
        var cells = view.Cells().Select(c =>
        {
            var missing = c.Aspect.Type == AspectType.Judgement
                ? judges.Where(j => c.Marks.All(m => m.JudgeId != j.Id) && !ConflictOfInterest.Conflicts(j.OrganisationId, c.Competitor.OrganisationId, parents))
                    .Select(j => j.Id).ToList()
                : c.Marks.Count == 0 ? [.. judges.Select(j => j.Id)] : [];
            return new DeskCell(c.Aspect.Id, c.Competitor.Id, c.Outcome.Kind.ToString(),
                c.Outcome.Kind == AspectOutcomeKind.Scored ? c.Outcome.Mark : null, c.Outcome.Spread, c.Scores, missing);
        }).ToList();
        var judgementAspects = view.Aspects.Where(a => a.Type == AspectType.Judgement).Select(a => a.Id).ToHashSet();
        var patterns = JudgePatterns.Compute(view.Snapshot.CurrentMarks.Where(m => judgementAspects.Contains(m.AspectId))
            .Select(m => new PanelScore(m.JudgeId, m.AspectId, m.CompetitorId, m.Value)));
        var summary = new DeskSummary(cells.Count, cells.Count(c => c.Outcome == nameof(AspectOutcomeKind.Scored)),
            cells.Count(c => c.Outcome == nameof(AspectOutcomeKind.Pending)), cells.Count(c => c.Outcome == nameof(AspectOutcomeKind.RescoreRequired)));
        return TypedResults.Ok(new DeskMatrix(competitionId, view.Module, view.Aspects, view.CompetitorsFor(null), judges, cells, patterns, summary));
    }
}

/// One module's aspects, competitors and scored cells, built from the stage snapshot so scoring matches the standings.
sealed class ModuleView
{
    public required StageSnapshot Snapshot { get; init; }
    public required SheetModule Module { get; init; }
    public required IReadOnlyList<SheetAspect> Aspects { get; init; }

    public sealed record Cell(Aspect Aspect, Competitor Competitor, AspectOutcome Outcome, IReadOnlyList<Mark> Marks, IReadOnlyList<SheetScore> Scores);

    public static async Task<ModuleView?> LoadAsync(LiveBoardDb db, int competitionId, int moduleId, CancellationToken ct)
    {
        var stageId = await db.Modules.Where(m => m.Id == moduleId).Select(m => (int?)m.StageId).FirstOrDefaultAsync(ct);
        if (stageId is null || await StageSnapshot.LoadAsync(db, competitionId, stageId.Value, ct) is not { } s) return null;
        var module = s.Modules.First(m => m.Id == moduleId);
        var criterionCode = s.Scheme.Criteria.ToDictionary(c => c.Id, c => c.Code);
        var criterionOfSub = s.Scheme.SubCriteria.ToDictionary(sc => sc.Id, sc => criterionCode[sc.CriterionId]);
        return new ModuleView
        {
            Snapshot = s,
            Module = new SheetModule(module.Id, s.Stage.Id, module.Code, module.NameZh, module.NameEn, module.StartsAt, module.EndsAt, module.Status, s.Stage.Kind),
            Aspects = [.. s.Scheme.AspectsOfModule(moduleId).Select(a => new SheetAspect(a.Id, a.Code, criterionOfSub[a.SubCriterionId],
                a.DescriptionZh, a.DescriptionEn, a.Type, a.MaxMark, a.Descriptors, a.Bands))],
        };
    }

    public IEnumerable<Cell> Cells()
    {
        var outcomes = StandingsCalculator.Outcomes(Snapshot, Module.Id).ToDictionary(o => (o.AspectId, o.CompetitorId));
        var marks = Snapshot.CurrentMarks.ToLookup(m => (m.AspectId, m.CompetitorId));
        foreach (var aspect in Snapshot.Scheme.AspectsOfModule(Module.Id))
            foreach (var entry in Snapshot.Entries)
            {
                var cellMarks = marks[(aspect.Id, entry.CompetitorId)].OrderBy(m => m.JudgeId).ToList();
                yield return new Cell(aspect, Snapshot.Competitors[entry.CompetitorId], outcomes[(aspect.Id, entry.CompetitorId)], cellMarks,
                    [.. cellMarks.Select(m => new SheetScore(m.JudgeId, m.Id, m.Value, m.RecordedAt, m.Device))]);
            }
    }

    public IReadOnlyList<SheetCompetitor> CompetitorsFor(int? judgeOrganisationId)
    {
        var parents = Snapshot.Organisations.Values.ToDictionary(o => o.Id, o => o.ParentId);
        return [.. Snapshot.Entries.Select(e => Snapshot.Competitors[e.CompetitorId]).Select(c =>
        {
            var org = Snapshot.Organisations.GetValueOrDefault(c.OrganisationId);
            return new SheetCompetitor(c.Id, c.Bib, c.NameZh, c.NameEn, org?.NameZh ?? "", org?.NameEn ?? "",
                ConflictOfInterest.Conflicts(judgeOrganisationId, c.OrganisationId, parents));
        })];
    }
}
