using LiveBoard.Core.Marking;
using static LiveBoard.Core.Tests.TestData;

namespace LiveBoard.Core.Tests.Marking;

public class MarkHistoryTests
{
    [Fact]
    public void SupersededMarkIsNotCurrent()
    {
        var marks = new[] { Mark(1, judgeId: 1, value: 2m), Mark(2, judgeId: 1, value: 1m, supersedes: 1), Mark(3, judgeId: 2, value: 3m) };

        Assert.Equal([2L, 3L], MarkHistory.Current(marks).Select(m => m.Id));
    }

    [Fact]
    public void ChainOfCorrectionsLeavesOnlyTheLast()
    {
        var marks = new[] { Mark(1, 1, 0m), Mark(2, 1, 1m, supersedes: 1), Mark(3, 1, 2m, supersedes: 2) };

        Assert.Equal(3L, Assert.Single(MarkHistory.Current(marks)).Id);
    }

    [Fact]
    public void LatestIsByRecordedTimeThenId()
    {
        // Id 9 was recorded first (offline tablet synced late); id 4 is the later measurement.
        var early = Mark(9, 1, 0m, minutesAfterStart: 0);
        var late = Mark(4, 2, 1.5m, minutesAfterStart: 5);
        var sameInstant = Mark(5, 3, 1.5m, minutesAfterStart: 5);

        Assert.Same(late, MarkHistory.Latest([late, early]));
        Assert.Same(sameInstant, MarkHistory.Latest([sameInstant, late, early]));
    }
}
