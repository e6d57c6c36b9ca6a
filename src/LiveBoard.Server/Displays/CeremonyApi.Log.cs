namespace LiveBoard.Server.Displays;

public static partial class CeremonyApi
{
    static partial class Log
    {
        [LoggerMessage(EventId = 4101, EventName = "CeremonyStep", Level = LogLevel.Information,
            Message = "Ceremony of competition {CompetitionId}: {Action} → step {Step} of {Steps} ({Kind}), by {User}")]
        public static partial void Step(ILogger logger, int competitionId, string action, int step, int steps, LiveBoard.Core.Results.CeremonyStepKind kind, string user);
    }
}
