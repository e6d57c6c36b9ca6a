using LiveBoard.Core.Marking;

namespace LiveBoard.Server.Demo;

// Values a real panel would plausibly enter, for the seeded history and for the simulator alike.
// skill runs from 0 (weak) to 1 (excellent).
static class PlausibleMarks
{
    // Scores of 1–3 that all fall within one of each other, as a WorldSkills panel must agree.
    public static int[] PanelScores(Random random, double skill, int count)
    {
        var target = 1 + 2 * skill + (random.NextDouble() - 0.5) * 0.8;
        var low = Math.Clamp((int)Math.Floor(target), 1, 3);
        var upChance = target - Math.Floor(target);
        return [.. Enumerable.Range(0, count).Select(_ => low < 3 && random.NextDouble() < upChance ? low + 1 : low)];
    }

    // One judge's score near the competitor's level and, mostly, within one of the panel's earlier scores.
    public static int JudgementScore(Random random, double skill, IReadOnlyCollection<int> others)
    {
        var score = Math.Clamp((int)Math.Round(1 + 2 * skill + random.NextDouble() - 0.5), 0, 3);
        if (others.Count == 0)
            return score;
        // About one entry in thirty is two points off the panel, so the chief expert sees the occasional re-score.
        if (random.NextDouble() < 0.03)
            return others.Min() >= 2 ? others.Min() - 2 : Math.Min(3, others.Max() + 2);
        var (low, high) = (others.Max() - 1, others.Min() + 1);
        return low <= high ? Math.Clamp(score, low, high) : score;
    }

    // Without bands: full or zero. With bands: the size of the deviation in the aspect's own unit (mm, dB, °C),
    // kept positive because several tolerances are one-sided (flatness, splice loss). Skilled hands land inside
    // the first band, weaker ones drift past the last. Two decimals, as the mark validator allows.
    public static decimal Measurement(Random random, Aspect aspect, double skill)
    {
        if (aspect.Bands.Count == 0)
            return random.NextDouble() < 0.25 + 0.7 * skill ? aspect.MaxMark : 0m;
        var outer = (double)aspect.Bands.Max(b => b.Within);
        var deviation = outer * 1.4 * random.NextDouble() * (1.25 - skill);
        return Math.Round((decimal)deviation, 2);
    }
}
