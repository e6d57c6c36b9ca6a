namespace LiveBoard.Server.Setup;

public static partial class PeopleApi
{
    static partial class Log
    {
        [LoggerMessage(EventId = 5201, EventName = "CompetitorsImported", Level = LogLevel.Information,
            Message = "Competition {CompetitionId}: competitors imported from {Format} ({EncodingOrSheet}): {Created} created, {Updated} updated, {Unchanged} unchanged, {Entered} entered, by {User}")]
        public static partial void CompetitorsImported(ILogger logger, int competitionId, string format, string encodingOrSheet,
            int created, int updated, int unchanged, int entered, string user);

        [LoggerMessage(EventId = 5202, EventName = "CompetitorImportRefused", Level = LogLevel.Information,
            Message = "Competition {CompetitionId}: competitor import refused with {Problems} problem(s) ({Fields}), nothing saved, by {User}")]
        public static partial void ImportRefused(ILogger logger, int competitionId, int problems, string fields, string user);
    }
}
