using LiveBoard.Core.Competitions;
using LiveBoard.Core.Results;

namespace LiveBoard.Core.Tests.Results;

public class MedalTableTests
{
    [Fact]
    public void GoldCountsBeforeAnyNumberOfSilvers()
    {
        // Org 3: 1 gold 1 bronze; org 1: 1 gold; org 2: 3 silvers → order 3, 1, 2.
        var table = MedalTable.Build(
        [
            (1, Medal.Gold),
            (2, Medal.Silver), (2, Medal.Silver), (2, Medal.Silver),
            (3, Medal.Bronze), (3, Medal.Gold),
        ]);

        Assert.Equal([3, 1, 2], table.Select(r => r.OrganisationId));
        Assert.Equal([1, 2, 3], table.Select(r => r.Rank));
        Assert.Equal(new MedalTableRow(2, 3, 0, 3, 0, 3), table[2]);
        Assert.Equal(2, table[0].Total);
    }

    [Fact]
    public void EqualRowsShareRankAndSkip()
    {
        // Org 9: 1 silver 1 bronze; orgs 4 and 5: 1 silver → 1, 2, 2; org 6: 1 bronze → 4.
        var table = MedalTable.Build([(5, Medal.Silver), (6, Medal.Bronze), (4, Medal.Silver), (9, Medal.Silver), (9, Medal.Bronze)]);

        Assert.Equal([9, 4, 5, 6], table.Select(r => r.OrganisationId));
        Assert.Equal([1, 2, 2, 4], table.Select(r => r.Rank));
    }

    [Fact]
    public void OrganisationsWithoutMedalsAreNotListed()
    {
        var table = MedalTable.Build([(1, Medal.None), (2, Medal.Bronze), (2, Medal.None)]);

        var row = Assert.Single(table);
        Assert.Equal((2, 1), (row.OrganisationId, row.Total));
    }
}
