namespace LiveBoard.Core.Marking;

public sealed record PanelScore(int JudgeId, int AspectId, int CompetitorId, decimal Value);
public sealed record JudgePattern(int JudgeId, int Compared, decimal MeanDeviation);

/// A judge's marking pattern (WorldSkills CIS): how far, on average, their judgement scores sit from the other
/// judges of the same panel cell. Positive = more generous, negative = harsher. Cells with a single score teach nothing.
public static class JudgePatterns
{
    public static IReadOnlyList<JudgePattern> Compute(IEnumerable<PanelScore> scores)
    {
        var deviations = new Dictionary<int, List<decimal>>();
        foreach (var cell in scores.GroupBy(s => (s.AspectId, s.CompetitorId)))
        {
            var panel = cell.ToList();
            if (panel.Count < 2) continue;
            foreach (var score in panel)
            {
                var others = panel.Where(p => p.JudgeId != score.JudgeId).Average(p => p.Value);
                if (!deviations.TryGetValue(score.JudgeId, out var list)) deviations[score.JudgeId] = list = [];
                list.Add(score.Value - others);
            }
        }
        return [.. deviations.Select(d => new JudgePattern(d.Key, d.Value.Count, Math.Round(d.Value.Average(), 2, MidpointRounding.AwayFromZero)))
            .OrderBy(p => p.JudgeId)];
    }
}
