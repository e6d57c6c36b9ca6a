using LiveBoard.Core.Competitions;

namespace LiveBoard.Core.Results;

public sealed record AwardOutcome(IReadOnlyDictionary<int, Medal> Medals, IReadOnlyList<string> Warnings);

public static class AwardRules
{
    public const string UnresolvedTieForGold = "unresolved-tie-for-gold";

    public static AwardOutcome Assign(IReadOnlyList<RankedRow> ranked, Func<int, bool> medalEligible, CompetitionRules rules)
    {
        var medals = new Dictionary<int, Medal>();
        var eligibleRanks = ranked.Where(r => medalEligible(r.CompetitorId)).Select(r => r.Rank).ToList();

        foreach (var row in ranked)
        {
            // A zero total is someone who has not competed yet (or scored nothing): a medal there would be meaningless.
            if (!medalEligible(row.CompetitorId) || row.Total <= 0)
            {
                medals[row.CompetitorId] = Medal.None;
                continue;
            }
            // Ineligible rows are not counted, so they never push an eligible competitor out of a medal place.
            var place = 1 + eligibleRanks.Count(rank => rank < row.Rank);
            medals[row.CompetitorId] = MedalFor(place, rules);
        }

        List<string> warnings = [];
        if (medals.Values.Count(m => m == Medal.Gold) > rules.GoldCount)
            warnings.Add(UnresolvedTieForGold);
        return new AwardOutcome(medals, warnings);
    }

    private static Medal MedalFor(int place, CompetitionRules rules)
    {
        if (place <= rules.GoldCount)
            return Medal.Gold;
        if (place <= rules.GoldCount + rules.SilverCount)
            return Medal.Silver;
        if (place <= rules.GoldCount + rules.SilverCount + rules.BronzeCount)
            return Medal.Bronze;
        return Medal.None;
    }
}
