using System.Security.Claims;
using LiveBoard.Server.Accounts;
using LiveBoard.Server.Marking;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace LiveBoard.Server.Live;

/// Mark submission from the hub: the same rights as over HTTP, then the one write path.
public sealed class HubMarking(MarkingService marking, IAuthorizationService authorization)
{
    public async Task<MarkReply> SubmitAsync(ClaimsPrincipal user, int competitionId, MarkSubmission submission, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(user, competitionId, Policies.CompetitionJudge)).Succeeded)
            throw new HubException("无权为本竞赛打分 / Not allowed to mark in this competition");
        var result = await marking.SubmitAsync(competitionId, submission, Caller.Of(user), ct);
        return new MarkReply(result.Accepted, result.Replayed, result.Mark is { } m ? MarkView.Of(m) : null, result.Status, result.Errors);
    }
}
