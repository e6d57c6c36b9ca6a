using LiveBoard.Core.Competitions;

namespace LiveBoard.Server.Marking;

public partial class ModuleControl
{
    static partial class Log
    {
        /// Locking and unlocking are the events a chief expert is asked about afterwards; each has its own id.
        public static void StatusChanged(ILogger logger, int competitionId, string module, ModuleStatus from, ModuleStatus to, string user, string? reason)
        {
            if (to == ModuleStatus.Locked) Locked(logger, competitionId, module, from, user);
            else if (from == ModuleStatus.Locked) Unlocked(logger, competitionId, module, to, user, reason ?? "");
            else Changed(logger, competitionId, module, from, to, user);
        }

        [LoggerMessage(EventId = 2101, EventName = "ModuleStatusChanged", Level = LogLevel.Information,
            Message = "Module {Module} of competition {CompetitionId}: {From} → {To}, by {User}")]
        static partial void Changed(ILogger logger, int competitionId, string module, ModuleStatus from, ModuleStatus to, string user);

        [LoggerMessage(EventId = 2102, EventName = "ModuleLocked", Level = LogLevel.Information,
            Message = "Module {Module} of competition {CompetitionId} locked (was {From}), by {User}")]
        static partial void Locked(ILogger logger, int competitionId, string module, ModuleStatus from, string user);

        [LoggerMessage(EventId = 2103, EventName = "ModuleUnlocked", Level = LogLevel.Warning,
            Message = "Module {Module} of competition {CompetitionId} unlocked to {To}, by {User}, because {Reason}")]
        static partial void Unlocked(ILogger logger, int competitionId, string module, ModuleStatus to, string user, string reason);

        [LoggerMessage(EventId = 2104, EventName = "ProtestLodged", Level = LogLevel.Information,
            Message = "Protest for competitor {CompetitorId} in stage {StageId} of competition {CompetitionId}, by {User}: {Reason}")]
        public static partial void ProtestLodged(ILogger logger, int competitionId, int stageId, int competitorId, string user, string reason);

        [LoggerMessage(EventId = 2105, EventName = "ProtestResolved", Level = LogLevel.Information,
            Message = "Protest for competitor {CompetitorId} in stage {StageId} of competition {CompetitionId} resolved, by {User}: {Reason}")]
        public static partial void ProtestResolved(ILogger logger, int competitionId, int stageId, int competitorId, string user, string reason);

        [LoggerMessage(EventId = 2108, EventName = "ModuleLockRefused", Level = LogLevel.Information,
            Message = "Lock of module {Module} of competition {CompetitionId} refused: {Blockers} blocker(s), by {User}")]
        public static partial void LockRefused(ILogger logger, int competitionId, string module, int blockers, string user);

        [LoggerMessage(EventId = 2109, EventName = "ModuleLockOverridden", Level = LogLevel.Warning,
            Message = "Module {Module} of competition {CompetitionId} locked over {Blockers} blocker(s), by {User}, because {Reason}")]
        public static partial void LockOverridden(ILogger logger, int competitionId, string module, int blockers, string user, string reason);

        [LoggerMessage(EventId = 2106, EventName = "BoardFrozen", Level = LogLevel.Information,
            Message = "Public board of competition {CompetitionId} ({Slug}) frozen, by {User}")]
        public static partial void Frozen(ILogger logger, int competitionId, string slug, string user);

        [LoggerMessage(EventId = 2107, EventName = "BoardUnfrozen", Level = LogLevel.Information,
            Message = "Public board of competition {CompetitionId} ({Slug}) unfrozen, by {User}")]
        public static partial void Unfrozen(ILogger logger, int competitionId, string slug, string user);
    }
}
