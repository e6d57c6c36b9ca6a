using LiveBoard.Core.Competitions;
using LiveBoard.Core.Results;

namespace LiveBoard.Server.Results;

public sealed record StandingsRow(
    int CompetitorId, string Bib, string NameZh, string NameEn,
    int OrganisationId, string OrganisationZh, string OrganisationEn,
    int Rank, decimal Total, decimal? Scaled, bool Medallion,
    IReadOnlyDictionary<string, decimal> ByCriterion,
    int AspectsScored, int AspectsTotal, int RescoreRequired,
    ResultStatus Status, Medal Medal, bool Advances, bool MedalEligible, string? TieBreakNote);

public sealed record Standings(
    int CompetitionId, int StageId, int? ModuleId, StageKind StageKind, StageFormat Format,
    decimal MaximumTotal, IReadOnlyList<string> TieBreakCriteria,
    AdvancementRule Advancement, decimal AdvancementValue, int? AdvancementLineAfterRank,
    IReadOnlyList<StandingsRow> Rows, IReadOnlyList<string> Warnings, ChallengeOutcome? Challenge);

public sealed record AspectBreakdown(int AspectId, string Code, string DescriptionZh, string DescriptionEn, AspectType Type,
    decimal MaxMark, string Outcome, decimal Mark, IReadOnlyList<JudgeScore> Scores, decimal Spread);

public sealed record JudgeScore(long MarkId, int JudgeId, decimal Value, DateTimeOffset RecordedAt);

public sealed record CriterionBreakdown(string Code, string NameZh, string NameEn, decimal Mark, decimal Maximum, IReadOnlyList<AspectBreakdown> Aspects);

public sealed record CompetitorBreakdown(int CompetitorId, int StageId, decimal Total, decimal MaximumTotal, ResultStatus Status,
    IReadOnlyList<CriterionBreakdown> Criteria)
{
    /// The same breakdown with every aspect's mark but no judge's individual score.
    public CompetitorBreakdown WithoutScores() => this with
    {
        Criteria = [.. Criteria.Select(c => c with { Aspects = [.. c.Aspects.Select(a => a with { Scores = [] })] })],
    };
}
