using System.Collections.Concurrent;
using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Marking;

/// What a mark is checked against in one competition: its aspects with their module and stage, competitors, entries,
/// the judges and their assignments, and the organisation tree (conflicts of interest).
public sealed record CompetitionTargets(
    int CompetitionId,
    IReadOnlyDictionary<int, (Aspect Aspect, Module Module, int StageId)> Aspects,
    IReadOnlyDictionary<int, Competitor> Competitors,
    IReadOnlySet<(int Stage, int Competitor)> Entries,
    IReadOnlyDictionary<int, Judge> Judges,
    IReadOnlyList<JudgeAssignment> Assignments,
    IReadOnlyDictionary<int, int?> OrganisationParents);

/// Each competition's targets kept in memory between marks, so checking a mark costs no query but the set-up version
/// (read once per batch by MarkingService). Keyed like StageSnapshots: any set-up change, on any node, changes the
/// version in its own transaction, and the next batch reloads.
public sealed class MarkingTargets
{
    readonly ConcurrentDictionary<int, (string Version, CompetitionTargets? Targets)> competitions = new();

    /// Null when the competition does not exist.
    public async Task<CompetitionTargets?> LoadAsync(LiveBoardDb db, int competitionId, string version, CancellationToken ct)
    {
        if (competitions.TryGetValue(competitionId, out var cached) && cached.Version == version) return cached.Targets;
        var loaded = await LoadFromDbAsync(db, competitionId, ct);
        competitions[competitionId] = (version, loaded);
        return loaded;
    }

    static async Task<CompetitionTargets?> LoadFromDbAsync(LiveBoardDb db, int competitionId, CancellationToken ct)
    {
        if (!await db.Competitions.AnyAsync(c => c.Id == competitionId, ct)) return null;
        var aspects = await (from a in db.Aspects
                             join sc in db.SubCriteria on a.SubCriterionId equals sc.Id
                             join m in db.Modules on sc.ModuleId equals m.Id
                             join st in db.Stages on m.StageId equals st.Id
                             where st.CompetitionId == competitionId
                             select new { Aspect = a, Module = m, StageId = st.Id }).AsNoTracking().ToListAsync(ct);
        var competitors = await db.Competitors.AsNoTracking().Where(c => c.CompetitionId == competitionId).ToDictionaryAsync(c => c.Id, ct);
        var stageIds = aspects.Select(a => a.StageId).Distinct().ToList();
        var entries = await db.StageEntries.AsNoTracking().Where(e => stageIds.Contains(e.StageId))
            .Select(e => new { e.StageId, e.CompetitorId }).ToListAsync(ct);
        var judges = await db.Judges.AsNoTracking().ToDictionaryAsync(j => j.Id, ct);
        var assignments = await db.JudgeAssignments.AsNoTracking().Where(a => a.CompetitionId == competitionId).ToListAsync(ct);
        var parents = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.ParentId, ct);
        return new CompetitionTargets(competitionId,
            aspects.ToDictionary(a => a.Aspect.Id, a => (a.Aspect, a.Module, a.StageId)),
            competitors,
            entries.Select(e => (e.StageId, e.CompetitorId)).ToHashSet(),
            judges, assignments, parents);
    }
}
