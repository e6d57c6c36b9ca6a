using System.Security.Claims;
using LiveBoard.Server.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace LiveBoard.Server.Live;

public static class ChannelAccess
{
    public static async Task<bool> CanReadAsync(IAuthorizationService authorization, ClaimsPrincipal user, ChannelName channel) =>
        channel.Kind switch
        {
            ChannelKind.Series or ChannelKind.Competition => true,
            // Every judge's values: the chief expert and admins only.
            ChannelKind.CompetitionStaff => (await authorization.AuthorizeAsync(user, channel.Id, Policies.ChiefExpert)).Succeeded,
            ChannelKind.CompetitionJudging => (await authorization.AuthorizeAsync(user, channel.Id, Policies.CompetitionStaff)).Succeeded,
            ChannelKind.Displays => user.IsInRole(Roles.Display) || user.IsInRole(Roles.DisplayOperator) || user.IsInRole(Roles.Admin),
            _ => false,
        };
}
