using LiveBoard.Core.Results;

namespace LiveBoard.Core.Tests.Results;

public class ChallengeRulesTests
{
    [Fact]
    public void HigherChallengerTakesTheTitle()
    {
        // Holder 1 (80) loses to challenger 2 (85); 2 then holds against 3 (83).
        var outcome = ChallengeRules.Run([(1, 80m), (2, 85m), (3, 83m)]);

        Assert.Equal(2, outcome.HolderId);
        Assert.Equal(
        [
            new Bout(HolderId: 1, ChallengerId: 2, HolderTotal: 80m, ChallengerTotal: 85m, WinnerId: 2),
            new Bout(HolderId: 2, ChallengerId: 3, HolderTotal: 85m, ChallengerTotal: 83m, WinnerId: 2),
        ], outcome.Bouts);
    }

    [Fact]
    public void HolderKeepsTheTitleOnEqualTotals()
    {
        var outcome = ChallengeRules.Run([(1, 80m), (2, 80m)]);

        Assert.Equal(1, outcome.HolderId);
        Assert.Equal(1, Assert.Single(outcome.Bouts).WinnerId);
    }

    [Fact]
    public void TitleCanChangeHandsMoreThanOnce()
    {
        // 1 (70) → 2 (75) takes it → 3 (75) ties and 2 keeps it → 4 (90) takes it.
        var outcome = ChallengeRules.Run([(1, 70m), (2, 75m), (3, 75m), (4, 90m)]);

        Assert.Equal(4, outcome.HolderId);
        Assert.Equal([2, 2, 4], outcome.Bouts.Select(b => b.WinnerId));
    }

    [Fact]
    public void SingleEntryHoldsWithoutBouts()
    {
        var outcome = ChallengeRules.Run([(5, 60m)]);

        Assert.Equal(5, outcome.HolderId);
        Assert.Empty(outcome.Bouts);
    }

    [Fact]
    public void NoEntriesMeanNoHolder()
    {
        var outcome = ChallengeRules.Run([]);

        Assert.Null(outcome.HolderId);
        Assert.Empty(outcome.Bouts);
    }
}
