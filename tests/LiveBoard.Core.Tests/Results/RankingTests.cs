using LiveBoard.Core.Results;

namespace LiveBoard.Core.Tests.Results;

public class RankingTests
{
    internal static CompetitorTotals Totals(int id, decimal total, decimal a = 0, decimal b = 0) =>
        new(id, total, new Dictionary<string, decimal> { ["A"] = a, ["B"] = b }, new Dictionary<int, decimal>(), 0, 0, 0);

    [Fact]
    public void TiesShareRankAndSkip()
    {
        // 90, 85, 85, 80 without tie-breaks → ranks 1, 2, 2, 4.
        var rows = Ranking.Rank([Totals(1, 85m), Totals(2, 90m), Totals(3, 80m), Totals(4, 85m)], []);

        Assert.Equal([2, 1, 4, 3], rows.Select(r => r.CompetitorId));
        Assert.Equal([1, 2, 2, 4], rows.Select(r => r.Rank));
        Assert.Equal([false, true, true, false], rows.Select(r => r.TiedOnTotal));
        Assert.Null(rows[0].TieBreakNote);
        Assert.Equal("tie on total; no tie-break criteria", rows[1].TieBreakNote);
    }

    [Fact]
    public void TieIsBrokenByTheFirstCriterion()
    {
        // Both 85: competitor 1 has A 40, competitor 2 has A 50 → competitor 2 is 2nd, competitor 1 is 3rd.
        var rows = Ranking.Rank([Totals(9, 90m, 45m, 45m), Totals(1, 85m, 40m, 45m), Totals(2, 85m, 50m, 35m)], ["A", "B"]);

        Assert.Equal([9, 2, 1], rows.Select(r => r.CompetitorId));
        Assert.Equal([1, 2, 3], rows.Select(r => r.Rank));
        Assert.True(rows[1].TiedOnTotal);
        Assert.Equal("tie on total broken by criterion A", rows[1].TieBreakNote);
        Assert.Equal("tie on total broken by criterion A", rows[2].TieBreakNote);
    }

    [Fact]
    public void TieIsBrokenByTheSecondCriterionWhenTheFirstIsEqual()
    {
        // Both 85 and both A 40; B 30 vs 35 → competitor 2 (B 35) ahead.
        var rows = Ranking.Rank([Totals(1, 85m, 40m, 30m), Totals(2, 85m, 40m, 35m)], ["A", "B"]);

        Assert.Equal([2, 1], rows.Select(r => r.CompetitorId));
        Assert.Equal([1, 2], rows.Select(r => r.Rank));
        Assert.Equal("tie on total broken by criterion B (equal on A)", rows[0].TieBreakNote);
    }

    [Fact]
    public void CriterionOrderDecidesNotCriterionCode()
    {
        // Same two rows, tie-breaks B then A: B 35 beats B 30 at once.
        var rows = Ranking.Rank([Totals(1, 85m, 45m, 30m), Totals(2, 85m, 40m, 35m)], ["B", "A"]);

        Assert.Equal([2, 1], rows.Select(r => r.CompetitorId));
        Assert.Equal("tie on total broken by criterion B", rows[0].TieBreakNote);
    }

    [Fact]
    public void TieUnbrokenByEveryCriterionSharesRank()
    {
        var rows = Ranking.Rank([Totals(1, 85m, 40m, 45m), Totals(2, 85m, 40m, 45m), Totals(3, 70m)], ["A", "B"]);

        Assert.Equal([1, 1, 3], rows.Select(r => r.Rank));
        Assert.Equal("tie on total not broken by tie-break criteria", rows[0].TieBreakNote);
    }

    [Fact]
    public void NoteNamesTheDeepestCriterionNeededInAThreeWayTie()
    {
        // All 85. X: A 45, B 30; Y: A 45, B 25; Z: A 40.
        // X is apart from Z by A but from Y only by B → "B"; Z is apart from both by A → "A".
        var x = Totals(1, 85m, 45m, 30m);
        var y = Totals(2, 85m, 45m, 25m);
        var z = Totals(3, 85m, 40m, 20m);

        var rows = Ranking.Rank([z, y, x], ["A", "B"]);

        Assert.Equal([1, 2, 3], rows.Select(r => r.CompetitorId));
        Assert.Equal([1, 2, 3], rows.Select(r => r.Rank));
        Assert.Equal("tie on total broken by criterion B (equal on A)", rows[0].TieBreakNote);
        Assert.Equal("tie on total broken by criterion A", rows[2].TieBreakNote);
    }

    [Fact]
    public void EqualRowsAreListedByCompetitorIdNotInputOrder()
    {
        var rows = Ranking.Rank([Totals(9, 80m), Totals(3, 80m)], []);

        Assert.Equal([3, 9], rows.Select(r => r.CompetitorId));
        Assert.Equal([1, 1], rows.Select(r => r.Rank));
    }

    [Fact]
    public void MissingCriterionCountsAsZero()
    {
        var withoutC = Totals(1, 85m);
        var withC = new CompetitorTotals(2, 85m, new Dictionary<string, decimal> { ["C"] = 5m }, new Dictionary<int, decimal>(), 0, 0, 0);

        var rows = Ranking.Rank([withoutC, withC], ["C"]);

        Assert.Equal([2, 1], rows.Select(r => r.CompetitorId));
        Assert.Equal([1, 2], rows.Select(r => r.Rank));
    }
}
