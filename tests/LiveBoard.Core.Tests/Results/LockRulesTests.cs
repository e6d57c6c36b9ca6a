using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Core.Results;

namespace LiveBoard.Core.Tests.Results;

public class LockRulesTests
{
    static AspectOutcome Outcome(AspectOutcomeKind kind) => new(1, 7, kind, 0m, [], 0m);

    [Theory]
    [InlineData(AspectType.Judgement, AspectOutcomeKind.Pending, LockBlockerKind.Pending)]
    [InlineData(AspectType.Measurement, AspectOutcomeKind.Pending, LockBlockerKind.Pending)]
    [InlineData(AspectType.Judgement, AspectOutcomeKind.RescoreRequired, LockBlockerKind.RescoreRequired)]
    [InlineData(AspectType.Measurement, AspectOutcomeKind.RescoreRequired, LockBlockerKind.MeasurementDisagreement)]
    public void IncompleteCellsBlockTheLock(AspectType type, AspectOutcomeKind kind, LockBlockerKind expected) =>
        Assert.Equal(expected, LockRules.CellBlocker(type, Outcome(kind)));

    [Fact]
    public void ScoredCellsDoNotBlock()
    {
        Assert.Null(LockRules.CellBlocker(AspectType.Judgement, Outcome(AspectOutcomeKind.Scored)));
        Assert.Null(LockRules.CellBlocker(AspectType.Measurement, Outcome(AspectOutcomeKind.Scored)));
    }

    [Fact]
    public void LockingTheLastOpenModuleMakesTheStageOfficial()
    {
        (int, ModuleStatus)[] modules = [(1, ModuleStatus.Locked), (2, ModuleStatus.Closed), (3, ModuleStatus.Locked)];

        Assert.True(LockRules.LockMakesOfficial(modules, 2));
        Assert.False(LockRules.LockMakesOfficial([.. modules, (4, ModuleStatus.Live)], 2));
    }

    [Fact]
    public void GoldSharedBeyondTheGoldCountIsAnUnresolvedTieNamingTheTiedCompetitors()
    {
        // One gold: ranks 1, 1, 3 → both leaders take gold.
        Assert.Equal([1, 2], LockRules.UnresolvedGoldTie([(1, 1, Medal.Gold), (2, 1, Medal.Gold), (3, 3, Medal.Silver)], 1));
        // Two golds: ranks 1, 2, 2 → three golds; the tie is between the two on rank 2, not the clear winner.
        Assert.Equal([2, 3], LockRules.UnresolvedGoldTie([(1, 1, Medal.Gold), (2, 2, Medal.Gold), (3, 2, Medal.Gold)], 2));
    }

    [Fact]
    public void GoldsThatFitTheGoldCountAreNoTie() =>
        Assert.Empty(LockRules.UnresolvedGoldTie([(1, 1, Medal.Gold), (2, 2, Medal.Silver), (3, 2, Medal.Silver), (4, 2, Medal.Silver)], 1));
}
