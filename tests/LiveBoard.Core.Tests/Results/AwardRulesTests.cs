using LiveBoard.Core.Competitions;
using LiveBoard.Core.Results;

namespace LiveBoard.Core.Tests.Results;

public class AwardRulesTests
{
    private static readonly CompetitionRules OneTwoThree = new() { GoldCount = 1, SilverCount = 2, BronzeCount = 3 };

    private static RankedRow Row(int id, int rank, decimal total) => new(id, rank, total, false, null);

    private static bool Everyone(int _) => true;

    [Fact]
    public void MedalsFollowPlaces()
    {
        // 1 gold, 2 silver, 3 bronze: places 1 | 2–3 | 4–6 | 7 none.
        var ranked = Enumerable.Range(1, 7).Select(i => Row(i, i, 100m - 10 * i)).ToList();

        var outcome = AwardRules.Assign(ranked, Everyone, OneTwoThree);

        Assert.Equal(
            [Medal.Gold, Medal.Silver, Medal.Silver, Medal.Bronze, Medal.Bronze, Medal.Bronze, Medal.None],
            ranked.Select(r => outcome.Medals[r.CompetitorId]));
        Assert.Empty(outcome.Warnings);
    }

    [Fact]
    public void IneligibleCompetitorNeverTakesMedalPlace()
    {
        // One of each medal. Rank 2 is a demonstration entry: rank 3 gets silver (eligible place 2), rank 4 bronze.
        var rules = new CompetitionRules { GoldCount = 1, SilverCount = 1, BronzeCount = 1 };
        var ranked = new[] { Row(1, 1, 90m), Row(2, 2, 88m), Row(3, 3, 80m), Row(4, 4, 70m) };

        var outcome = AwardRules.Assign(ranked, id => id != 2, rules);

        Assert.Equal(Medal.Gold, outcome.Medals[1]);
        Assert.Equal(Medal.None, outcome.Medals[2]);
        Assert.Equal(Medal.Silver, outcome.Medals[3]);
        Assert.Equal(Medal.Bronze, outcome.Medals[4]);
    }

    [Fact]
    public void IneligibleLeaderDoesNotTakeTheGold()
    {
        var ranked = new[] { Row(1, 1, 95m), Row(2, 2, 90m) };

        var outcome = AwardRules.Assign(ranked, id => id != 1, OneTwoThree);

        Assert.Equal((Medal.None, Medal.Gold), (outcome.Medals[1], outcome.Medals[2]));
    }

    [Fact]
    public void UnresolvedTieForGoldIsWarned()
    {
        // Ranks 1, 1, 3: both leaders take the better place (gold); rank 3 is eligible place 3 → silver (places 2–3).
        var ranked = new[] { Row(1, 1, 90m), Row(2, 1, 90m), Row(3, 3, 80m) };

        var outcome = AwardRules.Assign(ranked, Everyone, OneTwoThree);

        Assert.Equal((Medal.Gold, Medal.Gold, Medal.Silver), (outcome.Medals[1], outcome.Medals[2], outcome.Medals[3]));
        Assert.Equal(["unresolved-tie-for-gold"], outcome.Warnings);
    }

    [Fact]
    public void TieForSilverSharesWithoutWarning()
    {
        // Ranks 1, 2, 2, 2: three silvers share place 2 (beyond the two silvers); no gold problem.
        var ranked = new[] { Row(1, 1, 90m), Row(2, 2, 80m), Row(3, 2, 80m), Row(4, 2, 80m) };

        var outcome = AwardRules.Assign(ranked, Everyone, OneTwoThree);

        Assert.Equal(3, outcome.Medals.Values.Count(m => m == Medal.Silver));
        Assert.Empty(outcome.Warnings);
    }

    [Fact]
    public void CompetitorWithNothingScoredGetsNoMedal()
    {
        var ranked = new[] { Row(1, 1, 50m), Row(2, 2, 0m) };

        var outcome = AwardRules.Assign(ranked, Everyone, OneTwoThree);

        Assert.Equal((Medal.Gold, Medal.None), (outcome.Medals[1], outcome.Medals[2]));
    }
}
