using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace LiveBoard.Server.Live;

/// Roles and the per-competition claim that authorization decisions read.
public static class LiveClaims
{
    public const string Admin = "admin", ChiefExpert = "chief-expert", Judge = "judge", Media = "media", DisplayOperator = "display-operator";
    /// One claim per competition the user serves in.
    public const string Competition = "liveboard:competition";
    /// The judge record the user marks as.
    public const string JudgeId = "liveboard:judge";

    public static bool Serves(this ClaimsPrincipal user, int competitionId) =>
        user.HasClaim(Competition, competitionId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// Staff of a competition: an admin, or its chief expert or one of its judges.
public sealed class CompetitionStaffRequirement : IAuthorizationRequirement;

/// A judge of the competition, marking as their own judge record.
public sealed class CompetitionJudgeRequirement : IAuthorizationRequirement;

public sealed class CompetitionAccessHandler : IAuthorizationHandler
{
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (context.Resource is not int competitionId) return Task.CompletedTask;
        var user = context.User;
        foreach (var requirement in context.PendingRequirements.ToList())
        {
            var ok = requirement switch
            {
                CompetitionStaffRequirement => user.IsInRole(LiveClaims.Admin)
                    || (user.IsInRole(LiveClaims.ChiefExpert) || user.IsInRole(LiveClaims.Judge)) && user.Serves(competitionId),
                CompetitionJudgeRequirement => (user.IsInRole(LiveClaims.Judge) || user.IsInRole(LiveClaims.ChiefExpert)) && user.Serves(competitionId),
                _ => false,
            };
            if (ok) context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

public static class ChannelAccess
{
    public const string StaffPolicy = "CompetitionStaff", JudgePolicy = "CompetitionJudge";

    public static async Task<bool> CanReadAsync(IAuthorizationService authorization, ClaimsPrincipal user, ChannelName channel) =>
        channel.Kind switch
        {
            ChannelKind.Series or ChannelKind.Competition => true,
            ChannelKind.CompetitionStaff => (await authorization.AuthorizeAsync(user, channel.Id, StaffPolicy)).Succeeded,
            _ => false,
        };
}
