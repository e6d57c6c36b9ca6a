using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Server.Data;
using LiveBoard.Server.Marking;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Demo;

sealed partial class MarkSimulator
{
    // One mark still missing in the module: a judgement score a panel judge has not given, or a measurement
    // nobody has taken. Judges with a conflict of interest, and the chief expert, never mark.
    // Internal so tests can check that what the simulator proposes passes MarkingService.
    internal static async Task<MarkSubmission?> NextEntryAsync(
        LiveBoardDb db, LiveModule module, Dictionary<int, int?> parents, CancellationToken ct)
    {
        var aspects = await (from sc in db.SubCriteria
                             join a in db.Aspects on sc.Id equals a.SubCriterionId
                             where sc.ModuleId == module.Id
                             select a).AsNoTracking().ToListAsync(ct);
        var competitors = await (from e in db.StageEntries
                                 join c in db.Competitors on e.CompetitorId equals c.Id
                                 where e.StageId == module.StageId
                                 select c).AsNoTracking().ToListAsync(ct);
        var judges = await (from ja in db.JudgeAssignments
                            join j in db.Judges on ja.JudgeId equals j.Id
                            where ja.CompetitionId == module.CompetitionId && !ja.ChiefExpert
                                  && (ja.ModuleId == null || ja.ModuleId == module.Id)
                            select j).AsNoTracking().Distinct().ToListAsync(ct);
        var aspectIds = aspects.Select(a => a.Id).ToList();
        var marks = await db.Marks.AsNoTracking()
            .Where(m => m.CompetitionId == module.CompetitionId && aspectIds.Contains(m.AspectId))
            .Select(m => new { m.AspectId, m.CompetitorId, m.JudgeId, m.Value })
            .ToListAsync(ct);
        var given = marks.Select(m => (m.AspectId, m.CompetitorId, m.JudgeId)).ToHashSet();
        var measured = marks.Select(m => (m.AspectId, m.CompetitorId)).ToHashSet();

        var open = (from a in aspects
                    from c in competitors
                    from j in judges
                    where !ConflictOfInterest.Conflicts(j.OrganisationId, c.OrganisationId, parents)
                    where a.Type == AspectType.Judgement ? !given.Contains((a.Id, c.Id, j.Id)) : !measured.Contains((a.Id, c.Id))
                    select (Aspect: a, Competitor: c, Judge: j)).ToList();
        if (open.Count == 0)
            return null;

        var (aspect, competitor, judge) = open[Random.Shared.Next(open.Count)];
        var skill = SkillOf(competitor.Id);
        var value = aspect.Type == AspectType.Judgement
            ? PlausibleMarks.JudgementScore(Random.Shared, skill,
                [.. marks.Where(m => m.AspectId == aspect.Id && m.CompetitorId == competitor.Id).Select(m => (int)m.Value)])
            : (double)PlausibleMarks.Measurement(Random.Shared, aspect, skill);
        return new MarkSubmission(aspect.Id, competitor.Id, judge.Id, value, Guid.NewGuid().ToString(), $"sim-tablet-{judge.Id}");
    }

    // A stable level per competitor (0.45–0.94), so the same people keep doing well round after round.
    static double SkillOf(int competitorId) => 0.45 + competitorId % 50 * 37 % 50 / 100.0;
}
