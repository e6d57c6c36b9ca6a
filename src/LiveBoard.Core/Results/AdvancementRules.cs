using LiveBoard.Core.Competitions;

namespace LiveBoard.Core.Results;

public sealed record AdvancementOutcome(IReadOnlySet<int> Advancing, int? LineAfterRank);

public static class AdvancementRules
{
    public static AdvancementOutcome Apply(IReadOnlyList<RankedRow> ranked, AdvancementRule rule, decimal value)
    {
        // Rank-based cuts compare ranks, not positions, so everyone tied at the line goes through together.
        Func<RankedRow, bool> advances = rule switch
        {
            AdvancementRule.TopN => r => r.Rank <= value,
            AdvancementRule.TopPercent => r => r.Rank <= Math.Ceiling(ranked.Count * value / 100m),
            AdvancementRule.AboveMark => r => r.Total >= value,
            _ => _ => false,
        };
        var advancing = ranked.Where(advances).ToList();
        int? line = advancing.Count == 0 ? null : advancing.Max(r => r.Rank);
        return new AdvancementOutcome(advancing.Select(r => r.CompetitorId).ToHashSet(), line);
    }
}
