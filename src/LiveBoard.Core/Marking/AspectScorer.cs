using LiveBoard.Core.Competitions;

namespace LiveBoard.Core.Marking;

public static class AspectScorer
{
    private const decimal TopScore = 3m;

    public static AspectOutcome Score(Aspect aspect, CompetitionRules rules, IReadOnlyList<Mark> currentMarks, int abstentions = 0) =>
        Score(aspect, currentMarks.Count > 0 ? currentMarks[0].CompetitorId : 0, rules, currentMarks, abstentions);

    // With no marks yet the competitor cannot be read from them, so callers listing pending aspects pass it.
    public static AspectOutcome Score(Aspect aspect, int competitorId, CompetitionRules rules, IReadOnlyList<Mark> currentMarks, int abstentions = 0)
    {
        // Marks of another aspect or competitor here would silently corrupt a result; fail loudly instead.
        if (currentMarks.Any(m => m.AspectId != aspect.Id || m.CompetitorId != competitorId))
            throw new ArgumentException($"Marks must all belong to aspect {aspect.Id} and competitor {competitorId}.", nameof(currentMarks));

        return aspect.Type == AspectType.Measurement
            ? Measurement(aspect, competitorId, currentMarks)
            : Judgement(aspect, competitorId, rules, currentMarks, abstentions);
    }

    // A measurement has one true value: judges who measured it must agree. Two different values are a disagreement that
    // counts for nothing until a correction resolves it, as a judgement spread does; the later entry never silently wins.
    private static AspectOutcome Measurement(Aspect aspect, int competitorId, IReadOnlyList<Mark> marks)
    {
        if (marks.Count == 0)
            return new(aspect.Id, competitorId, AspectOutcomeKind.Pending, 0m, [], 0m);

        var values = PerJudge(marks);
        var spread = values.Max() - values.Min();
        if (spread != 0m)
            return new(aspect.Id, competitorId, AspectOutcomeKind.RescoreRequired, 0m, values, spread);
        var value = values[0];
        var mark = aspect.Bands.Count == 0 ? value : aspect.MaxMark * BandFraction(aspect.Bands, value);
        return new(aspect.Id, competitorId, AspectOutcomeKind.Scored, Round(mark), values, 0m);
    }

    // One value per judge: if a judge somehow has two current marks, the later one is what they meant.
    private static List<decimal> PerJudge(IReadOnlyList<Mark> marks) =>
        [.. marks.GroupBy(m => m.JudgeId).OrderBy(g => g.Key).Select(g => MarkHistory.Latest(g).Value)];

    private static decimal BandFraction(IEnumerable<ToleranceBand> bands, decimal deviation)
    {
        var tightest = bands.Where(b => Math.Abs(deviation) <= b.Within).MinBy(b => b.Within);
        return tightest?.Fraction ?? 0m;
    }

    private static AspectOutcome Judgement(Aspect aspect, int competitorId, CompetitionRules rules, IReadOnlyList<Mark> marks, int abstentions)
    {
        var scores = PerJudge(marks);
        var spread = scores.Count == 0 ? 0m : scores.Max() - scores.Min();
        var required = Math.Max(1, rules.PanelSize - abstentions);

        AspectOutcome Outcome(AspectOutcomeKind kind, decimal mark) => new(aspect.Id, competitorId, kind, mark, scores, spread);

        if (scores.Count < required)
            return Outcome(AspectOutcomeKind.Pending, 0m);

        switch (rules.PanelRule)
        {
            case PanelRule.WorldSkills when spread > rules.MaxPanelSpread:
                return Outcome(AspectOutcomeKind.RescoreRequired, 0m);
            case PanelRule.TrimmedMean when scores.Count >= 4:
                var middle = scores.Order().Skip(1).SkipLast(1).ToList();
                return Outcome(AspectOutcomeKind.Scored, MarkOf(aspect, middle));
            default:
                return Outcome(AspectOutcomeKind.Scored, MarkOf(aspect, scores));
        }
    }

    // max × mean / 3, in one division so no intermediate rounding creeps in.
    private static decimal MarkOf(Aspect aspect, IReadOnlyCollection<decimal> scores) =>
        Round(aspect.MaxMark * scores.Sum() / (TopScore * scores.Count));

    private static decimal Round(decimal mark) => Math.Round(mark, 2, MidpointRounding.AwayFromZero);
}
