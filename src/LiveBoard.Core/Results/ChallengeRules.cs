namespace LiveBoard.Core.Results;

public sealed record Bout(int HolderId, int ChallengerId, decimal HolderTotal, decimal ChallengerTotal, int WinnerId);

public sealed record ChallengeOutcome(int? HolderId, IReadOnlyList<Bout> Bouts);

// 擂台赛: the holder defends the title against each challenger in turn.
public static class ChallengeRules
{
    public static ChallengeOutcome Run(IReadOnlyList<(int CompetitorId, decimal Total)> entriesInOrder)
    {
        if (entriesInOrder.Count == 0)
            return new ChallengeOutcome(null, []);

        var holder = entriesInOrder[0];
        List<Bout> bouts = [];
        foreach (var challenger in entriesInOrder.Skip(1))
        {
            // A challenger must beat the holder outright; an equal total leaves the title where it is.
            var winner = challenger.Total > holder.Total ? challenger : holder;
            bouts.Add(new Bout(holder.CompetitorId, challenger.CompetitorId, holder.Total, challenger.Total, winner.CompetitorId));
            holder = winner;
        }
        return new ChallengeOutcome(holder.CompetitorId, bouts);
    }
}
