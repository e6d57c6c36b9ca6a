namespace LiveBoard.Core.Competitions;

/// The tiers of the series' "tiered system of competitions" (市级赛 … 班组赛).
public enum CompetitionLevel { City, District, Group, Street, Company, Enterprise, Team }

public enum OrganisationKind { Federation, DistrictUnion, IndustryUnion, Group, Enterprise, Team, Association, Institute }

public enum StageKind { Preliminary, Selection, Final }

/// Ranked: every competitor is ranked on total. Challenge: 擂台赛, each challenger is marked against the holder.
public enum StageFormat { Ranked, Challenge }

public enum ModuleStatus { Scheduled, Live, Closed, Locked }

public enum AspectType { Measurement, Judgement }

/// How a judgement panel's 0–3 scores become an aspect mark.
public enum PanelRule
{
    /// Three experts; any two more than 1 apart means re-score; mark = max × mean / 3.
    WorldSkills,
    /// Mean of the scores present (abstentions do not count against the entry).
    Mean,
    /// Drop one highest and one lowest, mean of the rest; needs 4+ scores, else plain mean.
    TrimmedMean,
}

public enum AdvancementRule { None, TopN, TopPercent, AboveMark }

/// ODF-style status that travels with every result.
public enum ResultStatus { StartList, Live, Unofficial, Official, Protested }

public enum Medal { None, Gold, Silver, Bronze }
