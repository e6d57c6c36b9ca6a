using System.Text.Json;
using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Core.Results;
using LiveBoard.Server.Data;
using LiveBoard.Server.Results;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Live;

public sealed record MarkView(long Id, int CompetitionId, int AspectId, int CompetitorId, int JudgeId, decimal Value,
    DateTimeOffset RecordedAt, string RecordedBy, string? Device, long? SupersedesId, long? SupersededById, string? Reason)
{
    public static MarkView Of(Mark m, long? supersededBy = null) => new(m.Id, m.CompetitionId, m.AspectId, m.CompetitorId, m.JudgeId,
        m.Value, m.RecordedAt, m.RecordedBy, m.Device, m.SupersedesId, supersededBy, m.Reason);
}

/// That a judge entered a mark, without its value.
public sealed record MarkNotice(long Id, int AspectId, int CompetitorId, int JudgeId, DateTimeOffset RecordedAt, long? SupersedesId);
public sealed record CorrectionView(long MarkId, long SupersedesId, int StageId, int CompetitorId, string Bib, string NameZh, string NameEn,
    string AspectCode, decimal OldValue, decimal NewValue, string? Reason, DateTimeOffset At, bool AfterLock);
public sealed record StageSummary(int Id, StageKind Kind, string NameZh, string NameEn, IReadOnlyList<ModuleStatus> Modules);
public sealed record CompetitionSummary(int Id, string TradeZh, string TradeEn, bool Frozen, IReadOnlyList<StageSummary> Stages);
public sealed record FreezeState(bool Frozen, DateTimeOffset? Since);

/// Decides which events follow a change and appends them inside the change's transaction;
/// after the commit, Publish hands them to the dispatcher (the fast path). Every writer uses this.
public sealed class LiveChanges(LiveBoardDb db, EventLog log, LiveDispatcher dispatcher, StageSnapshots snapshots)
{
    /// The mark's own events; its stage's standings follow once per batch (MarkingService.SaveBatchAsync).
    public async Task MarkRecordedAsync(Mark mark, int stageId, CancellationToken ct)
    {
        await log.AppendAsync(Channels.Staff(mark.CompetitionId), "mark", mark.Id.ToString(), MarkView.Of(mark), ct);
        await log.AppendAsync(Channels.Judging(mark.CompetitionId), "mark", mark.Id.ToString(),
            new MarkNotice(mark.Id, mark.AspectId, mark.CompetitorId, mark.JudgeId, mark.RecordedAt, mark.SupersedesId), ct);
        if (mark.SupersedesId is { } oldId && await db.Marks.AsNoTracking().FirstOrDefaultAsync(m => m.Id == oldId, ct) is { } old)
        {
            await log.AppendAsync(Channels.Staff(mark.CompetitionId), "mark", old.Id.ToString(), MarkView.Of(old, mark.Id), ct);
            await CorrectionAsync(mark, old, stageId, ct);
        }
    }

    /// A correction is news: staff always see it; the public too once the module is locked (an official result changed).
    async Task CorrectionAsync(Mark mark, Mark old, int stageId, CancellationToken ct)
    {
        var info = await (from a in db.Aspects
                          join sc in db.SubCriteria on a.SubCriterionId equals sc.Id
                          join m in db.Modules on sc.ModuleId equals m.Id
                          join c in db.Competitors on mark.CompetitorId equals c.Id
                          where a.Id == mark.AspectId
                          select new { a.Code, m.Status, c.Bib, c.NameZh, c.NameEn }).AsNoTracking().FirstAsync(ct);
        var correction = new CorrectionView(mark.Id, old.Id, stageId, mark.CompetitorId, info.Bib, info.NameZh, info.NameEn, info.Code,
            old.Value, mark.Value, mark.Reason, mark.RecordedAt, info.Status == ModuleStatus.Locked);
        await log.AppendAsync(Channels.Staff(mark.CompetitionId), "correction", mark.Id.ToString(), correction, ct);
        // While frozen the public hears of it when the stage is revealed (RevealCorrectionsAsync), not before.
        if (correction.AfterLock && await PublicSeesLiveAsync(mark.CompetitionId, stageId, ct))
            await log.AppendAsync(Channels.Public(mark.CompetitionId), "correction", mark.Id.ToString(), correction, ct);
    }

    async Task<bool> PublicSeesLiveAsync(int competitionId, int stageId, CancellationToken ct)
    {
        var competition = await db.Competitions.AsNoTracking().FirstAsync(c => c.Id == competitionId, ct);
        var kind = await db.Stages.Where(s => s.Id == stageId).Select(s => s.Kind).FirstAsync(ct);
        return await FrozenBoard.PublicSeesLiveAsync(db, competition, kind, ct);
    }

