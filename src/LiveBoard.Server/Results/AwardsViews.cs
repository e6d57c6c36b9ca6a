using LiveBoard.Core.Competitions;
using LiveBoard.Core.Results;
using LiveBoard.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Results;

public static class AwardsViews
{
    public static async Task<AwardsView> BuildAsync(LiveBoardDb db, int competitionId, CancellationToken ct)
    {
        var final = await db.Stages.AsNoTracking().FirstOrDefaultAsync(s => s.CompetitionId == competitionId && s.Kind == StageKind.Final, ct);
        var confirmed = await db.OrganisationAwards.Where(a => a.CompetitionId == competitionId).Select(a => a.OrganisationId).ToListAsync(ct);
        if (final is null || await StageSnapshot.LoadAsync(db, competitionId, final.Id, ct) is not { } s)
            return new AwardsView(competitionId, null, [], [], confirmed, []);
        var standings = StandingsCalculator.Compute(s);
        var ranking = OrganisationRanking.Rank(standings.Rows.Where(r => r.AspectsScored > 0)
            .Select(r => new OrganisationResult(r.OrganisationId, r.Medal, r.Medallion, true)), new OrganisationAwardRule());
        var rows = ranking.Select(o => new OrganisationAwardRow(o.OrganisationId, s.Organisations[o.OrganisationId].NameZh,
            s.Organisations[o.OrganisationId].NameEn, o.Rank, o.Points, o.Gold, o.Silver, o.Bronze, o.Medallions, o.Finalists)).ToList();
        return new AwardsView(competitionId, final.Id, [.. standings.Rows.Where(r => r.Medal != Medal.None)], rows, confirmed, standings.Warnings);
    }
}
