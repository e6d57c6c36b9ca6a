using System.Security.Claims;
using LiveBoard.Server.Marking;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace LiveBoard.Server.Live;

/// Mark submission from the hub: the caller must judge this competition and may only mark as themselves.
public sealed class HubMarking(MarkingService marking, IAuthorizationService authorization)
{
    public async Task<MarkReply> SubmitAsync(ClaimsPrincipal user, int competitionId, MarkSubmission submission, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(user, competitionId, ChannelAccess.JudgePolicy)).Succeeded)
            throw new HubException("无权为本竞赛打分 / Not allowed to mark in this competition");
        var judgeClaim = user.FindFirstValue(LiveClaims.JudgeId);
        if (judgeClaim is null || submission.JudgeId?.ToString(System.Globalization.CultureInfo.InvariantCulture) != judgeClaim)
            return new MarkReply(false, false, null, 403, new Dictionary<string, string[]> { ["judgeId"] = ["只能以本人身份打分 / You can only mark as yourself"] });
        var result = await marking.SubmitAsync(competitionId, submission, user.Identity?.Name ?? $"judge:{judgeClaim}", ct);
        return new MarkReply(result.Accepted, result.Replayed, result.Mark is { } m ? MarkView.Of(m) : null, result.Status, result.Errors);
    }
}
