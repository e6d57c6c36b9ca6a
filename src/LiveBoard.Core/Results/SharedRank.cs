namespace LiveBoard.Core.Results;

// The ICPC convention used by every ranking here: equal rows share a rank and the next rank skips (1, 2, 2, 4).
internal static class SharedRank
{
    public static int[] Of<T>(IReadOnlyList<T> sorted, Func<T, T, bool> equal)
    {
        var ranks = new int[sorted.Count];
        for (var i = 0; i < sorted.Count; i++)
            ranks[i] = i > 0 && equal(sorted[i - 1], sorted[i]) ? ranks[i - 1] : i + 1;
        return ranks;
    }
}
