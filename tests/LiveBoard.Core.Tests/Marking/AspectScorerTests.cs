using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using static LiveBoard.Core.Tests.TestData;

namespace LiveBoard.Core.Tests.Marking;

public class AspectScorerTests
{
    private static readonly ToleranceBand[] TwoBands = [new(0.02m, 1m), new(0.05m, 0.5m)];

    // ---- Measurement ----

    [Fact]
    public void MeasurementWithoutBandsTakesTheValueAsMark()
    {
        var full = AspectScorer.Score(Measurement(1.5m), Rules(), [Mark(1, 1, 1.5m)]);
        var zero = AspectScorer.Score(Measurement(1.5m), Rules(), [Mark(1, 1, 0m)]);

        Assert.Equal((AspectOutcomeKind.Scored, 1.5m), (full.Kind, full.Mark));
        // Zero is a scored result, not a missing one.
        Assert.Equal((AspectOutcomeKind.Scored, 0m), (zero.Kind, zero.Mark));
        Assert.Equal(0m, full.Spread);
    }

    [Fact]
    public void TwoJudgesMeasuringDifferentValuesDisagree()
    {
        // Judge 3 entered full marks (1.5), judge 2 then entered 0: neither wins; the cell counts nothing until resolved,
        // shown like a judgement spread (re-score required, spread 1.5, both values). Input order must not matter.
        var marks = new[] { Mark(2, 2, 0m, minutesAfterStart: 5), Mark(1, 3, 1.5m, minutesAfterStart: 0) };

        foreach (var order in new[] { marks, marks.Reverse().ToArray() })
        {
            var outcome = AspectScorer.Score(Measurement(1.5m), Rules(), order);
            Assert.Equal((AspectOutcomeKind.RescoreRequired, 0m, 1.5m), (outcome.Kind, outcome.Mark, outcome.Spread));
            Assert.Equal([0m, 1.5m], outcome.Scores);
        }
    }

    [Fact]
    public void JudgesAgreeingOnAMeasurementScoreIt()
    {
        // Two judges measured the flatness deviation 0.03 alike: one agreed value, half of 2.0.
        var outcome = AspectScorer.Score(Measurement(2.0m, TwoBands), Rules(), [Mark(1, 1, 0.03m), Mark(2, 2, 0.03m)]);

        Assert.Equal((AspectOutcomeKind.Scored, 1.0m, 0m), (outcome.Kind, outcome.Mark, outcome.Spread));
    }

    [Fact]
    public void OneJudgesLatestMeasurementIsWhatTheyMeant()
    {
        // Judge 1 sent 0 then 1.5 without a correction link: their later value counts, with no disagreement with themselves.
        var outcome = AspectScorer.Score(Measurement(1.5m), Rules(), [Mark(1, 1, 0m, minutesAfterStart: 0), Mark(2, 1, 1.5m, minutesAfterStart: 1)]);

        Assert.Equal((AspectOutcomeKind.Scored, 1.5m), (outcome.Kind, outcome.Mark));
    }

    [Fact]
    public void MeasurementWithoutMarksIsPending()
    {
        var outcome = AspectScorer.Score(Measurement(1.5m), 7, Rules(), []);

        Assert.Equal(AspectOutcomeKind.Pending, outcome.Kind);
        Assert.Equal(0m, outcome.Mark);
        Assert.Equal(7, outcome.CompetitorId);
    }

    [Theory]
    // max 2.0; within ±0.02 full, within ±0.05 half, else zero.
    [InlineData(0.01, 2.0)]   // |0.01| ≤ 0.02 → 2.0 × 1   = 2.00
    [InlineData(-0.02, 2.0)]  // |−0.02| ≤ 0.02 (edge included) → 2.00
    [InlineData(0.03, 1.0)]   // 0.02 < 0.03 ≤ 0.05 → 2.0 × 0.5 = 1.00
    [InlineData(-0.05, 1.0)]  // |−0.05| ≤ 0.05 → 1.00
    [InlineData(0.06, 0.0)]   // outside every band → 0
    public void BandedMeasurementEarnsTheTightestBandThatHolds(double deviation, double expected)
    {
        var outcome = AspectScorer.Score(Measurement(2.0m, TwoBands), Rules(), [Mark(1, 1, (decimal)deviation)]);

        Assert.Equal(AspectOutcomeKind.Scored, outcome.Kind);
        Assert.Equal((decimal)expected, outcome.Mark);
    }

    [Fact]
    public void BandsNeedNotBeListedInOrder()
    {
        // Loose band first: deviation 0.01 still earns the tight band's full 2.0, not the loose band's 1.0.
        var aspect = Measurement(2.0m, new ToleranceBand(0.05m, 0.5m), new ToleranceBand(0.02m, 1m));

        Assert.Equal(2.0m, AspectScorer.Score(aspect, Rules(), [Mark(1, 1, 0.01m)]).Mark);
    }

