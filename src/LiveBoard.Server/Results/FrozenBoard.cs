using System.Security.Claims;
using System.Text.Json;
using LiveBoard.Core.Competitions;
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
    /// Whether this reader is kept from the live results of the whole competition (every stage).
    public async Task<bool> HidesLiveResultsAsync(ClaimsPrincipal user, int competitionId, CancellationToken ct)
    {
        var frozenAt = await db.Competitions.Where(c => c.Id == competitionId).Select(c => c.FrozenAt).FirstOrDefaultAsync(ct);
        if (frozenAt is null) return false;
        return !await IsStaffAsync(user, competitionId);
    }

    /// Whether this reader is kept from one stage's live results: a frozen final shows again once the ceremony revealed it.
    public async Task<bool> HidesLiveStageAsync(ClaimsPrincipal user, int competitionId, int stageId, CancellationToken ct)
    {
        var competition = await db.Competitions.AsNoTracking().FirstOrDefaultAsync(c => c.Id == competitionId, ct);
        var kind = await db.Stages.Where(s => s.Id == stageId && s.CompetitionId == competitionId).Select(s => (StageKind?)s.Kind).FirstOrDefaultAsync(ct);
        if (competition is null || kind is null || await PublicSeesLiveAsync(db, competition, kind.Value, ct)) return false;
        return !await IsStaffAsync(user, competitionId);
    }

    async Task<bool> IsStaffAsync(ClaimsPrincipal user, int competitionId) =>
        (await authorization.AuthorizeAsync(user, competitionId, Policies.CompetitionStaff)).Succeeded;

    public Task<string?> LastPublicAsync(int competitionId, string type, string objectId, CancellationToken ct) => LastPublicAsync(db, competitionId, type, objectId, ct);

    static Task<string?> LastPublicAsync(LiveBoardDb db, int competitionId, string type, string objectId, CancellationToken ct) =>
        db.Events.AsNoTracking()
            .Where(e => e.Channel == Channels.Public(competitionId) && e.Type == type && e.ObjectId == objectId)
            .OrderByDescending(e => e.Seq).Select(e => e.Data).FirstOrDefaultAsync(ct);

    /// The standings of a stage as the public last saw them (null if it never did).
    public static Task<Standings?> LastPublicStandingsAsync(LiveBoardDb db, int competitionId, int stageId, CancellationToken ct) =>
        LiveStandings.FromLogAsync(db, Channels.Public(competitionId), stageId, ct);

    /// Core's rule, fed with the freeze and the ceremony steps shown on the public channel since the freeze began.
    /// Reads the log, so a ceremony step appended in the caller's transaction counts once saved.
    public static async Task<bool> PublicSeesLiveAsync(LiveBoardDb db, Competition competition, StageKind stage, CancellationToken ct)
    {
        if (competition.FrozenAt is null || stage != StageKind.Final) return PublicVisibility.ShowsLiveResults(competition.FrozenAt, stage, []);
        var channel = Channels.Public(competition.Id);
        var freezeSeq = await db.Events.Where(e => e.Channel == channel && e.Type == "freeze").MaxAsync(e => (long?)e.Seq, ct) ?? 0;
        var steps = await db.Events.AsNoTracking().Where(e => e.Channel == channel && e.Type == "ceremony" && e.Seq > freezeSeq && e.Data != null)
            .Select(e => e.Data!).ToListAsync(ct);
        return PublicVisibility.ShowsLiveResults(competition.FrozenAt, stage, steps.Select(ProgressOf));
    }

    static CeremonyProgress ProgressOf(string ceremonyJson)
    {
        using var step = JsonDocument.Parse(ceremonyJson);
        return new(step.RootElement.GetProperty("revealed").GetInt32(), step.RootElement.GetProperty("rows").GetInt32());
    }

    public static ProblemHttpResult Problem() => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "成绩榜已封榜,公布前不可查看 / The board is frozen; these results are shown after it is unfrozen");
}
