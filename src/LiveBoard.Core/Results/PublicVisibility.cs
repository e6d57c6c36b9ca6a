using LiveBoard.Core.Competitions;

namespace LiveBoard.Core.Results;

/// How far one step of an award ceremony got: rows revealed out of the final's rows.
public readonly record struct CeremonyProgress(int Revealed, int Rows)
{
    public bool RevealedEveryRow => Revealed >= Rows;
}

/// What the public may see. Staff always see everything; these rules only narrow the public channel.
public static class PublicVisibility
{
    /// After a freeze the public keeps a stage as it stood at the freeze (ICPC); unfreezing shows everything at once.
    /// The award ceremony is the other way out, for the final only: once a ceremony step since the freeze has shown every
    /// row (the resolver's end), the final's live results (standings, awards, medals) are public, and stay so even if the
    /// presenter steps back. Part-way through, only the rows on the ceremony step itself are public. Other stages wait
    /// for the unfreeze: the ceremony does not reveal them.
    public static bool ShowsLiveResults(DateTimeOffset? frozenAt, StageKind stage, IEnumerable<CeremonyProgress> ceremonySinceFreeze) =>
        frozenAt is null || (stage == StageKind.Final && ceremonySinceFreeze.Any(c => c.RevealedEveryRow));

    /// Individual judges' marks reach the public only when the competition allows it before lock, or once locked.
    public static bool ShowsMarks(bool publicMarksBeforeLock, bool moduleLocked) => publicMarksBeforeLock || moduleLocked;
}
