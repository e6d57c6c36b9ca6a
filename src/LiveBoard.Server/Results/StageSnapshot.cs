using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Core.Results;
using LiveBoard.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Results;

/// Everything needed to compute a stage's results, loaded in a handful of queries.
public sealed record StageSnapshot
{
    public required Competition Competition { get; init; }
    public required Stage Stage { get; init; }
    public required IReadOnlyList<Module> Modules { get; init; }
    public required MarkingScheme Scheme { get; init; }
    public required IReadOnlyList<StageEntry> Entries { get; init; }
    public required IReadOnlyDictionary<int, Competitor> Competitors { get; init; }
    public required IReadOnlyDictionary<int, Organisation> Organisations { get; init; }
    public required IReadOnlyList<Mark> CurrentMarks { get; init; }
    public required IReadOnlyList<(int JudgeId, int? ModuleId, int? OrganisationId)> Panel { get; init; }

    public static async Task<StageSnapshot?> LoadAsync(LiveBoardDb db, int competitionId, int stageId, CancellationToken ct)
    {
        var stage = await db.Stages.AsNoTracking().FirstOrDefaultAsync(s => s.Id == stageId && s.CompetitionId == competitionId, ct);
        if (stage is null) return null;
        var competition = await db.Competitions.AsNoTracking().FirstAsync(c => c.Id == competitionId, ct);
        var modules = await db.Modules.AsNoTracking().Where(m => m.StageId == stageId).ToListAsync(ct);
        // SQLite cannot order by DateTimeOffset, so schedule order is applied in memory.
        modules = [.. modules.OrderBy(m => m.StartsAt).ThenBy(m => m.Id)];
        var criteria = await db.Criteria.AsNoTracking().Where(c => c.StageId == stageId).OrderBy(c => c.Code).ToListAsync(ct);
        var criterionIds = criteria.Select(c => c.Id).ToList();
        var subCriteria = await db.SubCriteria.AsNoTracking().Where(s => criterionIds.Contains(s.CriterionId)).OrderBy(s => s.Code).ToListAsync(ct);
        var subIds = subCriteria.Select(s => s.Id).ToList();
        var aspects = await db.Aspects.AsNoTracking().Where(a => subIds.Contains(a.SubCriterionId)).OrderBy(a => a.Code).ToListAsync(ct);
        var entries = await db.StageEntries.AsNoTracking().Where(e => e.StageId == stageId).OrderBy(e => e.Order).ThenBy(e => e.Id).ToListAsync(ct);
        var competitorIds = entries.Select(e => e.CompetitorId).ToList();
        var competitors = await db.Competitors.AsNoTracking().Where(c => competitorIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, ct);
        var scheme = new MarkingScheme(criteria, subCriteria, aspects);
        var marks = await CurrentMarksAsync(db, competitionId, scheme, ct);
        var panel = await (from a in db.JudgeAssignments
                           join j in db.Judges on a.JudgeId equals j.Id
                           where a.CompetitionId == competitionId && !a.ChiefExpert
                           select new { a.JudgeId, a.ModuleId, j.OrganisationId }).AsNoTracking().ToListAsync(ct);
        return new StageSnapshot
        {
            Competition = competition, Stage = stage, Modules = modules,
            Scheme = scheme,
            Entries = entries, Competitors = competitors, Organisations = organisations, CurrentMarks = marks,
            Panel = [.. panel.Select(p => (p.JudgeId, p.ModuleId, p.OrganisationId))],
        };
    }

    /// The marks of the stage that no correction has replaced.
    public static async Task<IReadOnlyList<Mark>> CurrentMarksAsync(LiveBoardDb db, int competitionId, MarkingScheme scheme, CancellationToken ct)
    {
        var aspectIds = scheme.Aspects.Select(a => a.Id).ToList();
        return await db.Marks.AsNoTracking()
            .Where(m => m.CompetitionId == competitionId && aspectIds.Contains(m.AspectId))
            .Where(m => !db.Marks.Any(n => n.SupersedesId == m.Id))
            .ToListAsync(ct);
    }
}
