namespace LiveBoard.Server.Results;

public static partial class ResultsApi
{
    static partial class Log
    {
        [LoggerMessage(EventId = 6001, EventName = "CompetitorsAdvanced", Level = LogLevel.Information,
            Message = "Competition {CompetitionId}: {Count} competitors advanced from stage {StageId} to stage {NextStageId}, by {User}")]
        public static partial void Advanced(ILogger logger, int competitionId, int stageId, int nextStageId, int count, string user);

        [LoggerMessage(EventId = 6002, EventName = "OrganisationAwardsConfirmed", Level = LogLevel.Information,
            Message = "Competition {CompetitionId}: excellent organisation award confirmed for organisations [{OrganisationIds}], by {User}")]
        public static partial void AwardsConfirmed(ILogger logger, int competitionId, string organisationIds, string user);
    }
}
