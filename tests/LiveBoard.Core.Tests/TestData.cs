using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;

namespace LiveBoard.Core.Tests;

// Small builders so each test shows only the numbers it is about.
internal static class TestData
{
    private static readonly DateTimeOffset Start = new(2025, 6, 12, 9, 0, 0, TimeSpan.FromHours(8));

    public static Aspect Judgement(decimal maxMark, int id = 1, int subCriterionId = 1, string? code = null) => new()
    {
        Id = id,
        SubCriterionId = subCriterionId,
        Code = code ?? $"J{id}",
        DescriptionZh = "评价",
        DescriptionEn = "Judgement",
        Type = AspectType.Judgement,
        MaxMark = maxMark,
    };

    public static Aspect Measurement(decimal maxMark, params ToleranceBand[] bands) => new()
    {
        Id = 1,
        SubCriterionId = 1,
        Code = "M1",
        DescriptionZh = "测量",
        DescriptionEn = "Measurement",
        Type = AspectType.Measurement,
        MaxMark = maxMark,
        Bands = [.. bands],
    };

    // minutesAfterStart orders marks in time independently of their ids.
    public static Mark Mark(long id, int judgeId, decimal value, int competitorId = 7, int aspectId = 1, int minutesAfterStart = 0, long? supersedes = null) => new()
    {
        Id = id,
        CompetitionId = 1,
        AspectId = aspectId,
        CompetitorId = competitorId,
        JudgeId = judgeId,
        Value = value,
        RecordedAt = Start.AddMinutes(minutesAfterStart),
        RecordedBy = $"judge-{judgeId}",
        SupersedesId = supersedes,
    };

    // One judge each, in judge order 1, 2, 3, …
    public static List<Mark> Panel(params decimal[] scores) =>
        scores.Select((score, i) => Mark(id: i + 1, judgeId: i + 1, value: score)).ToList();

    public static CompetitionRules Rules(PanelRule rule = PanelRule.WorldSkills, int panelSize = 3) =>
        new() { PanelRule = rule, PanelSize = panelSize };
}
