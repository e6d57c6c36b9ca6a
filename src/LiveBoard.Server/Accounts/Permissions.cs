using System.Globalization;
using System.Security.Claims;
using LiveBoard.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Accounts;

public enum CompetitionRole { None, Judge, ChiefExpert, Admin }

/// What a signed-in user is in a competition, read from the assignments (cached per scope, and per node as RecentChecks
/// says: a judge's tablet sending a burst of marks costs one query, not one per mark).
public sealed class Permissions(LiveBoardDb db, RecentChecks recent)
{
    public const string JudgeClaim = "liveboard:judge";

    readonly Dictionary<(int? Judge, int Competition), CompetitionRole> cache = [];

    public static int? JudgeIdOf(ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(JudgeClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public async Task<CompetitionRole> RoleInAsync(ClaimsPrincipal user, int competitionId, CancellationToken ct = default)
    {
        if (user.IsInRole(Roles.Admin)) return CompetitionRole.Admin;
        if (JudgeIdOf(user) is not { } judgeId) return CompetitionRole.None;
        if (cache.TryGetValue((judgeId, competitionId), out var cached)) return cached;
        if (recent.RecentRole(judgeId, competitionId) is { } known) return cache[(judgeId, competitionId)] = known;
        var generation = RecentChecks.Generation;
        var assignments = await db.JudgeAssignments.AsNoTracking()
            .Where(a => a.JudgeId == judgeId && a.CompetitionId == competitionId).Select(a => a.ChiefExpert).ToListAsync(ct);
        var role = assignments.Count == 0 ? CompetitionRole.None : assignments.Any(chief => chief) ? CompetitionRole.ChiefExpert : CompetitionRole.Judge;
        cache[(judgeId, competitionId)] = role;
        recent.RememberRole(judgeId, competitionId, role, generation);
        return role;
    }
}
