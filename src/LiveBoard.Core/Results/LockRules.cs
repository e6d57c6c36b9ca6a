using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;

namespace LiveBoard.Core.Results;

public enum LockBlockerKind { Pending, RescoreRequired, MeasurementDisagreement, UnresolvedTieForGold }

/// What must be true before a result can be signed: a module locks only when every cell is complete, and a final
/// becomes official only without a tie for gold the rules cannot break.
public static class LockRules
{
    /// Why one cell (aspect × competitor) keeps its module from locking, or null when the cell is complete.
    public static LockBlockerKind? CellBlocker(AspectType type, AspectOutcome outcome) => outcome.Kind switch
    {
        AspectOutcomeKind.Pending => LockBlockerKind.Pending,
        AspectOutcomeKind.RescoreRequired => type == AspectType.Measurement ? LockBlockerKind.MeasurementDisagreement : LockBlockerKind.RescoreRequired,
        _ => null,
    };

    /// Locking a module makes its stage official when every other module of the stage is already locked.
    public static bool LockMakesOfficial(IEnumerable<(int ModuleId, ModuleStatus Status)> stageModules, int lockingModuleId) =>
        stageModules.Where(m => m.ModuleId != lockingModuleId).All(m => m.Status == ModuleStatus.Locked);

    /// The competitors sharing gold beyond `goldCount`: tie-breaks already applied, so the rules cannot separate them
    /// (AwardRules' `unresolved-tie-for-gold`). They are the gold medallists on the last gold rank; none when the golds fit.
    public static IReadOnlyList<int> UnresolvedGoldTie(IEnumerable<(int CompetitorId, int Rank, Medal Medal)> rows, int goldCount)
    {
        var golds = rows.Where(r => r.Medal == Medal.Gold).ToList();
        if (golds.Count <= goldCount) return [];
        var last = golds.Max(r => r.Rank);
        return [.. golds.Where(r => r.Rank == last).Select(r => r.CompetitorId)];
    }
}
