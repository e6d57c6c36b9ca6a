using LiveBoard.Core.Marking;

namespace LiveBoard.Core.Tests.Marking;

public class JudgePatternsTests
{
    [Fact]
    public void GenerousJudgeShowsPositiveDeviationAndHarshJudgeNegative()
    {
        // Cell 1: judges 1,2,3 score 3,2,2. Judge 1: 3 − mean(2,2) = +1; judge 2: 2 − mean(3,2) = −0.5; judge 3 likewise −0.5.
        // Cell 2: judges 1,2,3 score 2,1,2. Judge 1: 2 − 1.5 = +0.5; judge 2: 1 − 2 = −1; judge 3: 2 − 1.5 = +0.5.
        // Means: judge 1 (1 + 0.5)/2 = 0.75; judge 2 (−0.5 − 1)/2 = −0.75; judge 3 (−0.5 + 0.5)/2 = 0.
        var patterns = JudgePatterns.Compute(
        [
            new(1, 10, 100, 3), new(2, 10, 100, 2), new(3, 10, 100, 2),
            new(1, 10, 101, 2), new(2, 10, 101, 1), new(3, 10, 101, 2),
        ]);
        Assert.Equal([new JudgePattern(1, 2, 0.75m), new JudgePattern(2, 2, -0.75m), new JudgePattern(3, 2, 0m)], patterns);
    }

    [Fact]
    public void CellsWithASingleScoreAreNotCompared()
    {
        // Only judge 4 scored cell (11, 100); judges 1 and 2 agree on (10, 100): both deviate 0.
        var patterns = JudgePatterns.Compute([new(4, 11, 100, 3), new(1, 10, 100, 2), new(2, 10, 100, 2)]);
        Assert.DoesNotContain(patterns, p => p.JudgeId == 4);
        Assert.All(patterns, p => Assert.Equal(0m, p.MeanDeviation));
    }
}
