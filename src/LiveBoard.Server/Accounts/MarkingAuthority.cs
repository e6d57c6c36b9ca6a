using System.Security.Claims;

namespace LiveBoard.Server.Accounts;

/// Who may enter or correct which marks. Judges mark as themselves; a chief expert or admin may enter a judge's
/// paper sheet on their behalf (recorded as entered by them), and only they correct other judges' marks or locked modules.
public sealed class MarkingAuthority(Permissions permissions)
{
    public async Task<string?> CannotSubmitAsync(ClaimsPrincipal user, int competitionId, int? judgeId, CancellationToken ct)
    {
        var role = await permissions.RoleInAsync(user, competitionId, ct);
        if (role >= CompetitionRole.ChiefExpert) return null;
        if (role == CompetitionRole.Judge && judgeId is not null && judgeId == Permissions.JudgeIdOf(user)) return null;
        return role == CompetitionRole.Judge ? "只能以本人身份打分 / You can only mark as yourself" : "无权为本竞赛打分 / Not allowed to mark in this competition";
    }

    /// `judgeId` is the judge the correction is recorded for: a judge corrects only their own marks, as themselves.
    public async Task<string?> CannotCorrectAsync(ClaimsPrincipal user, int competitionId, int markJudgeId, int judgeId, bool moduleLocked, CancellationToken ct)
    {
        var role = await permissions.RoleInAsync(user, competitionId, ct);
        if (role >= CompetitionRole.ChiefExpert) return null;
        var self = Permissions.JudgeIdOf(user);
        if (role == CompetitionRole.Judge && markJudgeId == self && judgeId == self && !moduleLocked) return null;
        return moduleLocked ? "模块已锁定,只有裁判长可以更正 / The module is locked; only the chief expert corrects it"
             : markJudgeId != self ? "只能更正本人的评分 / You can only correct your own marks"
             : "只能以本人身份打分 / You can only mark as yourself";
    }
}
