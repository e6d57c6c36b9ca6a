using LiveBoard.Core.Competitions;
using LiveBoard.Core.Results;
using LiveBoard.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Results;

public static class MedalTables
{
    public static async Task<MedalTableView> BuildAsync(LiveBoardDb db, int seriesId, bool countAll, CancellationToken ct)
    {
        var finals = await db.Stages.AsNoTracking()
            .Where(s => s.Kind == StageKind.Final && db.Competitions.Any(c => c.Id == s.CompetitionId && c.SeriesId == seriesId)).ToListAsync(ct);
        var medals = new List<(int, Medal)>();
        var names = new Dictionary<int, Organisation>();
        foreach (var final in finals)
        {
            if (await StageSnapshot.LoadAsync(db, final.CompetitionId, final.Id, ct) is not { } s) continue;
            foreach (var (id, org) in s.Organisations) names[id] = org;
            // By default only official results count, so the public table never shows a medal that may still change.
            medals.AddRange(StandingsCalculator.Compute(s).Rows
                .Where(r => r.Medal != Medal.None && (countAll || r.Status == ResultStatus.Official))
                .Select(r => (r.OrganisationId, r.Medal)));
        }
        var rows = MedalTable.Build(medals).Select(r => new MedalRowView(r.OrganisationId, names[r.OrganisationId].NameZh,
            names[r.OrganisationId].NameEn, r.Rank, r.Gold, r.Silver, r.Bronze, r.Total)).ToList();
        return new MedalTableView(seriesId, countAll ? "all" : "official", rows);
    }
}
