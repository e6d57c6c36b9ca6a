using LiveBoard.Core.Results;

namespace LiveBoard.Core.Tests.Results;

public class ScalingTests
{
    [Fact]
    public void ThreeCompetitorsScaleAroundTheCentre()
    {
        // Raw 60, 70, 80: mean 70, population variance (100 + 0 + 100) / 3 = 66.667, sd 8.165.
        // 700 + 100 × (−10 / 8.165) = 577.53 → 578; 700; 700 + 122.47 = 822.47 → 822.
        var scaled = Scaling.Scale(new Dictionary<int, decimal> { [1] = 60m, [2] = 70m, [3] = 80m }, 700m, 100m);

        Assert.Equal((578m, 700m, 822m), (scaled[1], scaled[2], scaled[3]));
    }

    [Fact]
    public void FourCompetitorsWithAnUnevenSpread()
    {
        // Raw 50, 60, 70, 100: mean 70, squares 400 + 100 + 0 + 900 = 1400, / 4 = 350, sd 18.708.
        // 700 − 106.90 = 593.10 → 593; 700 − 53.45 = 646.55 → 647; 700; 700 + 160.36 = 860.36 → 860.
        var scaled = Scaling.Scale(new Dictionary<int, decimal> { [1] = 50m, [2] = 60m, [3] = 70m, [4] = 100m }, 700m, 100m);

        Assert.Equal([593m, 647m, 700m, 860m], new[] { scaled[1], scaled[2], scaled[3], scaled[4] });
    }

    [Fact]
    public void CentreAndSpreadAreConfigurable()
    {
        // Same raws 60, 70, 80 on centre 500, spread 50: 500 ∓ 61.24 → 439, 500, 561.
        var scaled = Scaling.Scale(new Dictionary<int, decimal> { [1] = 60m, [2] = 70m, [3] = 80m }, 500m, 50m);

        Assert.Equal((439m, 500m, 561m), (scaled[1], scaled[2], scaled[3]));
    }

    [Fact]
    public void ScaledScoresRoundHalfAwayFromZero()
    {
        // Raw 0 and 10: mean 5, sd 5 → 0 ∓ 2.5 × 1 = −2.5 and 2.5 → −3 and 3 (banker's rounding would give ∓2).
        var scaled = Scaling.Scale(new Dictionary<int, decimal> { [1] = 0m, [2] = 10m }, 0m, 2.5m);

        Assert.Equal((-3m, 3m), (scaled[1], scaled[2]));
    }

    [Fact]
    public void EqualRawMarksAllSitOnTheCentre()
    {
        var scaled = Scaling.Scale(new Dictionary<int, decimal> { [1] = 64.5m, [2] = 64.5m }, 700m, 100m);
        var single = Scaling.Scale(new Dictionary<int, decimal> { [1] = 91m }, 700m, 100m);

        Assert.Equal((700m, 700m), (scaled[1], scaled[2]));
        Assert.Equal(700m, single[1]);
    }

    [Fact]
    public void NoCompetitorsGiveNoScores() =>
        Assert.Empty(Scaling.Scale(new Dictionary<int, decimal>(), 700m, 100m));

    [Fact]
    public void MedallionStartsAtTheCentre()
    {
        Assert.True(Scaling.IsMedallion(700m, 700m));
        Assert.False(Scaling.IsMedallion(699m, 700m));
    }
}