    [Fact]
    public void BandedMarkRoundsHalfAwayFromZero()
    {
        // max 0.25 × 0.5 = 0.125 → 0.13 (banker's rounding would give 0.12).
        var aspect = Measurement(0.25m, new ToleranceBand(0.1m, 0.5m));

        Assert.Equal(0.13m, AspectScorer.Score(aspect, Rules(), [Mark(1, 1, 0.05m)]).Mark);
    }

    // ---- Judgement, WorldSkills panel ----

    [Fact]
    public void WorldSkillsMarkIsMaximumTimesMeanOverThree()
    {
        // max 2.0, scores 2,3,3 → mean 2.6667 → 2.0 × 2.6667 / 3 = 1.7778 → 1.78.
        var outcome = AspectScorer.Score(Judgement(2.0m), Rules(), Panel(2, 3, 3));

        Assert.Equal(AspectOutcomeKind.Scored, outcome.Kind);
        Assert.Equal(1.78m, outcome.Mark);
        Assert.Equal([2m, 3m, 3m], outcome.Scores);
        Assert.Equal(1m, outcome.Spread);
    }

    [Fact]
    public void SpreadOfExactlyOneStands()
    {
        // max 1.5, scores 1,2,2 → spread 1 (allowed) → 1.5 × 5/9 = 0.8333 → 0.83.
        var outcome = AspectScorer.Score(Judgement(1.5m), Rules(), Panel(1, 2, 2));

        Assert.Equal((AspectOutcomeKind.Scored, 0.83m), (outcome.Kind, outcome.Mark));
    }

    [Fact]
    public void SpreadAboveOneRequiresRescore()
    {
        // scores 1,3,2 → spread 3 − 1 = 2 > 1: the panel must discuss; the mark counts for nothing meanwhile.
        var outcome = AspectScorer.Score(Judgement(2.0m), Rules(), Panel(1, 3, 2));

        Assert.Equal(AspectOutcomeKind.RescoreRequired, outcome.Kind);
        Assert.Equal(0m, outcome.Mark);
        Assert.Equal(2m, outcome.Spread);
    }

    [Fact]
    public void AllowedSpreadIsConfigurable()
    {
        // MaxPanelSpread 2: scores 1,3,2 stand → max 3.0 × 6/9 = 2.00.
        var rules = Rules();
        rules.MaxPanelSpread = 2m;

        var outcome = AspectScorer.Score(Judgement(3.0m), rules, Panel(1, 3, 2));

        Assert.Equal((AspectOutcomeKind.Scored, 2.00m), (outcome.Kind, outcome.Mark));
    }

    [Fact]
    public void PanelWithMissingScoreIsPending()
    {
        // Two of three experts have scored: nothing stands yet.
        var outcome = AspectScorer.Score(Judgement(2.0m), Rules(), Panel(3, 3));

        Assert.Equal(AspectOutcomeKind.Pending, outcome.Kind);
        Assert.Equal(0m, outcome.Mark);
    }

    [Fact]
    public void AbstentionLowersTheScoresRequired()
    {
        // Panel of 3, one abstains (conflict of interest): scores 3,2 suffice → max 1.0 × 5/6 = 0.8333 → 0.83.
        var outcome = AspectScorer.Score(Judgement(1.0m), Rules(), Panel(3, 2), abstentions: 1);

        Assert.Equal((AspectOutcomeKind.Scored, 0.83m), (outcome.Kind, outcome.Mark));
    }

    [Fact]
    public void AtLeastOneScoreIsAlwaysRequired()
    {
        var outcome = AspectScorer.Score(Judgement(1.0m), 7, Rules(), [], abstentions: 5);

        Assert.Equal(AspectOutcomeKind.Pending, outcome.Kind);
    }

    [Fact]
    public void CorrectedScoreReplacesTheOriginal()
    {
        // Judge 1 entered 0 by mistake (spread 3 would force a re-score) and corrected it to 2.
        // Current scores 2,3,2 → max 1.0 × 7/9 = 0.7778 → 0.78.
        var marks = Panel(0, 3, 2);
        marks.Add(Mark(4, judgeId: 1, value: 2m, minutesAfterStart: 3, supersedes: 1));

        var outcome = AspectScorer.Score(Judgement(1.0m), Rules(), MarkHistory.Current(marks));

        Assert.Equal((AspectOutcomeKind.Scored, 0.78m), (outcome.Kind, outcome.Mark));
    }

