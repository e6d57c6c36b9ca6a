using LiveBoard.Core.Competitions;

namespace LiveBoard.Core.Marking;

/// A standards section (WorldSkills Occupational Standards); weights of a competition add up to 100.
public class StandardsSection
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public required string Code { get; set; }
    public required string TitleZh { get; set; }
    public required string TitleEn { get; set; }
    public decimal Weight { get; set; }
}

/// Criterion (A, B, …) of a stage's marking scheme.
public class Criterion
{
    public int Id { get; set; }
    public int StageId { get; set; }
    public required string Code { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
}

/// Sub-criterion (A1, …), tagged with the module in which it is marked.
public class SubCriterion
{
    public int Id { get; set; }
    public int CriterionId { get; set; }
    public int ModuleId { get; set; }
    public required string Code { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
}

public class Aspect
{
    public int Id { get; set; }
    public int SubCriterionId { get; set; }
    public required string Code { get; set; }
    public required string DescriptionZh { get; set; }
    public required string DescriptionEn { get; set; }
    public AspectType Type { get; set; }
    public decimal MaxMark { get; set; }
    public string? StandardsSectionCode { get; set; }
    /// Judgement only: what a 0, 1, 2 and 3 mean (index = score).
    public List<string> Descriptors { get; set; } = [];
    /// Measurement only: tolerance bands; empty means full or zero.
    public List<ToleranceBand> Bands { get; set; } = [];
}

/// A measured deviation within ±Within earns Fraction of the maximum mark.
public record ToleranceBand(decimal Within, decimal Fraction);
