using LiveBoard.Core.Competitions;
using LiveBoard.Core.Results;
using LiveBoard.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Results;

public static class AwardsViews
{
    public static Task<List<int>> ConfirmedAsync(LiveBoardDb db, int competitionId, CancellationToken ct) =>
        db.OrganisationAwards.Where(a => a.CompetitionId == competitionId).Select(a => a.OrganisationId).ToListAsync(ct);

    public static async Task<AwardsView> BuildAsync(LiveBoardDb db, int competitionId, CancellationToken ct)
    {
        var final = await db.Stages.AsNoTracking().FirstOrDefaultAsync(s => s.CompetitionId == competitionId && s.Kind == StageKind.Final, ct);
        var confirmed = await ConfirmedAsync(db, competitionId, ct);
        if (final is null || await StageSnapshot.LoadAsync(db, competitionId, final.Id, ct) is not { } s)
            return new AwardsView(competitionId, null, [], [], confirmed, []);
        return Build(s, StandingsCalculator.Compute(s), confirmed);
    }

    /// From a final's standings already computed (the live path has them in hand).
    public static AwardsView Build(StageSnapshot final, Standings standings, IReadOnlyList<int> confirmed)
    {
        var ranking = OrganisationRanking.Rank(standings.Rows.Where(r => r.AspectsScored > 0)
            .Select(r => new OrganisationResult(r.OrganisationId, r.Medal, r.Medallion, true)), new OrganisationAwardRule());
        var rows = ranking.Select(o => new OrganisationAwardRow(o.OrganisationId, final.Organisations[o.OrganisationId].NameZh,
            final.Organisations[o.OrganisationId].NameEn, o.Rank, o.Points, o.Gold, o.Silver, o.Bronze, o.Medallions, o.Finalists)).ToList();
        return new AwardsView(final.Competition.Id, final.Stage.Id, [.. standings.Rows.Where(r => r.Medal != Medal.None)], rows, confirmed, standings.Warnings);
    }
}
