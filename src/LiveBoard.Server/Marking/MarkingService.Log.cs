using LiveBoard.Core.Marking;
using LiveBoard.Server.Telemetry;
using System.ComponentModel.DataAnnotations;

namespace LiveBoard.Server.Marking;

public sealed class MarkingOptions
{
    /// A mark whose save (transaction, events, commit) takes longer than this is logged as a slow write.
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00", ErrorMessage = "Marking:SlowWrite must be between 1 ms and 10 minutes")]
    public TimeSpan SlowWrite { get; set; } = TimeSpan.FromMilliseconds(250);

    /// The most submissions and corrections MarkWriter commits in one transaction.
    [Range(1, 10_000, ErrorMessage = "Marking:MaxBatch must be between 1 and 10000")]
    public int MaxBatch { get; set; } = 64;
}

// Marks are logged by id and cell, never by value: the audit trail (marks.csv) has the values, and a log shipped
// elsewhere should not reveal a judge's mark before the panel is complete. Idempotency keys stay out too.
public partial class MarkingService
{
    static partial class Log
    {
        // metrics is optional only until MarkingService passes its LiveMetrics here (then it should become required).
        public static void Submitted(ILogger logger, MarkResult result, int competitionId, int? aspectId, int? competitorId, int? judgeId, string by,
            LiveMetrics metrics)
        {
            Count(metrics, result, LiveMetrics.Submission);
            if (result.Mark is { } mark)
            {
                if (result.Replayed) Replayed(logger, mark.Id, competitionId, by);
                else Accepted(logger, mark.Id, competitionId, mark.AspectId, mark.CompetitorId, mark.JudgeId, by);
            }
            else
            {
                var (field, reason) = FirstError(result);
                Refused(logger, competitionId, aspectId, competitorId, judgeId, by, result.Status, field, reason);
            }
        }

        public static void Corrected(ILogger logger, MarkResult result, int competitionId, long markId, string by, LiveMetrics metrics)
        {
            Count(metrics, result, LiveMetrics.Correction);
            if (result.Mark is { } mark)
            {
                if (result.Replayed) Replayed(logger, mark.Id, competitionId, by);
                else Correction(logger, mark.Id, markId, competitionId, mark.AspectId, mark.CompetitorId, mark.JudgeId, by, mark.Reason ?? "");
            }
            else
            {
                var (field, reason) = FirstError(result);
                CorrectionRefused(logger, markId, competitionId, by, result.Status, field, reason);
            }
        }

        public static void IfSlow(ILogger logger, Mark mark, TimeSpan took, TimeSpan threshold)
        {
            if (took > threshold) SlowWrite(logger, mark.Id, mark.CompetitionId, (long)took.TotalMilliseconds, (long)threshold.TotalMilliseconds);
        }

        /// A replay answers with the mark accepted earlier, which was counted then.
        static void Count(LiveMetrics metrics, MarkResult result, string kind)
        {
            if (metrics is null || result.Replayed) return;
            if (result.Accepted) metrics.MarkAccepted(kind);
            else metrics.MarkRejected(kind, result.Status);
        }

        static (string Field, string Reason) FirstError(MarkResult result) =>
            result.Errors.Select(e => (e.Key, string.Join(" ", e.Value))).FirstOrDefault(("", ""));

        [LoggerMessage(EventId = 2001, EventName = "MarkAccepted", Level = LogLevel.Information,
            Message = "Mark {MarkId} accepted: competition {CompetitionId}, aspect {AspectId}, competitor {CompetitorId}, judge {JudgeId}, by {User}")]
        static partial void Accepted(ILogger logger, long markId, int competitionId, int aspectId, int competitorId, int judgeId, string user);

        [LoggerMessage(EventId = 2002, EventName = "MarkRefused", Level = LogLevel.Information,
            Message = "Mark refused: competition {CompetitionId}, aspect {AspectId}, competitor {CompetitorId}, judge {JudgeId}, by {User}: {Status} on {Field}: {Reason}")]
        static partial void Refused(ILogger logger, int competitionId, int? aspectId, int? competitorId, int? judgeId, string user, int status, string field, string reason);

        [LoggerMessage(EventId = 2003, EventName = "MarkCorrected", Level = LogLevel.Information,
            Message = "Mark {MarkId} corrects mark {SupersededId}: competition {CompetitionId}, aspect {AspectId}, competitor {CompetitorId}, judge {JudgeId}, by {User}, because {CorrectionReason}")]
        static partial void Correction(ILogger logger, long markId, long supersededId, int competitionId, int aspectId, int competitorId, int judgeId, string user, string correctionReason);

        [LoggerMessage(EventId = 2004, EventName = "CorrectionRefused", Level = LogLevel.Information,
            Message = "Correction of mark {MarkId} refused: competition {CompetitionId}, by {User}: {Status} on {Field}: {Reason}")]
        static partial void CorrectionRefused(ILogger logger, long markId, int competitionId, string user, int status, string field, string reason);

        [LoggerMessage(EventId = 2005, EventName = "MarkReplayed", Level = LogLevel.Debug,
            Message = "Mark {MarkId} returned again for a repeated idempotency key: competition {CompetitionId}, by {User}")]
        static partial void Replayed(ILogger logger, long markId, int competitionId, string user);

        [LoggerMessage(EventId = 2006, EventName = "MarkRaceLost", Level = LogLevel.Information,
            Message = "Another write reached the cell first: competition {CompetitionId}, aspect {AspectId}, competitor {CompetitorId}, judge {JudgeId}, by {User}")]
        public static partial void RaceLost(ILogger logger, int competitionId, int aspectId, int competitorId, int judgeId, string user);

        [LoggerMessage(EventId = 2007, EventName = "SlowMarkWrite", Level = LogLevel.Warning,
            Message = "Saving mark {MarkId} of competition {CompetitionId} took {ElapsedMs} ms (Marking:SlowWrite is {ThresholdMs} ms)")]
        static partial void SlowWrite(ILogger logger, long markId, int competitionId, long elapsedMs, long thresholdMs);
    }
}
