using LiveBoard.Core.Competitions;

namespace LiveBoard.Core.Results;

public sealed record OrganisationResult(int OrganisationId, Medal Medal, bool Medallion, bool Finalist);

public sealed record OrganisationStanding(int OrganisationId, int Rank, decimal Points, int Gold, int Silver, int Bronze, int Medallions, int Finalists);

// Points for the excellent organisation award (优秀组织奖); defaults are the WorldSkills delegation points.
public sealed record OrganisationAwardRule(decimal GoldPoints = 4, decimal SilverPoints = 3, decimal BronzePoints = 2, decimal MedallionPoints = 1, decimal FinalistPoints = 0);

public static class OrganisationRanking
{
    public static IReadOnlyList<OrganisationStanding> Rank(IEnumerable<OrganisationResult> results, OrganisationAwardRule rule)
    {
        var standings = results.GroupBy(r => r.OrganisationId).Select(g =>
        {
            var gold = g.Count(r => r.Medal == Medal.Gold);
            var silver = g.Count(r => r.Medal == Medal.Silver);
            var bronze = g.Count(r => r.Medal == Medal.Bronze);
            // As at WorldSkills, a medallion goes to those who reach the mark without a medal, so a medal never scores twice.
            var medallions = g.Count(r => r.Medallion && r.Medal == Medal.None);
            var finalists = g.Count(r => r.Finalist);
            var points = gold * rule.GoldPoints + silver * rule.SilverPoints + bronze * rule.BronzePoints
                + medallions * rule.MedallionPoints + finalists * rule.FinalistPoints;
            return new OrganisationStanding(g.Key, 0, points, gold, silver, bronze, medallions, finalists);
        })
        .OrderByDescending(s => s.Points)
        .ThenByDescending(s => s.Gold)
        .ThenByDescending(s => s.Silver)
        .ThenByDescending(s => s.Bronze)
        .ThenByDescending(s => s.Finalists)
        .ThenBy(s => s.OrganisationId)
        .ToList();

        var ranks = SharedRank.Of(standings, (a, b) => (a.Points, a.Gold, a.Silver, a.Bronze, a.Finalists) == (b.Points, b.Gold, b.Silver, b.Bronze, b.Finalists));
        return standings.Select((s, i) => s with { Rank = ranks[i] }).ToList();
    }
}
