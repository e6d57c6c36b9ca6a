using static LiveBoard.Core.Tests.Results.SchemeFixture;

namespace LiveBoard.Core.Tests.Results;

public class MarkingSchemeTests
{
    [Fact]
    public void MaximumTotalAddsEveryAspect() =>
        // 2.0 + 1.5 + 1.0 = 4.5
        Assert.Equal(4.5m, Build().MaximumTotal);

    [Fact]
    public void AspectsOfModuleFollowTheirSubCriterion() =>
        Assert.Equal([AspectA1, AspectB1], Build().AspectsOfModule(Day1).Select(a => a.Id));

    [Fact]
    public void CriterionCodeComesThroughTheSubCriterion()
    {
        var scheme = Build();

        Assert.Equal("B", scheme.CriterionCodeOf(scheme.Aspects[2]));
        Assert.Equal("A", scheme.CriterionCodeOf(scheme.Aspects[0]));
    }
}
