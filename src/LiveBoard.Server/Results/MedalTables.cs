using LiveBoard.Core.Competitions;
using LiveBoard.Core.Results;
using LiveBoard.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Results;

public static class MedalTables
{
    /// `staffOf`: competitions whose live results this reader sees however frozen (none for the public and the series channel).
    /// Every other final counts as the public sees it: live, or while its board is frozen (and not yet revealed by the
    /// ceremony) the standings as they stood at the freeze.
    public static async Task<MedalTableView> BuildAsync(LiveBoardDb db, int seriesId, bool countAll, IReadOnlySet<int> staffOf, CancellationToken ct)
    {
        var finals = await db.Stages.AsNoTracking()
            .Where(s => s.Kind == StageKind.Final && db.Competitions.Any(c => c.Id == s.CompetitionId && c.SeriesId == seriesId)).ToListAsync(ct);
        var medals = new List<(int, Medal)>();
        var names = new Dictionary<int, Organisation>();
        foreach (var final in finals)
        {
            if (await StageSnapshot.LoadAsync(db, final.CompetitionId, final.Id, ct) is not { } s) continue;
            foreach (var (id, org) in s.Organisations) names[id] = org;
            var rows = staffOf.Contains(final.CompetitionId) || await FrozenBoard.PublicSeesLiveAsync(db, s.Competition, StageKind.Final, ct)
                ? StandingsCalculator.Compute(s).Rows
                : (await FrozenBoard.LastPublicStandingsAsync(db, final.CompetitionId, final.Id, ct))?.Rows ?? [];
            // By default only official results count, so the public table never shows a medal that may still change.
            medals.AddRange(rows
                .Where(r => r.Medal != Medal.None && (countAll || r.Status == ResultStatus.Official))
                .Select(r => (r.OrganisationId, r.Medal)));
        }
        var table = MedalTable.Build(medals).Select(r => new MedalRowView(r.OrganisationId, names[r.OrganisationId].NameZh,
            names[r.OrganisationId].NameEn, r.Rank, r.Gold, r.Silver, r.Bronze, r.Total)).ToList();
        return new MedalTableView(seriesId, countAll ? "all" : "official", table);
    }
}
