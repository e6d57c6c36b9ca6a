namespace LiveBoard.Server.Demo;

sealed partial class MarkSimulator
{
    static partial class Log
    {
        [LoggerMessage(EventId = 7101, EventName = "SimulatorStarted", Level = LogLevel.Information, Message = "Mark simulator started: one mark per live module every {Interval}")]
        public static partial void Started(ILogger logger, TimeSpan interval);

        [LoggerMessage(EventId = 7102, EventName = "SimulatedMarkRejected", Level = LogLevel.Warning, Message = "Simulated mark for competition {CompetitionId}, module {ModuleCode} was rejected with status {Status}")]
        public static partial void Rejected(ILogger logger, int competitionId, string moduleCode, int status);

        [LoggerMessage(EventId = 7103, EventName = "SimulatorRoundFailed", Level = LogLevel.Error, Message = "Mark simulator round failed; trying again next round")]
        public static partial void RoundFailed(ILogger logger, Exception exception);
    }
}
