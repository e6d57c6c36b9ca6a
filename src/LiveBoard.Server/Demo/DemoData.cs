using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;

namespace LiveBoard.Server.Demo;

// The demo series: the ten trades of the Shanghai workers' series (competition-series.md), written as
// compact tables. DemoBuilder turns them into entities; nothing here touches the database.
static partial class DemoData
{
    public const string SeriesSlug = "shanghai-workers-2026";

    public static Series Series() => new()
    {
        Slug = SeriesSlug,
        NameZh = "上海职工职业技能系列竞赛",
        NameEn = "Shanghai Workers' Vocational Skills Competition Series",
        SloganZh = "迎世赛、稳就业、促发展",
        SloganEn = "Welcome WorldSkills, stabilise employment, promote development",
    };

    // Every judgement aspect uses WorldSkills' generic 0–3 scale; index = score.
    public static readonly string[] Descriptors =
    [
        "0 低于行业标准 / below industry standard",
        "1 符合行业标准 / meets industry standard",
        "2 符合并在某些方面超过行业标准 / meets and exceeds industry standard in some respects",
        "3 优秀 / excellent",
    ];

    // Properties, not fields: the trades live in other partial files, whose static field order is undefined.
    public static IReadOnlyList<Trade> Trades =>
    [
        RobotOperation, CncMilling, NetworkSecurity, StructuredCabling, Welding,
        Tiling, AutomotiveRepair, HouseholdServices, ChineseCuisine, FloralArt,
    ];

    const string Level3Zh = "三级", Level3En = "Level 3";
    const string SpecialVocationalZh = "专项职业能力", SpecialVocationalEn = "Special vocational ability";
    const string SpecialZh = "专项能力", SpecialEn = "Special ability";

    // module: index into the trade's modules; from: the first stage (1 preliminary, 2 selection, 3 final)
    // whose scheme includes the aspect, so later stages are marked on more aspects.
    static AspectSpec J(int module, int from, string zh, string en, decimal max, string section) =>
        new(AspectType.Judgement, module, from, zh, en, max, section, []);

    static AspectSpec M(int module, int from, string zh, string en, decimal max, string section, ToleranceBand[]? bands = null) =>
        new(AspectType.Measurement, module, from, zh, en, max, section, bands ?? []);

    // Within ±full: the whole mark; within ±half: half of it; beyond: nothing.
    static ToleranceBand[] Within(decimal full, decimal half) => [new(full, 1m), new(half, 0.5m)];
}

sealed record Trade(
    string Slug, string Zh, string En, string GradeZh, string GradeEn,
    string HostsZh, string HostsEn, string VenueZh, string VenueEn,
    string Bib, int Competitors, double FemaleShare,
    // The first competitor organisations also supply the judges who have a conflict of interest.
    string[] CompetitorOrgs, string[] ExpertOrgs,
    ModuleSpec[] Modules, SectionSpec[] Sections, CriterionSpec[] Criteria)
{
    public bool TrimmedMean { get; init; }
    // A challenge final (擂台赛) marks each challenger against the holder instead of ranking everyone.
    public bool ChallengeFinal { get; init; }
    public string FinalZh { get; init; } = "决赛";
    public string FinalEn { get; init; } = "Final";
}

sealed record ModuleSpec(string Zh, string En);

sealed record SectionSpec(string Code, string Zh, string En, decimal Weight);

sealed record CriterionSpec(string Code, string Zh, string En, params AspectSpec[] Aspects);

sealed record AspectSpec(
    AspectType Type, int Module, int FromStage, string Zh, string En, decimal Max, string Section, ToleranceBand[] Bands);
