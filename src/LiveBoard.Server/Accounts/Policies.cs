using Microsoft.AspNetCore.Authorization;

namespace LiveBoard.Server.Accounts;

/// Policy names. Competition policies take the competition id as the resource (hub) or from the route (HTTP).
public static class Policies
{
    public const string Admin = "Admin", Media = "Media", DisplayOperator = "DisplayOperator";
    public const string CompetitionStaff = "CompetitionStaff", CompetitionJudge = "CompetitionJudge", ChiefExpert = "ChiefExpert";
    /// Freezing the board and running the ceremony: the competition's chief expert, or a display operator.
    public const string BoardControl = "BoardControl";

    public static AuthorizationBuilder AddLiveBoardPolicies(this AuthorizationBuilder auth) => auth
        .AddPolicy(Admin, p => p.RequireRole(Roles.Admin))
        .AddPolicy(Media, p => p.RequireRole(Roles.Admin, Roles.Media))
        .AddPolicy(DisplayOperator, p => p.RequireRole(Roles.Admin, Roles.DisplayOperator))
        .AddPolicy(CompetitionStaff, p => p.AddRequirements(new CompetitionRoleRequirement(CompetitionRole.Judge)))
        .AddPolicy(CompetitionJudge, p => p.AddRequirements(new CompetitionRoleRequirement(CompetitionRole.Judge)))
        .AddPolicy(ChiefExpert, p => p.AddRequirements(new CompetitionRoleRequirement(CompetitionRole.ChiefExpert)))
        .AddPolicy(BoardControl, p => p.AddRequirements(new CompetitionRoleRequirement(CompetitionRole.ChiefExpert, Roles.DisplayOperator)));
}

/// At least the given role in the competition, or else one of the global roles named.
public sealed record CompetitionRoleRequirement(CompetitionRole AtLeast, params string[] OrGlobalRoles) : IAuthorizationRequirement;

public sealed class CompetitionRoleHandler(Permissions permissions) : AuthorizationHandler<CompetitionRoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CompetitionRoleRequirement requirement)
    {
        var competitionId = context.Resource switch
        {
            int id => id,
            HttpContext http when http.GetRouteValue("competitionId") is string text && int.TryParse(text, out var id) => id,
            _ => (int?)null,
        };
        if (requirement.OrGlobalRoles.Any(context.User.IsInRole)) { context.Succeed(requirement); return; }
        if (competitionId is null) return;
        if (await permissions.RoleInAsync(context.User, competitionId.Value) >= requirement.AtLeast) context.Succeed(requirement);
    }
}
