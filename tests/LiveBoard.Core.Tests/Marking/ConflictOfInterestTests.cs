using LiveBoard.Core.Marking;

namespace LiveBoard.Core.Tests.Marking;

public class ConflictOfInterestTests
{
    private const int CityFederation = 1, Pudong = 2, IndustryUnion = 3, Enterprise = 4, Team = 5, OtherEnterprise = 6;

    // City federation → Pudong district union → enterprise → team; federation → industry union → other enterprise.
    private static readonly Dictionary<int, int?> Parents = new()
    {
        [CityFederation] = null,
        [Pudong] = CityFederation,
        [IndustryUnion] = CityFederation,
        [Enterprise] = Pudong,
        [Team] = Enterprise,
        [OtherEnterprise] = IndustryUnion,
    };

    [Fact]
    public void JudgeFromSameOrganisationConflicts() =>
        Assert.True(ConflictOfInterest.Conflicts(Enterprise, Enterprise, Parents));

    [Fact]
    public void JudgeFromAncestorOrganisationConflicts()
    {
        // Team → enterprise → Pudong: both ancestors of the team are conflicted.
        Assert.True(ConflictOfInterest.Conflicts(Enterprise, Team, Parents));
        Assert.True(ConflictOfInterest.Conflicts(Pudong, Team, Parents));
    }

    [Fact]
    public void JudgeFromDescendantOrganisationDoesNotConflict() =>
        Assert.False(ConflictOfInterest.Conflicts(Team, Enterprise, Parents));

    [Fact]
    public void JudgeFromAnotherBranchDoesNotConflict() =>
        Assert.False(ConflictOfInterest.Conflicts(IndustryUnion, Team, Parents));

    [Fact]
    public void RootOrganisationNeverConflicts()
    {
        // The city federation contains everyone; it would otherwise bar its judges from every competitor.
        Assert.False(ConflictOfInterest.Conflicts(CityFederation, Team, Parents));
        Assert.False(ConflictOfInterest.Conflicts(CityFederation, CityFederation, Parents));
    }

    [Fact]
    public void JudgeWithoutOrganisationNeverConflicts() =>
        Assert.False(ConflictOfInterest.Conflicts(null, Team, Parents));

    [Fact]
    public void CycleInParentsEndsWithoutConflict()
    {
        var broken = new Dictionary<int, int?> { [7] = 8, [8] = 7, [9] = null };

        Assert.False(ConflictOfInterest.Conflicts(10, 7, broken));
        Assert.True(ConflictOfInterest.Conflicts(8, 7, broken));
    }
}
