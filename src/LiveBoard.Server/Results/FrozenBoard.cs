using System.Security.Claims;
using LiveBoard.Core.Results;
using LiveBoard.Server.Data;
using LiveBoard.Server.Live;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using LiveBoard.Server.Accounts;

namespace LiveBoard.Server.Results;

/// The read side of a freeze: the same rule as the live channels, applied to HTTP reads.
public sealed class FrozenBoard(LiveBoardDb db, IAuthorizationService authorization)
{
    public async Task<bool> HidesLiveResultsAsync(ClaimsPrincipal user, int competitionId, CancellationToken ct)
    {
        var frozenAt = await db.Competitions.Where(c => c.Id == competitionId).Select(c => c.FrozenAt).FirstOrDefaultAsync(ct);
        if (PublicVisibility.ShowsLiveStandings(frozenAt)) return false;
        return !(await authorization.AuthorizeAsync(user, competitionId, Policies.CompetitionStaff)).Succeeded;
    }

    public Task<string?> LastPublicAsync(int competitionId, string type, string objectId, CancellationToken ct) =>
        db.Events.AsNoTracking()
            .Where(e => e.Channel == Channels.Public(competitionId) && e.Type == type && e.ObjectId == objectId)
            .OrderByDescending(e => e.Seq).Select(e => e.Data).FirstOrDefaultAsync(ct);

    public static ProblemHttpResult Problem() => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "成绩榜已封榜,公布前不可查看 / The board is frozen; these results are shown after it is unfrozen");
}
