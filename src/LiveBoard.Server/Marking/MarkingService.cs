using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using System.Security.Claims;
using LiveBoard.Server.Accounts;
using LiveBoard.Server.Data;
using LiveBoard.Server.Hosting;
using LiveBoard.Server.Live;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Marking;

public sealed record MarkSubmission(int? AspectId, int? CompetitorId, int? JudgeId, double? Value, string? IdempotencyKey, string? Device);

/// Who submits: a signed-in user, whose rights are checked, or a trusted internal caller (simulator, seed) by name.
public sealed record Caller(ClaimsPrincipal? User, string Name)
{
    public static Caller Of(ClaimsPrincipal user) => new(user, Actor.Of(user));
    public static Caller Internal(string name) => new(null, name);
}

public sealed record MarkCorrection(double? Value, string? Reason, int? JudgeId, string? IdempotencyKey, string? Device);

/// Either an accepted mark (Replayed when an earlier submission with the same idempotency key is returned),
/// or a rejection with a status and field errors.
public sealed record MarkResult(Mark? Mark, bool Replayed, int Status, IReadOnlyDictionary<string, string[]> Errors)
{
    /// The public channel's seq after this mark's commit, when it changed what the public sees: a viewer holding it
    /// has seen the mark (the benchmark measures submit-to-viewer time by it).
    public long? PublicSeq { get; init; }
    public bool Accepted => Mark is not null;
    public static MarkResult Ok(Mark mark, bool replayed = false) => new(mark, replayed, 200, new Dictionary<string, string[]>());
    public static MarkResult Reject(int status, string field, string message) => new(null, false, status, new Dictionary<string, string[]> { [field] = [message] });
    public static MarkResult Reject(IReadOnlyList<FieldError> errors) =>
        new(null, false, 400, errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(Bilingual).ToArray()));
    static string Bilingual(FieldError e) => $"{e.MessageZh} / {e.MessageEn}";
}

