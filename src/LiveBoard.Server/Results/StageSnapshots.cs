using System.Collections.Concurrent;
using LiveBoard.Core.Marking;
using LiveBoard.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Results;

/// Each stage's set-up (competition and rules, modules, scheme, entries, competitors, organisations, panel) kept in memory
/// between marks, so a mark costs two queries here (the set-up version and the stage's current marks) instead of
/// eleven. The set-up version changes in the same transaction as any set-up change (LiveBoardDb), on any node.
public sealed class StageSnapshots
{
    readonly ConcurrentDictionary<int, (string Version, StageSnapshot Setup)> stages = new();

    public async Task<StageSnapshot?> LoadAsync(LiveBoardDb db, int competitionId, int stageId, CancellationToken ct)
    {
        var version = await db.SetupVersionAsync(ct);
        if (stages.TryGetValue(stageId, out var cached) && cached.Version == version && cached.Setup.Competition.Id == competitionId)
            return cached.Setup with { CurrentMarks = await StageSnapshot.CurrentMarksAsync(db, competitionId, cached.Setup.Scheme, ct) };
        // Read after the version: a set-up change committed in between leaves this entry older than its data, which
        // only costs a reload next time.
        var loaded = await StageSnapshot.LoadAsync(db, competitionId, stageId, ct);
        if (loaded is null) stages.TryRemove(stageId, out _);
        else stages[stageId] = (version, loaded);
        return loaded;
    }
}
