using LiveBoard.Core.Competitions;
using LiveBoard.Server.Data;
using LiveBoard.Server.Live;
using LiveBoard.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Marking;

/// Module status and protests: the chief expert's state changes, each leaving an audit entry.
public partial class ModuleControl(LiveBoardDb db, LiveChanges live, TimeProvider time, ILogger<ModuleControl> logger)
{
    /// A module locks only when complete (LockChecks): otherwise the refusal lists every blocker, unless an admin
    /// overrides with a written reason, which is audited and stays on the module while it is locked.
    public async Task<(Module?, ProblemHttpResult?)> SetStatusAsync(int competitionId, int moduleId, ModuleStatusInput input, string actor,
        bool mayOverride, CancellationToken ct)
    {
        var module = await db.Modules.FirstOrDefaultAsync(m => m.Id == moduleId && db.Stages.Any(s => s.Id == m.StageId && s.CompetitionId == competitionId), ct);
        if (module is null) return (null, Checks.NotFound($"module {moduleId}"));
        // The JSON reader refuses statuses outside the set; the check here keeps any other caller from storing one.
        var checks = new Checks().Required("status", input.Status).Enum("status", input.Status)
            .Text("reason", input.Reason, 500, required: false, multiLine: true).Text("confirm", input.Confirm, 20, required: false);
        if (checks.Failed) return (null, checks.Problem());
        // Unlocking reopens official results, so it must say why.
        if (module.Status == ModuleStatus.Locked && input.Status is { } s && s != ModuleStatus.Locked)
            checks.Required("reason", input.Reason);
        var locking = input.Status == ModuleStatus.Locked && module.Status != ModuleStatus.Locked;
        if (locking && input.Confirm != module.Code)
            checks.Add("confirm", $"锁定须确认模块代码 {module.Code} / Locking needs the module code {module.Code} as confirmation");
        if (locking && input.Override == true)
            checks.Required("reason", input.Reason);
        if (checks.Failed) return (null, checks.Problem());
        if (locking && input.Override == true && !mayOverride)
            return (null, new Checks().Add("override", "只有管理员可以强制锁定未完成的模块 / Only an admin may lock over what blocks a lock").Problem(StatusCodes.Status403Forbidden));
        // The check and the lock share one transaction (it takes the write lock on SQLite), so no mark that would block
        // the lock can commit between them.
        await using var tx = locking ? await db.Database.BeginTransactionAsync(ct) : null;
        var lockCheck = locking ? await LockChecks.LoadAsync(db, competitionId, moduleId, ct) : null;
        var overridden = lockCheck is { Blockers.Count: > 0 };
        if (overridden && input.Override != true)
        {
            Log.LockRefused(logger, competitionId, module.Code, lockCheck!.Blockers.Count, actor);
            return (null, LockChecks.Refusal(lockCheck));
        }
        var from = module.Status;
        if (from == input.Status) return (module, null);
        module.Status = input.Status!.Value;
        module.LockOverrideReason = overridden ? input.Reason : null;
        Audit(competitionId, actor, "module-status", $"{module.Code}: {from} → {module.Status}", input.Reason);
        if (overridden) Audit(competitionId, actor, "lock-override", LockChecks.Describe(lockCheck!), input.Reason);
        await live.SaveAsync(c => live.ModuleChangedAsync(competitionId, module, c), ct);
        Log.StatusChanged(logger, competitionId, module.Code, from, module.Status, actor, input.Reason);
        if (overridden) Log.LockOverridden(logger, competitionId, module.Code, lockCheck!.Blockers.Count, actor, input.Reason!);
        return (module, null);
    }

    public async Task<(StageEntry?, ProblemHttpResult?)> SetProtestAsync(int competitionId, int stageId, int? competitorId, string? reason,
        bool protested, string actor, CancellationToken ct)
    {
        var checks = new Checks().Required("competitorId", competitorId).Text("reason", reason, 500, multiLine: true);
        if (checks.Failed) return (null, checks.Problem());
        var entry = await db.StageEntries.FirstOrDefaultAsync(e => e.StageId == stageId && e.CompetitorId == competitorId
            && db.Stages.Any(s => s.Id == stageId && s.CompetitionId == competitionId), ct);
        if (entry is null) return (null, Checks.NotFound($"competitor {competitorId} in stage {stageId}"));
        entry.Protested = protested;
        entry.ProtestReason = reason;
        Audit(competitionId, actor, protested ? "protest" : "protest-resolved", $"competitor {competitorId}, stage {stageId}", reason);
        await live.SaveAsync(c => live.StageChangedAsync(competitionId, stageId, c, statusChanged: true), ct);
        if (protested) Log.ProtestLodged(logger, competitionId, stageId, entry.CompetitorId, actor, reason!);
        else Log.ProtestResolved(logger, competitionId, stageId, entry.CompetitorId, actor, reason!);
        return (entry, null);
    }

    /// Freezing keeps the public board as it stands; staff keep seeing everything.
    public async Task<(Competition?, ProblemHttpResult?)> SetFrozenAsync(int competitionId, bool? frozen, string actor, CancellationToken ct)
    {
        var competition = await db.Competitions.FirstOrDefaultAsync(c => c.Id == competitionId, ct);
        if (competition is null) return (null, Checks.NotFound($"competition {competitionId}"));
        var checks = new Checks().Required("frozen", frozen);
        if (checks.Failed) return (null, checks.Problem());
        if ((competition.FrozenAt is not null) == frozen) return (competition, null);
        competition.FrozenAt = frozen!.Value ? time.GetUtcNow() : null;
        Audit(competitionId, actor, frozen.Value ? "freeze" : "unfreeze", competition.Slug, null);
        await live.SaveAsync(c => live.FreezeChangedAsync(competition, c), ct);
        if (frozen.Value) Log.Frozen(logger, competitionId, competition.Slug, actor);
        else Log.Unfrozen(logger, competitionId, competition.Slug, actor);
        return (competition, null);
    }

    void Audit(int competitionId, string actor, string action, string detail, string? reason) =>
        db.AuditEntries.Add(new AuditEntry { CompetitionId = competitionId, At = time.GetUtcNow(), Actor = actor, Action = action, Detail = detail, Reason = reason });
}
