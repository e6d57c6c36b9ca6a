using LiveBoard.Core.Competitions;
using LiveBoard.Core.Results;

namespace LiveBoard.Core.Tests.Results;

public class CeremonyScriptTests
{
    [Fact]
    public void RevealsBottomUpAndPausesOnEachAwardBeforeItsRow()
    {
        // Ranks: 1 gold (id 10), 2 silver (11), 3 none (12), 4 none (13).
        var steps = CeremonyScript.Build([(10, Medal.Gold), (11, Medal.Silver), (12, Medal.None), (13, Medal.None)]);
        Assert.Equal(
        [
            (CeremonyStepKind.Start, 0, (int?)null),
            (CeremonyStepKind.Reveal, 1, 13), (CeremonyStepKind.Reveal, 2, 12),
            (CeremonyStepKind.Award, 2, 11), (CeremonyStepKind.Reveal, 3, 11),
            (CeremonyStepKind.Award, 3, 10), (CeremonyStepKind.Reveal, 4, 10),
        ], steps.Select(s => (s.Kind, s.Revealed, s.CompetitorId)));
        Assert.Equal(Enumerable.Range(0, steps.Count), steps.Select(s => s.Index));
    }

    [Fact]
    public void EmptyFinalHasOnlyTheStartStep() =>
        Assert.Equal(CeremonyStepKind.Start, Assert.Single(CeremonyScript.Build([])).Kind);
}
