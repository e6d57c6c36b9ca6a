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

/// The live form of a stage's standings: one `stage` event for what belongs to the whole stage and one `row` event per
/// competitor, so a mark sends the rows it changed (a few hundred bytes), not the whole stage.
public sealed record StageHead(
    int CompetitionId, int StageId, int? ModuleId, StageKind StageKind, StageFormat Format,
    decimal MaximumTotal, IReadOnlyList<string> TieBreakCriteria,
    AdvancementRule Advancement, decimal AdvancementValue, int? AdvancementLineAfterRank,
    IReadOnlyList<string> Warnings, ChallengeOutcome? Challenge, int RowCount);

/// One competitor's row of a stage, with its place in the ranked order.
public sealed record StageRow(int StageId, int Position, StandingsRow Row);

public static class StandingsParts
{
    public static string RowId(int stageId, int competitorId) => $"{stageId}-{competitorId}";
    public static string RowPrefix(int stageId) => $"{stageId}-";

    public static (StageHead Head, IReadOnlyList<StageRow> Rows) Split(Standings s) => (
        new StageHead(s.CompetitionId, s.StageId, s.ModuleId, s.StageKind, s.Format, s.MaximumTotal, s.TieBreakCriteria,
            s.Advancement, s.AdvancementValue, s.AdvancementLineAfterRank, s.Warnings, s.Challenge, s.Rows.Count),
        [.. s.Rows.Select((r, i) => new StageRow(s.StageId, i, r))]);

    public static Standings Join(StageHead h, IEnumerable<StageRow> rows) => new(
        h.CompetitionId, h.StageId, h.ModuleId, h.StageKind, h.Format, h.MaximumTotal, h.TieBreakCriteria,
        h.Advancement, h.AdvancementValue, h.AdvancementLineAfterRank, [.. rows.OrderBy(r => r.Position).Select(r => r.Row)], h.Warnings, h.Challenge);
}
