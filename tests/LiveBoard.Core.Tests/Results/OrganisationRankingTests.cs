using LiveBoard.Core.Competitions;
using LiveBoard.Core.Results;

namespace LiveBoard.Core.Tests.Results;

public class OrganisationRankingTests
{
    private static OrganisationResult Result(int org, Medal medal = Medal.None, bool medallion = false, bool finalist = false) =>
        new(org, medal, medallion, finalist);

    [Fact]
    public void PointsRankOrganisationsAndGoldsBreakTies()
    {
        // Org 1: gold + bronze = 4 + 2 = 6. Org 2: two silvers = 3 + 3 = 6 → tie, org 1 has the gold.
        // Org 4: bronze = 2. Org 3: two medallions = 1 + 1 = 2 → tie, org 4 has the bronze.
        var standings = OrganisationRanking.Rank(
        [
            Result(1, Medal.Gold), Result(1, Medal.Bronze),
            Result(2, Medal.Silver), Result(2, Medal.Silver),
            Result(3, medallion: true), Result(3, medallion: true),
            Result(4, Medal.Bronze),
        ], new OrganisationAwardRule());

        Assert.Equal([1, 2, 4, 3], standings.Select(s => s.OrganisationId));
        Assert.Equal([1, 2, 3, 4], standings.Select(s => s.Rank));
        Assert.Equal([6m, 6m, 2m, 2m], standings.Select(s => s.Points));
        Assert.Equal(2, standings[3].Medallions);
    }

    [Fact]
    public void MedalWinnerDoesNotAlsoScoreAMedallion()
    {
        // Gold at 760 scaled is also above 700; it scores 4, not 4 + 1.
        var standing = OrganisationRanking.Rank([Result(1, Medal.Gold, medallion: true)], new OrganisationAwardRule()).Single();

        Assert.Equal((4m, 1, 0), (standing.Points, standing.Gold, standing.Medallions));
    }

    [Fact]
    public void EqualOrganisationsShareRankAndSkip()
    {
        // Org 1: silver 3. Orgs 2 and 3: one bronze each, 2 points → rank 2, 2. Org 4: medallion 1 → rank 4.
        var standings = OrganisationRanking.Rank(
            [Result(3, Medal.Bronze), Result(4, medallion: true), Result(2, Medal.Bronze), Result(1, Medal.Silver)],
            new OrganisationAwardRule());

        Assert.Equal([1, 2, 3, 4], standings.Select(s => s.OrganisationId));
        Assert.Equal([1, 2, 2, 4], standings.Select(s => s.Rank));
    }

    [Fact]
    public void FinalistPointsAndFinalistTieBreakAreConfigurable()
    {
        // Finalists 0.5 each: org 1 has two finalists = 1.0; org 2 one medallion = 1.0 → tie, org 1 has more finalists.
        var rule = new OrganisationAwardRule(FinalistPoints: 0.5m);

        var standings = OrganisationRanking.Rank(
            [Result(2, medallion: true), Result(1, finalist: true), Result(1, finalist: true)], rule);

        Assert.Equal([1, 2], standings.Select(s => s.OrganisationId));
        Assert.Equal([1.0m, 1.0m], standings.Select(s => s.Points));
        Assert.Equal([1, 2], standings.Select(s => s.Rank));
        Assert.Equal(2, standings[0].Finalists);
    }
}