    /// Corrections after lock that the freeze kept from the public channel, appended once their stage is public
    /// (harmless to repeat: a correction already there appends nothing).
    async Task RevealCorrectionsAsync(int competitionId, int stageId, CancellationToken ct)
    {
        var staff = await db.Events.AsNoTracking().Where(e => e.Channel == Channels.Staff(competitionId) && e.Type == "correction" && e.Data != null)
            .OrderBy(e => e.Seq).Select(e => new { e.ObjectId, e.Data }).ToListAsync(ct);
        foreach (var e in staff)
        {
            var correction = JsonSerializer.Deserialize<CorrectionView>(e.Data!, EventLog.Json)!;
            if (correction.AfterLock && correction.StageId == stageId)
                await log.AppendAsync(Channels.Public(competitionId), "correction", e.ObjectId, correction, ct);
        }
    }

    public async Task ModuleChangedAsync(int competitionId, Module module, CancellationToken ct)
    {
        await ModuleEventsAsync(competitionId, module, ct);
        await StageChangedAsync(competitionId, module.StageId, ct, statusChanged: true);
        await CompetitionChangedAsync(competitionId, ct);
    }

    async Task ModuleEventsAsync(int competitionId, Module module, CancellationToken ct)
    {
        foreach (var channel in new[] { Channels.Public(competitionId), Channels.Staff(competitionId), Channels.Judging(competitionId) })
            await log.AppendAsync(channel, "module", module.Id.ToString(), module, ct);
    }

    /// Standings of the stage on the staff channel always; on the public channel unless the board is frozen.
    /// `statusChanged`: a module changed status, which can make results official or take that back.
    public async Task StageChangedAsync(int competitionId, int stageId, CancellationToken ct, bool statusChanged = false)
    {
        if (await snapshots.LoadAsync(db, competitionId, stageId, ct) is not { } snapshot) return;
        var standings = StandingsCalculator.Compute(snapshot);
        await StandingsAsync(Channels.Staff(competitionId), standings, ct);
        var publicSees = await FrozenBoard.PublicSeesLiveAsync(db, snapshot.Competition, snapshot.Stage.Kind, ct);
        if (publicSees) await StandingsAsync(Channels.Public(competitionId), standings, ct);
        if (publicSees && statusChanged) await RevealCorrectionsAsync(competitionId, stageId, ct);
        if (snapshot.Stage.Kind != StageKind.Final) return;
        await AwardsAsync(snapshot, AwardsViews.Build(snapshot, standings, await AwardsViews.ConfirmedAsync(db, competitionId, ct)), publicSees, ct);
        // The series medal table counts official results only: a mark in a live final cannot move it, so it is rebuilt
        // (across every final of the series) only when statuses change or the final is locked (corrections after lock).
        if (statusChanged || snapshot.Modules.All(m => m.Status == ModuleStatus.Locked))
            await MedalsChangedAsync(snapshot.Competition.SeriesId, ct);
    }

    /// The rows that changed, then the stage's own part if it changed; rows of competitors no longer in the stage are deleted.
    async Task StandingsAsync(string channel, Standings standings, CancellationToken ct)
    {
        var (head, rows) = StandingsParts.Split(standings);
        var ids = new HashSet<string>();
        foreach (var row in rows)
        {
            var id = StandingsParts.RowId(standings.StageId, row.Row.CompetitorId);
            ids.Add(id);
            await log.AppendAsync(channel, "row", id, row, ct);
        }
        var prefix = StandingsParts.RowPrefix(standings.StageId);
        var gone = (await log.StateAsync(channel, ct)).Current.Keys
            .Where(k => k.Type == "row" && k.Id.StartsWith(prefix, StringComparison.Ordinal) && !ids.Contains(k.Id)).ToList();
        foreach (var (_, id) in gone) await log.AppendAsync(channel, "row", id, null, ct);
        await log.AppendAsync(channel, "stage", standings.StageId.ToString(), head, ct);
    }

    /// After the excellent-organisation award is confirmed.
    public async Task AwardsChangedAsync(int competitionId, CancellationToken ct)
    {
        var final = await db.Stages.AsNoTracking().FirstOrDefaultAsync(s => s.CompetitionId == competitionId && s.Kind == StageKind.Final, ct);
        if (final is not null) await StageChangedAsync(competitionId, final.Id, ct);
    }

    async Task AwardsAsync(StageSnapshot final, AwardsView awards, bool publicSees, CancellationToken ct)
    {
        var id = final.Competition.Id;
        await log.AppendAsync(Channels.Staff(id), "awards", id.ToString(), awards, ct);
        if (publicSees) await log.AppendAsync(Channels.Public(id), "awards", id.ToString(), awards, ct);
    }

