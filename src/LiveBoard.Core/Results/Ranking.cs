namespace LiveBoard.Core.Results;

public sealed record RankedRow(int CompetitorId, int Rank, decimal Total, bool TiedOnTotal, string? TieBreakNote);

public static class Ranking
{
    public static IReadOnlyList<RankedRow> Rank(IReadOnlyList<CompetitorTotals> totals, IReadOnlyList<string> tieBreakCriteria)
    {
        decimal Score(CompetitorTotals row, string criterion) => row.ByCriterion.GetValueOrDefault(criterion);

        // CompetitorId comes last and only orders rows that share a rank, so the listing is stable but no tie is decided by it.
        var ordered = totals.OrderByDescending(t => t.Total);
        foreach (var criterion in tieBreakCriteria)
            ordered = ordered.ThenByDescending(t => Score(t, criterion));
        var sorted = ordered.ThenBy(t => t.CompetitorId).ToList();

        // Index of the first tie-break criterion on which two rows differ; Count when none separates them.
        int Separator(CompetitorTotals a, CompetitorTotals b)
        {
            var i = 0;
            while (i < tieBreakCriteria.Count && Score(a, tieBreakCriteria[i]) == Score(b, tieBreakCriteria[i]))
                i++;
            return i;
        }

        var ranks = SharedRank.Of(sorted, (a, b) => a.Total == b.Total && Separator(a, b) == tieBreakCriteria.Count);
        return sorted.Select((row, i) =>
        {
            var sameTotal = sorted.Where(o => o.CompetitorId != row.CompetitorId && o.Total == row.Total).ToList();
            var note = sameTotal.Count == 0 ? null : Note(sameTotal.Max(o => Separator(row, o)), tieBreakCriteria);
            return new RankedRow(row.CompetitorId, ranks[i], row.Total, sameTotal.Count > 0, note);
        }).ToList();
    }

    // The deepest criterion this row needed to be told apart from every row on its total, published so the public can check it.
    private static string Note(int deepest, IReadOnlyList<string> criteria)
    {
        if (deepest == criteria.Count)
            return criteria.Count == 0 ? "tie on total; no tie-break criteria" : "tie on total not broken by tie-break criteria";
        var note = $"tie on total broken by criterion {criteria[deepest]}";
        return deepest == 0 ? note : $"{note} (equal on {string.Join(", ", criteria.Take(deepest))})";
    }
}
