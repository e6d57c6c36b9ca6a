using LiveBoard.Core.Competitions;
using LiveBoard.Core.Results;
using static LiveBoard.Core.Competitions.ModuleStatus;

namespace LiveBoard.Core.Tests.Results;

public class ResultStatusRulesTests
{
    [Fact]
    public void ProtestOverridesEverything() =>
        Assert.Equal(ResultStatus.Protested, ResultStatusRules.For([Locked, Locked], protested: true, hasMarks: true));

    [Fact]
    public void AllModulesLockedIsOfficial() =>
        Assert.Equal(ResultStatus.Official, ResultStatusRules.For([Locked, Locked], false, true));

    [Fact]
    public void AllModulesClosedOrLockedIsUnofficial() =>
        Assert.Equal(ResultStatus.Unofficial, ResultStatusRules.For([Closed, Locked], false, true));

    [Fact]
    public void MarksOrALiveModuleMakeItLive()
    {
        Assert.Equal(ResultStatus.Live, ResultStatusRules.For([Closed, Scheduled], false, hasMarks: true));
        Assert.Equal(ResultStatus.Live, ResultStatusRules.For([Live, Scheduled], false, hasMarks: false));
    }

    [Fact]
    public void NothingStartedIsAStartList() =>
        Assert.Equal(ResultStatus.StartList, ResultStatusRules.For([Scheduled, Scheduled], false, false));

    [Fact]
    public void NoModulesIsNeverOfficial()
    {
        Assert.Equal(ResultStatus.StartList, ResultStatusRules.For([], false, false));
        Assert.Equal(ResultStatus.Live, ResultStatusRules.For([], false, true));
    }
}
