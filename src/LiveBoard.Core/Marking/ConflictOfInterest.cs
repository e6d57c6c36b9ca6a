namespace LiveBoard.Core.Marking;

public static class ConflictOfInterest
{
    public static bool Conflicts(int? judgeOrganisationId, int competitorOrganisationId, IReadOnlyDictionary<int, int?> parents)
    {
        if (judgeOrganisationId is not int judgeOrg)
            return false;
        // The city federation contains everyone; a federation judge would otherwise be barred from every competitor.
        if (parents.TryGetValue(judgeOrg, out var judgeParent) && judgeParent is null)
            return false;

        // Walk up from the competitor's organisation; the visited set stops a bad parent cycle from looping forever.
        var visited = new HashSet<int>();
        int? current = competitorOrganisationId;
        while (current is int org && visited.Add(org))
        {
            if (org == judgeOrg)
                return true;
            current = parents.TryGetValue(org, out var parent) ? parent : null;
        }
        return false;
    }
}
