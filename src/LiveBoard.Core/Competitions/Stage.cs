namespace LiveBoard.Core.Competitions;

public class Stage
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public StageKind Kind { get; set; }
    public StageFormat Format { get; set; } = StageFormat.Ranked;
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public int Order { get; set; }
    public AdvancementRule Advancement { get; set; } = AdvancementRule.None;
    /// N for TopN, x for TopPercent, the mark for AboveMark.
    public decimal AdvancementValue { get; set; }
}

/// A scheduled window of competition work (a day or a test project module).
public class Module
{
    public int Id { get; set; }
    public int StageId { get; set; }
    public required string Code { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public ModuleStatus Status { get; set; } = ModuleStatus.Scheduled;
    /// Set only while the module is locked by an admin's override of what blocked the lock (cells not complete, a tie
    /// for gold): the written reason, shown wherever the module is.
    public string? LockOverrideReason { get; set; }
}
