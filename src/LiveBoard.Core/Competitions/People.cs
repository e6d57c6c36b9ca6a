namespace LiveBoard.Core.Competitions;

public class Competitor
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public required string Bib { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public int OrganisationId { get; set; }
    public string? MentorZh { get; set; }
    public string? MentorEn { get; set; }
    /// Competitors outside the medal rules (e.g. demonstration entries) are ranked but never take a medal place.
    public bool MedalEligible { get; set; } = true;
}

/// A stage entry: which competitors take part in a stage, and their result status flags.
public class StageEntry
{
    public int Id { get; set; }
    public int StageId { get; set; }
    public int CompetitorId { get; set; }
    /// Order of appearance; in a challenge stage the first entry is the holder.
    public int Order { get; set; }
    public bool Protested { get; set; }
    public string? ProtestReason { get; set; }
}

public class Judge
{
    public int Id { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public int? OrganisationId { get; set; }
}

/// A judge's assignment to a competition, optionally narrowed to one module.
public class JudgeAssignment
{
    public int Id { get; set; }
    public int JudgeId { get; set; }
    public int CompetitionId { get; set; }
    public int? ModuleId { get; set; }
    public bool ChiefExpert { get; set; }
}
