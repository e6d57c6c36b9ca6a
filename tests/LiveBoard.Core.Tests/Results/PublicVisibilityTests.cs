using LiveBoard.Core.Competitions;
using LiveBoard.Core.Results;

namespace LiveBoard.Core.Tests.Results;

public class PublicVisibilityTests
{
    static readonly DateTimeOffset Frozen = new(2026, 6, 14, 11, 0, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(StageKind.Preliminary)]
    [InlineData(StageKind.Final)]
    public void UnfrozenBoardShowsEveryStageLive(StageKind stage) =>
        Assert.True(PublicVisibility.ShowsLiveResults(null, stage, []));

    [Theory]
    [InlineData(StageKind.Preliminary)]
    [InlineData(StageKind.Final)]
    public void FrozenBoardWithoutCeremonyHidesEveryStage(StageKind stage) =>
        Assert.False(PublicVisibility.ShowsLiveResults(Frozen, stage, []));

    [Fact]
    public void CeremonyPartWayThroughKeepsTheFrozenFinalHidden()
    {
        // Four rows: start, reveal 1, reveal 2, award, reveal 3 — the top row is still to come.
        CeremonyProgress[] steps = [new(0, 4), new(1, 4), new(2, 4), new(2, 4), new(3, 4)];
        Assert.False(PublicVisibility.ShowsLiveResults(Frozen, StageKind.Final, steps));
    }

    [Fact]
    public void CeremonyThatRevealedEveryRowShowsTheFrozenFinalEvenAfterSteppingBack()
    {
        CeremonyProgress[] steps = [new(0, 4), new(3, 4), new(4, 4), new(3, 4)];
        Assert.True(PublicVisibility.ShowsLiveResults(Frozen, StageKind.Final, steps));
    }

    [Fact]
    public void CeremonyRevealsOnlyTheFinalNotEarlierStages()
    {
        CeremonyProgress[] steps = [new(4, 4)];
        Assert.False(PublicVisibility.ShowsLiveResults(Frozen, StageKind.Preliminary, steps));
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(false, true, true)]
    [InlineData(true, false, true)]
    public void JudgesMarksArePublicOnceLockedOrWhenAllowedEarlier(bool allowedEarly, bool locked, bool shown) =>
        Assert.Equal(shown, PublicVisibility.ShowsMarks(allowedEarly, locked));
}