/// The one write path for marks: the HTTP API, the hub and the simulator all call this.
/// Order matters: rights first, then the idempotency key (scoped to the caller, so nobody can read another's mark
/// through a key), then validation; a rejected submission changes nothing.
/// One current mark per cell (judge × aspect × competitor) is kept by the database, not by this code alone: every mark
/// carries the cell's next revision (a shadow column) and (cell, revision) is unique, so two writers that read the same
/// state of a cell cannot both commit, whatever node or path they came through.
/// Every write runs in MarkWriter's batches, in the scope of one batch: SubmitAsync and CorrectAsync queue the work,
/// which adds marks and events to the batch's transaction and notes the stages whose standings follow.
public partial class MarkingService(LiveBoardDb db, LiveChanges live, MarkingAuthority authority, TimeProvider time,
    ILogger<MarkingService> logger, Telemetry.LiveMetrics metrics, MarkWriter writer, MarkingTargets targets)
{
    public const int MaxKeyLength = 100, MaxDeviceLength = 100, MaxReasonLength = 500;

    static MarkResult UnknownCompetition(int competitionId) =>
        MarkResult.Reject(404, "competitionId", $"找不到竞赛 #{competitionId} / Competition {competitionId} not found");

    public async Task<MarkResult> SubmitAsync(int competitionId, MarkSubmission s, Caller caller, CancellationToken ct)
    {
        var result = await writer.RunAsync((marking, c) => marking.SubmitUnloggedAsync(competitionId, s, caller, c), ct);
        Log.Submitted(logger, result, competitionId, s.AspectId, s.CompetitorId, s.JudgeId, caller.Name, metrics);
        return result;
    }

    internal async Task<MarkResult> SubmitUnloggedAsync(int competitionId, MarkSubmission s, Caller caller, CancellationToken ct)
    {
        if (await TargetsAsync(competitionId, ct) is not { } competition) return UnknownCompetition(competitionId);
        var missing = Missing(("aspectId", s.AspectId), ("competitorId", s.CompetitorId), ("judgeId", s.JudgeId), ("value", s.Value));
        if (missing is not null) return missing;
        var text = new Checks().Text("idempotencyKey", s.IdempotencyKey, MaxKeyLength, required: false).Text("device", s.Device, MaxDeviceLength, required: false);
        if (text.Failed) return new MarkResult(null, false, 400, text.Errors);
        if (caller.User is { } user && await authority.CannotSubmitAsync(user, competitionId, s.JudgeId, ct) is { } denied)
            return MarkResult.Reject(403, "judgeId", denied);

        var recordedBy = caller.Name;
        bool SameRequest(Mark m) => m.CompetitionId == competitionId && m.SupersedesId == null
            && m.AspectId == s.AspectId && m.CompetitorId == s.CompetitorId && m.JudgeId == s.JudgeId && SameValue(m, s.Value);
        if (await Replay(recordedBy, s.IdempotencyKey, SameRequest, ct) is { } replay) return replay;

        var target = LoadTarget(competition, s.AspectId!.Value, s.CompetitorId!.Value, s.JudgeId!.Value);
        if (target.Error is not null) return target.Error;
        if (CheckValue(target.Aspect!, s.Value!.Value, out var value) is { } bad) return bad;

        // A judge has one current mark per aspect and competitor: a second entry is a correction, which needs a reason.
        var cell = await CellAsync(competitionId, s.AspectId.Value, s.CompetitorId.Value, s.JudgeId.Value, ct);
        // The current mark may be this very request, sent again while the first try was committing.
        if (cell.Current is { } existing) return await Replay(recordedBy, s.IdempotencyKey, SameRequest, ct) ?? AlreadyMarked(existing);

        var mark = new Mark
        {
            CompetitionId = competitionId, AspectId = s.AspectId.Value, CompetitorId = s.CompetitorId.Value, JudgeId = s.JudgeId.Value,
            Value = value, RecordedAt = time.GetUtcNow(), RecordedBy = recordedBy, Device = s.Device, IdempotencyKey = s.IdempotencyKey,
        };
        return Save(mark, cell.NextRevision, target.StageId);
    }

    /// A correction is a new mark superseding the old one, with who, when and why; the old row is never changed.
    public async Task<MarkResult> CorrectAsync(int competitionId, long markId, MarkCorrection c, Caller caller, CancellationToken ct)
    {
        var result = await writer.RunAsync((marking, t) => marking.CorrectUnloggedAsync(competitionId, markId, c, caller, t), ct);
        Log.Corrected(logger, result, competitionId, markId, caller.Name, metrics);
        return result;
    }

    internal async Task<MarkResult> CorrectUnloggedAsync(int competitionId, long markId, MarkCorrection c, Caller caller, CancellationToken ct)
    {
        if (await TargetsAsync(competitionId, ct) is not { } competition) return UnknownCompetition(competitionId);
        var missing = Missing(("value", c.Value));
        if (missing is not null) return missing;
        if (string.IsNullOrWhiteSpace(c.Reason))
            return MarkResult.Reject(400, "reason", "更正必须填写原因 / A correction needs a reason");
        var text = new Checks().Text("idempotencyKey", c.IdempotencyKey, MaxKeyLength, required: false).Text("device", c.Device, MaxDeviceLength, required: false)
            .Text("reason", c.Reason, MaxReasonLength, multiLine: true);
        if (text.Failed) return new MarkResult(null, false, 400, text.Errors);

        var old = await db.Marks.AsNoTracking().FirstOrDefaultAsync(m => m.Id == markId && m.CompetitionId == competitionId, ct);
        if (old is null) return MarkResult.Reject(404, "markId", $"找不到评分 #{markId} / Mark #{markId} not found");
        var judgeId = c.JudgeId ?? old.JudgeId;
        var target = LoadTarget(competition, old.AspectId, old.CompetitorId, judgeId, correcting: true);
        if (target.Error is not null) return target.Error;
        // Rights cover both the mark corrected and the judge the correction is recorded for.
        if (caller.User is { } user && await authority.CannotCorrectAsync(user, competitionId, old.JudgeId, judgeId, target.ModuleLocked, ct) is { } denied)
            return MarkResult.Reject(403, c.JudgeId is not null && c.JudgeId != old.JudgeId ? "judgeId" : "markId", denied);

        var recordedBy = caller.Name;
        bool SameRequest(Mark m) => m.CompetitionId == competitionId && m.SupersedesId == markId
            && m.JudgeId == judgeId && m.Reason == c.Reason && SameValue(m, c.Value);
        if (await Replay(recordedBy, c.IdempotencyKey, SameRequest, ct) is { } replay) return replay;
        NotInBatch(pendingSuperseded.Contains(markId));
        if (await db.Marks.AnyAsync(m => m.SupersedesId == markId, ct))
            // The correction may be this very request, sent again while the first try was committing.
            return await Replay(recordedBy, c.IdempotencyKey, SameRequest, ct) ?? MarkResult.Reject(409, "markId", $"评分 #{markId} 已被更正,请更正最新的评分 / Mark #{markId} was already superseded; correct the current mark");
        if (CheckValue(target.Aspect!, c.Value!.Value, out var value) is { } bad) return bad;

        var cell = await CellAsync(competitionId, old.AspectId, old.CompetitorId, judgeId, ct);
        // Recording the mark for another judge must not give that judge a second current mark.
        if (judgeId != old.JudgeId && cell.Current is { } existing) return AlreadyMarked(existing);

        var mark = new Mark
        {
            CompetitionId = competitionId, AspectId = old.AspectId, CompetitorId = old.CompetitorId, JudgeId = judgeId,
            Value = value, RecordedAt = time.GetUtcNow(), RecordedBy = recordedBy, Device = c.Device,
            SupersedesId = old.Id, Reason = c.Reason, IdempotencyKey = c.IdempotencyKey,
        };
        return Save(mark, cell.NextRevision, target.StageId);
    }

    // The batch's marks, not yet saved: a later job of the batch checks these before the database, and one that
    // depends on them (the same cell, key or superseded mark) sends the batch round again one job at a time.
    readonly List<(Mark Mark, int StageId)> pending = [];
    readonly HashSet<(int, int, int, int)> pendingCells = [];
    readonly HashSet<(string, string)> pendingKeys = [];
    readonly HashSet<long> pendingSuperseded = [];

    static (int, int, int, int) CellOf(int competitionId, int aspectId, int competitorId, int judgeId) => (competitionId, aspectId, competitorId, judgeId);

    static void NotInBatch(bool depends)
    {
        if (depends) throw new MarkBatchCollision();
    }

    /// Adds the mark to the batch; it is saved, with its events and its stage's standings, by SaveBatchAsync.
    MarkResult Save(Mark mark, int revision, int stageId)
    {
        NotInBatch(!pendingCells.Add(CellOf(mark.CompetitionId, mark.AspectId, mark.CompetitorId, mark.JudgeId)));
        db.Marks.Add(mark);
        db.Entry(mark).Property(LiveBoardDb.MarkRevision).CurrentValue = revision;
        pending.Add((mark, stageId));
        if (!string.IsNullOrEmpty(mark.IdempotencyKey)) pendingKeys.Add((mark.RecordedBy, mark.IdempotencyKey));
        if (mark.SupersedesId is { } old) pendingSuperseded.Add(old);
        // The id is the database's: the answer's mark gets it when the batch saves, before anyone reads it.
        return MarkResult.Ok(mark);
    }

    /// Saves the batch's marks in one statement batch, then their events and the standings of each stage they touched
    /// once (MarkWriter calls this before the commit).
    public async Task SaveBatchAsync(CancellationToken ct)
    {
        if (pending.Count == 0) return;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (pending.Count == 1)
        {
            throw new MarkConflict(pending[0].Mark, e);
        }
        foreach (var (mark, stageId) in pending) await live.MarkRecordedAsync(mark, stageId, ct);
        foreach (var (competitionId, stageId) in pending.Select(p => (p.Mark.CompetitionId, p.StageId)).Distinct().ToList())
            await live.StageChangedAsync(competitionId, stageId, ct);
        pending.Clear();
    }

    /// After a conflict (rolled back): another write reached the same cell, key or superseded mark first; tell the
    /// caller what is current now.
    public async Task<MarkResult> ConflictAnswerAsync(Mark mark, CancellationToken ct)
    {
        pending.Clear();
        pendingCells.Clear();
        pendingKeys.Clear();
        pendingSuperseded.Clear();
        Log.RaceLost(logger, mark.CompetitionId, mark.AspectId, mark.CompetitorId, mark.JudgeId, mark.RecordedBy);
        if (await Replay(mark.RecordedBy, mark.IdempotencyKey, m => SameMark(m, mark), ct) is { } replay) return replay;
        var cell = await CellAsync(mark.CompetitionId, mark.AspectId, mark.CompetitorId, mark.JudgeId, ct);
        return cell.Current is { } current
            ? AlreadyMarked(current)
            : MarkResult.Reject(409, "markId", "评分已被同时修改,请刷新 / The mark changed concurrently; reload and try again");
    }

    public static void LogIfSlow(ILogger logger, Mark mark, TimeSpan took, TimeSpan threshold) => Log.IfSlow(logger, mark, took, threshold);

    /// The first mark sent with this key by this user. The same request again returns it; anything else under the same
    /// key is refused (422), because answering it with the first mark would silently drop the new request.
    async Task<MarkResult?> Replay(string recordedBy, string? key, Func<Mark, bool> sameRequest, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key)) return null;
        NotInBatch(pendingKeys.Contains((recordedBy, key)));
        var first = await db.Marks.AsNoTracking().FirstOrDefaultAsync(m => m.RecordedBy == recordedBy && m.IdempotencyKey == key, ct);
        if (first is null) return null;
        return sameRequest(first)
            ? MarkResult.Ok(first, replayed: true)
            : MarkResult.Reject(422, "idempotencyKey", "此幂等键已用于另一次提交 / This idempotency key was already used for a different submission");
    }

    static bool SameValue(Mark m, double? value) => value is { } v && !double.IsNaN(v) && !double.IsInfinity(v) && Math.Abs(v) <= 1_000_000 && m.Value == (decimal)v;

    static bool SameMark(Mark a, Mark b) => a.CompetitionId == b.CompetitionId && a.AspectId == b.AspectId && a.CompetitorId == b.CompetitorId
        && a.JudgeId == b.JudgeId && a.SupersedesId == b.SupersedesId && a.Value == b.Value && a.Reason == b.Reason;

    static MarkResult AlreadyMarked(Mark current) => MarkResult.Reject(409, "aspectId",
        $"该评委已为此选手此评分项打分(#{current.Id}),请使用更正 / This judge already marked this aspect for this competitor (mark #{current.Id}); submit a correction instead");

    sealed record Cell(Mark? Current, int NextRevision);

    /// The marks of one judge for one aspect and competitor, read once: the current one and the revision a new one takes.
    async Task<Cell> CellAsync(int competitionId, int aspectId, int competitorId, int judgeId, CancellationToken ct)
    {
        NotInBatch(pendingCells.Contains(CellOf(competitionId, aspectId, competitorId, judgeId)));
        var marks = await db.Marks.AsNoTracking()
            .Where(m => m.CompetitionId == competitionId && m.AspectId == aspectId && m.CompetitorId == competitorId && m.JudgeId == judgeId)
            .Select(m => new { Mark = m, Revision = EF.Property<int>(m, LiveBoardDb.MarkRevision), Superseded = db.Marks.Any(n => n.SupersedesId == m.Id) })
            .ToListAsync(ct);
        return new Cell(marks.Where(m => !m.Superseded).OrderByDescending(m => m.Revision).Select(m => m.Mark).FirstOrDefault(),
            marks.Count == 0 ? 0 : marks.Max(m => m.Revision) + 1);
    }
    sealed record Target(Aspect? Aspect, int StageId, bool ModuleLocked, MarkResult? Error);

    string? setupVersion;

    /// The competition's targets as this batch sees them: the set-up version is read once per batch (the batch holds
    /// the write lock, so no set-up change commits in between on SQLite).
    async Task<CompetitionTargets?> TargetsAsync(int competitionId, CancellationToken ct) =>
        await targets.LoadAsync(db, competitionId, setupVersion ??= await db.SetupVersionAsync(ct), ct);

    Target LoadTarget(CompetitionTargets targets, int aspectId, int competitorId, int judgeId, bool correcting = false)
    {
        if (!targets.Aspects.TryGetValue(aspectId, out var aspect))
            return Fail(404, "aspectId", $"本竞赛没有评分项 #{aspectId} / Unknown aspect #{aspectId} in this competition");
        if (!targets.Competitors.TryGetValue(competitorId, out var competitor))
            return Fail(404, "competitorId", $"本竞赛没有选手 #{competitorId} / Unknown competitor #{competitorId} in this competition");
        if (!targets.Entries.Contains((aspect.StageId, competitorId)))
            return Fail(400, "competitorId", "该选手未参加此阶段 / The competitor is not entered in this stage");

        if (!targets.Judges.TryGetValue(judgeId, out var judge)) return Fail(404, "judgeId", $"找不到评委 #{judgeId} / Unknown judge #{judgeId}");
        if (!targets.Assignments.Any(a => a.JudgeId == judgeId && (a.ModuleId == null || a.ModuleId == aspect.Module.Id)))
            return Fail(403, "judgeId", "该评委未被分配到此模块 / The judge is not assigned to this module");
        if (ConflictOfInterest.Conflicts(judge.OrganisationId, competitor.OrganisationId, targets.OrganisationParents))
            return Fail(403, "judgeId", "利益冲突:评委不得为本单位选手打分 / Conflict of interest: a judge may not mark a competitor of their own organisation");

        // Locked modules take corrections only (with a reason); closed modules still take late marks from the panel.
        if (aspect.Module.Status == ModuleStatus.Locked && !correcting)
            return Fail(409, "moduleId", "模块已锁定,只能由裁判长更正 / The module is locked; only corrections with a reason are accepted");
        if (aspect.Module.Status == ModuleStatus.Scheduled)
            return Fail(409, "moduleId", "模块尚未开始 / The module has not started");
        return new Target(aspect.Aspect, aspect.StageId, aspect.Module.Status == ModuleStatus.Locked, null);
    }

    static Target Fail(int status, string field, string message) => new(null, 0, false, MarkResult.Reject(status, field, message));

    static MarkResult? CheckValue(Aspect aspect, double raw, out decimal value)
    {
        value = 0;
        if (double.IsNaN(raw) || double.IsInfinity(raw))
            return MarkResult.Reject(400, "value", "分值不是有效数字 / The value is not a number");
        if (Math.Abs(raw) > 1_000_000)
            return MarkResult.Reject(400, "value", "分值超出范围 / The value is out of range");
        value = (decimal)raw;
        var errors = MarkValidator.Validate(aspect, value);
        return errors.Count == 0 ? null : MarkResult.Reject(errors);
    }

    static MarkResult? Missing(params (string Field, object? Value)[] fields)
    {
        var missing = fields.Where(f => f.Value is null).ToList();
        if (missing.Count == 0) return null;
        return new MarkResult(null, false, 400, missing.ToDictionary(f => f.Field, f => new[] { "必填 / Required" }));
    }

}