    [Fact]
    public void OneJudgeCountsOnceWithTheirLatestScore()
    {
        // Judge 1 sent 1 then 3 without a correction link; only the later 3 counts, and judge 1 is one of three.
        // Scores 3,3 from judges 1 and 2 → only two judges → pending.
        var marks = new List<Mark> { Mark(1, 1, 1m, minutesAfterStart: 0), Mark(2, 1, 3m, minutesAfterStart: 1), Mark(3, 2, 3m) };
        Assert.Equal(AspectOutcomeKind.Pending, AspectScorer.Score(Judgement(1.5m), Rules(), marks).Kind);

        // With judge 3's 3: scores 3,3,3 → full 1.5 (judge 1's stale 1 would give spread 2 and a re-score).
        marks.Add(Mark(4, 3, 3m));
        var outcome = AspectScorer.Score(Judgement(1.5m), Rules(), marks);
        Assert.Equal((AspectOutcomeKind.Scored, 1.5m), (outcome.Kind, outcome.Mark));
    }

    [Fact]
    public void MarksOfAnotherCompetitorAreRefused()
    {
        var marks = new[] { Mark(1, 1, 3m, competitorId: 7), Mark(2, 2, 3m, competitorId: 8) };

        Assert.Throws<ArgumentException>(() => AspectScorer.Score(Judgement(1.0m), Rules(), marks));
    }

    // ---- Judgement, plain mean ----

    [Fact]
    public void MeanPanelHasNoSpreadCheck()
    {
        // Mean rule, scores 0,3,3 (spread 3) → max 2.0 × 6/9 = 1.3333 → 1.33.
        var outcome = AspectScorer.Score(Judgement(2.0m), Rules(PanelRule.Mean), Panel(0, 3, 3));

        Assert.Equal((AspectOutcomeKind.Scored, 1.33m), (outcome.Kind, outcome.Mark));
        Assert.Equal(3m, outcome.Spread);
    }

    [Fact]
    public void MeanOfFiveJudges()
    {
        // scores 3,2,2,1,3 → sum 11 → max 1.5 × 11/15 = 1.10.
        var outcome = AspectScorer.Score(Judgement(1.5m), Rules(PanelRule.Mean, panelSize: 5), Panel(3, 2, 2, 1, 3));

        Assert.Equal(1.10m, outcome.Mark);
    }

    // ---- Judgement, trimmed mean ----

    [Fact]
    public void TrimmedMeanDropsHighestAndLowestWithFourJudges()
    {
        // scores 0,2,2,3 → drop 0 and 3 → 2,2 → max 2.0 × 4/6 = 1.3333 → 1.33 (a plain mean would give 2.0 × 7/12 = 1.17).
        var outcome = AspectScorer.Score(Judgement(2.0m), Rules(PanelRule.TrimmedMean, panelSize: 4), Panel(0, 2, 2, 3));

        Assert.Equal((AspectOutcomeKind.Scored, 1.33m), (outcome.Kind, outcome.Mark));
        Assert.Equal(4, outcome.Scores.Count);
    }

    [Fact]
    public void TrimmedMeanDropsHighestAndLowestWithFiveJudges()
    {
        // scores 3,3,2,1,0 → sorted 0,1,2,3,3 → middle 1,2,3 → max 1.5 × 6/9 = 1.00 (plain mean: 1.5 × 9/15 = 0.90).
        var outcome = AspectScorer.Score(Judgement(1.5m), Rules(PanelRule.TrimmedMean, panelSize: 5), Panel(3, 3, 2, 1, 0));

        Assert.Equal(1.00m, outcome.Mark);
    }

    [Fact]
    public void TrimmedMeanDropsOnlyOneOfEqualExtremes()
    {
        // scores 3,3,3,0 → drop one 3 and the 0 → 3,3 → full 1.0.
        var outcome = AspectScorer.Score(Judgement(1.0m), Rules(PanelRule.TrimmedMean, panelSize: 4), Panel(3, 3, 3, 0));

        Assert.Equal(1.0m, outcome.Mark);
    }

    [Fact]
    public void TrimmedMeanWithAbstentionFallsBackToPlainMean()
    {
        // Panel of 4, one abstains: scores 3,1,3 → plain mean 7/3 → max 1.0 × 7/9 = 0.7778 → 0.78
        // (trimming three scores would leave only the 3 and give 1.00).
        var outcome = AspectScorer.Score(Judgement(1.0m), Rules(PanelRule.TrimmedMean, panelSize: 4), Panel(3, 1, 3), abstentions: 1);

        Assert.Equal((AspectOutcomeKind.Scored, 0.78m), (outcome.Kind, outcome.Mark));
    }

    [Fact]
    public void TrimmedMeanWaitsForTheWholePanel()
    {
        var outcome = AspectScorer.Score(Judgement(1.0m), Rules(PanelRule.TrimmedMean, panelSize: 4), Panel(3, 1, 3));

        Assert.Equal(AspectOutcomeKind.Pending, outcome.Kind);
    }
}
