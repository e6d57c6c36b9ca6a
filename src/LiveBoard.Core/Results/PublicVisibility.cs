namespace LiveBoard.Core.Results;

/// What the public may see. Staff always see everything; these rules only narrow the public channel.
public static class PublicVisibility
{
    /// After a freeze the public keeps the board as it stood at the freeze; later results show once unfrozen (ICPC).
    public static bool ShowsLiveStandings(DateTimeOffset? frozenAt) => frozenAt is null;

    /// Individual judges' marks reach the public only when the competition allows it before lock, or once locked.
    public static bool ShowsMarks(bool publicMarksBeforeLock, bool moduleLocked) => publicMarksBeforeLock || moduleLocked;
}
