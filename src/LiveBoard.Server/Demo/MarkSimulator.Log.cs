namespace LiveBoard.Server.Demo;

sealed partial class MarkSimulator
{
    static partial class Log
    {
        [LoggerMessage(7101, LogLevel.Information, "Mark simulator started: one mark per live module every {Interval}")]
        public static partial void Started(ILogger logger, TimeSpan interval);

        [LoggerMessage(7102, LogLevel.Warning, "Simulated mark for competition {CompetitionId}, module {ModuleCode} was rejected with status {Status}")]
        public static partial void Rejected(ILogger logger, int competitionId, string moduleCode, int status);

        [LoggerMessage(7103, LogLevel.Error, "Mark simulator round failed; trying again next round")]
        public static partial void RoundFailed(ILogger logger, Exception exception);
    }
}
