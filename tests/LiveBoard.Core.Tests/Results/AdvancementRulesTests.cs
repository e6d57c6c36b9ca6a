using LiveBoard.Core.Competitions;
using LiveBoard.Core.Results;

namespace LiveBoard.Core.Tests.Results;

public class AdvancementRulesTests
{
    private static List<RankedRow> Rows(params int[] ranks) =>
        ranks.Select((rank, i) => new RankedRow(i + 1, rank, 100m - rank, false, null)).ToList();

    [Fact]
    public void TopNAdvancesEveryoneTiedAtTheLine()
    {
        // Top 3 with ranks 1, 2, 3, 3, 5: both rank-3 competitors go through → 4 advance, line after rank 3.
        var outcome = AdvancementRules.Apply(Rows(1, 2, 3, 3, 5), AdvancementRule.TopN, 3m);

        Assert.Equal([1, 2, 3, 4], outcome.Advancing.Order());
        Assert.Equal(3, outcome.LineAfterRank);
    }

    [Fact]
    public void TopPercentRoundsTheCountUp()
    {
        // 10 competitors × 25 % = 2.5 → ceil 3; ranks 1, 2, 3, 3, 5 … → the tie at 3 takes four through.
        var outcome = AdvancementRules.Apply(Rows(1, 2, 3, 3, 5, 6, 7, 8, 9, 10), AdvancementRule.TopPercent, 25m);

        Assert.Equal([1, 2, 3, 4], outcome.Advancing.Order());
        Assert.Equal(3, outcome.LineAfterRank);
    }

    [Fact]
    public void TopPercentOfAnOddField()
    {
        // 7 × 50 % = 3.5 → ceil 4.
        var outcome = AdvancementRules.Apply(Rows(1, 2, 3, 4, 5, 6, 7), AdvancementRule.TopPercent, 50m);

        Assert.Equal(4, outcome.Advancing.Count);
        Assert.Equal(4, outcome.LineAfterRank);
    }

    [Fact]
    public void AboveMarkIncludesTheMarkItself()
    {
        // Totals 80, 75, 75, 60 (ranks 1, 2, 2, 4); at least 75 → three advance, line after rank 2.
        var ranked = new[] { new RankedRow(1, 1, 80m, false, null), new RankedRow(2, 2, 75m, true, null), new RankedRow(3, 2, 75m, true, null), new RankedRow(4, 4, 60m, false, null) };

        var outcome = AdvancementRules.Apply(ranked, AdvancementRule.AboveMark, 75m);

        Assert.Equal([1, 2, 3], outcome.Advancing.Order());
        Assert.Equal(2, outcome.LineAfterRank);
    }

    [Fact]
    public void NoneAdvancesNobody()
    {
        var outcome = AdvancementRules.Apply(Rows(1, 2, 3), AdvancementRule.None, 3m);

        Assert.Empty(outcome.Advancing);
        Assert.Null(outcome.LineAfterRank);
    }

    [Fact]
    public void NoLineWhenNobodyReachesTheMark()
    {
        var outcome = AdvancementRules.Apply(Rows(1, 2), AdvancementRule.AboveMark, 200m);

        Assert.Empty(outcome.Advancing);
        Assert.Null(outcome.LineAfterRank);
    }
}
