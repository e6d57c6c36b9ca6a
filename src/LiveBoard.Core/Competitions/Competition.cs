namespace LiveBoard.Core.Competitions;

public class Competition
{
    public int Id { get; set; }
    public int SeriesId { get; set; }
    public required string Slug { get; set; }
    public required string TradeZh { get; set; }
    public required string TradeEn { get; set; }
    public CompetitionLevel Level { get; set; } = CompetitionLevel.City;
    /// The vocational grade it certifies, e.g. "三级 / Level 3" or "专项职业能力 / Special vocational ability".
    public string? GradeZh { get; set; }
    public string? GradeEn { get; set; }
    /// Host organisations as shown to the public (may be several).
    public string? HostsZh { get; set; }
    public string? HostsEn { get; set; }
    public string? VenueZh { get; set; }
    public string? VenueEn { get; set; }
    public CompetitionRules Rules { get; set; } = new();
    /// Set while the public board is frozen: the public keeps seeing the standings as they stood at this moment.
    public DateTimeOffset? FrozenAt { get; set; }
}

/// Per-competition rules; every value the public material leaves open is configurable here.
public class CompetitionRules
{
    public PanelRule PanelRule { get; set; } = PanelRule.WorldSkills;
    /// Judges on a judgement panel (WorldSkills: 3).
    public int PanelSize { get; set; } = 3;
    /// Largest allowed difference between two scores of a panel before a re-score is required.
    public decimal MaxPanelSpread { get; set; } = 1m;
    public int GoldCount { get; set; } = 1;
    public int SilverCount { get; set; } = 2;
    public int BronzeCount { get; set; } = 3;
    /// Criterion codes used in order to break ties on total (higher score wins), published with standings.
    public List<string> TieBreakCriteria { get; set; } = [];
    public bool ScalingEnabled { get; set; }
    public decimal ScaleCentre { get; set; } = 700m;
    /// Scaled points for one standard deviation of raw marks.
    public decimal ScaleSpread { get; set; } = 100m;
    /// Whether the public sees individual judges' marks before a module is locked.
    public bool PublicMarksBeforeLock { get; set; }
}
