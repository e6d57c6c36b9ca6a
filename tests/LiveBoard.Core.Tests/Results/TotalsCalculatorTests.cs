using LiveBoard.Core.Marking;
using LiveBoard.Core.Results;
using static LiveBoard.Core.Tests.Results.SchemeFixture;

namespace LiveBoard.Core.Tests.Results;

public class TotalsCalculatorTests
{
    private static AspectOutcome Outcome(int aspectId, int competitorId, AspectOutcomeKind kind, decimal mark) =>
        new(aspectId, competitorId, kind, mark, [], 0m);

    // Competitor 7: A1 scored 1.78, B1 scored 1.00, B2 waiting for a re-score. Competitor 8: A1 pending. Competitor 9: nothing.
    private static readonly AspectOutcome[] Outcomes =
    [
        Outcome(AspectA1, 7, AspectOutcomeKind.Scored, 1.78m),
        Outcome(AspectB1, 7, AspectOutcomeKind.Scored, 1.00m),
        Outcome(AspectB2, 7, AspectOutcomeKind.RescoreRequired, 0m),
        Outcome(AspectA1, 8, AspectOutcomeKind.Pending, 0m),
    ];

    [Fact]
    public void OnlyScoredOutcomesAddUp()
    {
        var seven = TotalsCalculator.Compute(Build(), [7, 8, 9], Outcomes)[0];

        // 1.78 + 1.00 = 2.78; A = 1.78, B = 1.00 (B2 re-score counts nothing); day 1 = 2.78, day 2 = 0.
        Assert.Equal(2.78m, seven.Total);
        Assert.Equal(1.78m, seven.ByCriterion["A"]);
        Assert.Equal(1.00m, seven.ByCriterion["B"]);
        Assert.Equal(2.78m, seven.ByModule[Day1]);
        Assert.Equal(0m, seven.ByModule[Day2]);
        Assert.Equal((2, 3, 1), (seven.AspectsScored, seven.AspectsTotal, seven.RescoreRequired));
    }

    [Fact]
    public void EveryCompetitorGetsARowEvenWithoutOutcomes()
    {
        var totals = TotalsCalculator.Compute(Build(), [7, 8, 9], Outcomes);

        Assert.Equal([7, 8, 9], totals.Select(t => t.CompetitorId));
        var nine = totals[2];
        Assert.Equal((0m, 0, 3, 0), (nine.Total, nine.AspectsScored, nine.AspectsTotal, nine.RescoreRequired));
        Assert.Equal(0m, nine.ByCriterion["A"]);
        Assert.Equal(0m, totals[1].Total);
    }

    [Fact]
    public void ModuleTotalsCountOnlyThatModule()
    {
        var day1 = TotalsCalculator.Compute(Build(), [7], Outcomes, Day1).Single();
        var day2 = TotalsCalculator.Compute(Build(), [7], Outcomes, Day2).Single();

        // Day 1 has A1 and B1: 1.78 + 1.00 = 2.78 of 2 aspects. Day 2 has only B2, awaiting a re-score.
        Assert.Equal((2.78m, 2, 2, 0), (day1.Total, day1.AspectsScored, day1.AspectsTotal, day1.RescoreRequired));
        Assert.Equal((0m, 0, 1, 1), (day2.Total, day2.AspectsScored, day2.AspectsTotal, day2.RescoreRequired));
        Assert.Equal([Day2], day2.ByModule.Keys);
        Assert.Equal(["B"], day2.ByCriterion.Keys);
    }

    [Fact]
    public void DuplicateOutcomeCountsOnce()
    {
        var twice = Outcomes.Append(Outcome(AspectA1, 7, AspectOutcomeKind.Scored, 1.78m));

        Assert.Equal(2.78m, TotalsCalculator.Compute(Build(), [7], twice).Single().Total);
    }
}
