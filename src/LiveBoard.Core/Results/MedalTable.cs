using LiveBoard.Core.Competitions;

namespace LiveBoard.Core.Results;

public sealed record MedalTableRow(int OrganisationId, int Rank, int Gold, int Silver, int Bronze, int Total);

public static class MedalTable
{
    // Like an Olympic table, only organisations with at least one medal are listed.
    public static IReadOnlyList<MedalTableRow> Build(IEnumerable<(int OrganisationId, Medal Medal)> medals)
    {
        var rows = medals.Where(m => m.Medal != Medal.None).GroupBy(m => m.OrganisationId).Select(g =>
        {
            var gold = g.Count(m => m.Medal == Medal.Gold);
            var silver = g.Count(m => m.Medal == Medal.Silver);
            var bronze = g.Count(m => m.Medal == Medal.Bronze);
            return new MedalTableRow(g.Key, 0, gold, silver, bronze, gold + silver + bronze);
        })
        .OrderByDescending(r => r.Gold)
        .ThenByDescending(r => r.Silver)
        .ThenByDescending(r => r.Bronze)
        .ThenBy(r => r.OrganisationId)
        .ToList();

        var ranks = SharedRank.Of(rows, (a, b) => (a.Gold, a.Silver, a.Bronze) == (b.Gold, b.Silver, b.Bronze));
        return rows.Select((r, i) => r with { Rank = ranks[i] }).ToList();
    }
}
