namespace LiveBoard.Core.Results;

// WorldSkills-style scaled scores. The raw marks are kept; this is a view of them.
public static class Scaling
{
    public static IReadOnlyDictionary<int, decimal> Scale(IReadOnlyDictionary<int, decimal> rawByCompetitor, decimal centre, decimal spread)
    {
        if (rawByCompetitor.Count == 0)
            return new Dictionary<int, decimal>();

        var mean = rawByCompetitor.Values.Average();
        var variance = rawByCompetitor.Values.Sum(raw => (raw - mean) * (raw - mean)) / rawByCompetitor.Count;
        var sd = SquareRoot(variance);

        // Everyone equal (or one competitor): no spread to scale, so all sit on the centre.
        return rawByCompetitor.ToDictionary(
            pair => pair.Key,
            pair => sd == 0 ? centre : Math.Round(centre + spread * (pair.Value - mean) / sd, 0, MidpointRounding.AwayFromZero));
    }

    // Medallion for Excellence.
    public static bool IsMedallion(decimal scaled, decimal centre) => scaled >= centre;

    // Newton's method in decimal from a double estimate, so a score near .5 is not rounded the wrong way by double error.
    private static decimal SquareRoot(decimal value)
    {
        if (value <= 0)
            return 0;
        var root = (decimal)Math.Sqrt((double)value);
        for (var i = 0; i < 4; i++)
            root = (root + value / root) / 2;
        return root;
    }
}