    /// A ceremony step goes to every screen. The step that reveals the last row of a frozen final also makes its results
    /// public (Core's PublicVisibility), so the final's standings, awards and the series medal table follow in the same commit.
    public async Task CeremonyChangedAsync(int competitionId, int finalStageId, object state, CancellationToken ct)
    {
        await log.AppendAsync(Channels.Public(competitionId), "ceremony", competitionId.ToString(), state, ct);
        await log.AppendAsync(Channels.Staff(competitionId), "ceremony", competitionId.ToString(), state, ct);
        // The reveal rule reads the ceremony steps from the log, this one included (still inside the transaction).
        await db.SaveChangesAsync(ct);
        await StageChangedAsync(competitionId, finalStageId, ct, statusChanged: true);
    }

    public async Task CompetitionChangedAsync(int competitionId, CancellationToken ct)
    {
        var c = await db.Competitions.AsNoTracking().FirstAsync(x => x.Id == competitionId, ct);
        var stages = await db.Stages.AsNoTracking().Where(s => s.CompetitionId == competitionId).OrderBy(s => s.Order).ToListAsync(ct);
        var stageIds = stages.Select(s => s.Id).ToList();
        var modules = await db.Modules.AsNoTracking().Where(m => stageIds.Contains(m.StageId)).ToListAsync(ct);
        var summary = new CompetitionSummary(c.Id, c.TradeZh, c.TradeEn, c.FrozenAt is not null, [.. stages.Select(s => new StageSummary(
            s.Id, s.Kind, s.NameZh, s.NameEn, [.. modules.Where(m => m.StageId == s.Id).OrderBy(m => m.StartsAt).Select(m => m.Status)]))]);
        await log.AppendAsync(Channels.Series(c.SeriesId), "competition", c.Id.ToString(), summary, ct);
    }

    public async Task FreezeChangedAsync(Competition competition, CancellationToken ct)
    {
        var state = new FreezeState(competition.FrozenAt is not null, competition.FrozenAt);
        await log.AppendAsync(Channels.Public(competition.Id), "freeze", competition.Id.ToString(), state, ct);
        await log.AppendAsync(Channels.Staff(competition.Id), "freeze", competition.Id.ToString(), state, ct);
        // Unfreezing publishes the current standings; freezing leaves the public board as it was.
        await RefreshCompetitionAsync(competition.Id, ct);
    }

    async Task MedalsChangedAsync(int seriesId, CancellationToken ct)
    {
        // The series channel is public: every final counts as the public sees it (frozen ones as at their freeze).
        var table = await MedalTables.BuildAsync(db, seriesId, countAll: false, staffOf: new HashSet<int>(), ct);
        await log.AppendAsync(Channels.Series(seriesId), "medals", seriesId.ToString(), table, ct);
    }

    /// Saves the caller's changes and the events that describe them in one transaction, then publishes. A transaction
    /// the caller began (to check something under the same lock as the change) is joined and committed here.
    public async Task SaveAsync(Func<CancellationToken, Task> appendEvents, CancellationToken ct)
    {
        var callers = db.Database.CurrentTransaction;
        await using var own = callers is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await db.SaveChangesAsync(ct);
            await appendEvents(ct);
            await db.SaveChangesAsync(ct);
            await (own ?? callers!).CommitAsync(ct);
        }
        catch
        {
            Discard();
            throw;
        }
        Publish();
    }

    /// Appends the current state of everything a competition shows: used after set-up changes and at start,
    /// and harmless to repeat (unchanged objects append nothing).
    public async Task RefreshCompetitionAsync(int competitionId, CancellationToken ct)
    {
        var stages = await db.Stages.AsNoTracking().Where(s => s.CompetitionId == competitionId).Select(s => s.Id).ToListAsync(ct);
        var modules = await db.Modules.AsNoTracking().Where(m => stages.Contains(m.StageId)).ToListAsync(ct);
        foreach (var module in modules) await ModuleEventsAsync(competitionId, module, ct);
        foreach (var stageId in stages) await StageChangedAsync(competitionId, stageId, ct, statusChanged: true);
        await CompetitionChangedAsync(competitionId, ct);
    }

    /// After a set-up change (already saved): appends the competition's new state in a transaction of its own.
    /// Not atomic with the set-up change, but idempotent, and start-up repeats it, so a crash in between heals.
    public Task RefreshAsync(int competitionId, CancellationToken ct) => SaveAsync(c => RefreshCompetitionAsync(competitionId, c), ct);

    /// Call after the transaction commits: viewers must never see an event the database does not hold.
    public IReadOnlyList<LogEvent> Publish()
    {
        var events = log.TakeAppended();
        dispatcher.Enqueue(events);
        return events;
    }

    /// After a rollback: forget the events of the failed transaction.
    public void Discard() => log.TakeAppended(committed: false);
}
