using LiveBoard.Core.Competitions;

namespace LiveBoard.Core.Results;

public enum CeremonyStepKind { Start, Reveal, Award }

/// One step of the award ceremony. Revealed counts rows from the bottom of the final standings; an Award step
/// shows a medallist's citation before that row is revealed.
public sealed record CeremonyStep(int Index, CeremonyStepKind Kind, int Revealed, int? CompetitorId, Medal Medal);

/// The ICPC Resolver's order: results are revealed from the bottom up, one row a step, pausing on each award.
public static class CeremonyScript
{
    public static IReadOnlyList<CeremonyStep> Build(IReadOnlyList<(int CompetitorId, Medal Medal)> rowsInRankOrder)
    {
        var steps = new List<CeremonyStep> { new(0, CeremonyStepKind.Start, 0, null, Medal.None) };
        var revealed = 0;
        for (var i = rowsInRankOrder.Count - 1; i >= 0; i--)
        {
            var (competitorId, medal) = rowsInRankOrder[i];
            if (medal != Medal.None) steps.Add(new(steps.Count, CeremonyStepKind.Award, revealed, competitorId, medal));
            steps.Add(new(steps.Count, CeremonyStepKind.Reveal, ++revealed, competitorId, medal));
        }
        return steps;
    }
}
