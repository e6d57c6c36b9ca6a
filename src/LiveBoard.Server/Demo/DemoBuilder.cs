using LiveBoard.Core.Competitions;
using LiveBoard.Server.Data;

namespace LiveBoard.Server.Demo;

// Writes the demo series layer by layer: the model has foreign keys but no navigation properties, so each
// layer is saved to learn the ids the next needs. DemoSeeder runs it inside one transaction.
sealed partial class DemoBuilder
{
    // Shanghai keeps China Standard Time all year, so schedules are planned at a fixed +08:00.
    static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    readonly LiveBoardDb db;
    readonly TimeProvider time;
    readonly Random random = new(2026);
    readonly ChineseNames names;
    readonly Dictionary<string, Organisation> organisations = [];
    // Organisation id → parent id, for Core's conflict-of-interest rule.
    Dictionary<int, int?> parents = [];

    public DemoBuilder(LiveBoardDb db, TimeProvider time)
    {
        this.db = db;
        this.time = time;
        names = new ChineseNames(random);
    }

    public async Task BuildAsync(CancellationToken ct)
    {
        // The series goes first: a second node seeding at the same moment fails here, on the unique slug.
        var series = DemoData.Series();
        db.Series.Add(series);
        await db.SaveChangesAsync(ct);

        await AddOrganisationsAsync(ct);
        var trades = DemoData.Trades;
        for (var i = 0; i < trades.Count; i++)
            await AddCompetitionAsync(series.Id, i, trades[i], ct);
    }

    async Task AddOrganisationsAsync(CancellationToken ct)
    {
        foreach (var (key, parentKey, kind, zh, en) in DemoData.Organisations)
        {
            var parent = parentKey is null ? null : organisations[parentKey];
            if (parent is { Id: 0 })
                await db.SaveChangesAsync(ct);
            var organisation = new Organisation { ParentId = parent?.Id, NameZh = zh, NameEn = en, Kind = kind };
            db.Organisations.Add(organisation);
            organisations[key] = organisation;
        }
        await db.SaveChangesAsync(ct);
        parents = organisations.Values.ToDictionary(o => o.Id, o => o.ParentId);
    }

    async Task AddCompetitionAsync(int seriesId, int index, Trade trade, CancellationToken ct)
    {
        var competition = new Competition
        {
            SeriesId = seriesId,
            Slug = trade.Slug,
            TradeZh = trade.Zh,
            TradeEn = trade.En,
            GradeZh = trade.GradeZh,
            GradeEn = trade.GradeEn,
            HostsZh = trade.HostsZh,
            HostsEn = trade.HostsEn,
            VenueZh = trade.VenueZh,
            VenueEn = trade.VenueEn,
            Rules = new CompetitionRules
            {
                PanelRule = trade.TrimmedMean ? PanelRule.TrimmedMean : PanelRule.WorldSkills,
                PanelSize = trade.TrimmedMean ? 5 : 3,
                TieBreakCriteria = [trade.Criteria[0].Code, trade.Criteria[1].Code],
            },
        };
        db.Competitions.Add(competition);
        await db.SaveChangesAsync(ct);

        var stages = StagesOf(competition.Id, trade);
        db.Stages.AddRange(stages);
        await db.SaveChangesAsync(ct);
        Module[][] modules = [.. stages.Select(stage => Schedule(stage, index, trade.Modules))];
        db.Modules.AddRange(modules.SelectMany(m => m));
        await db.SaveChangesAsync(ct);

        var schemes = await AddSchemesAsync(competition.Id, trade, stages, modules, ct);
        var entrants = await AddCompetitorsAsync(competition.Id, trade, stages[0], ct);
        var panel = await AddJudgesAsync(competition, trade, ct);
        await AddPreliminaryMarksAsync(competition, schemes[0], entrants, panel, ct);
        await AddSelectionEntriesAsync(competition, stages[0], schemes[0], entrants, panel, stages[1], ct);
    }

    static Stage[] StagesOf(int competitionId, Trade trade) =>
    [
        new() { CompetitionId = competitionId, Kind = StageKind.Preliminary, Order = 1, NameZh = "预赛", NameEn = "Preliminary",
                Advancement = AdvancementRule.TopPercent, AdvancementValue = 50 },
        new() { CompetitionId = competitionId, Kind = StageKind.Selection, Order = 2, NameZh = "选拔赛", NameEn = "Selection",
                Advancement = AdvancementRule.TopN, AdvancementValue = 8 },
        new() { CompetitionId = competitionId, Kind = StageKind.Final, Order = 3, NameZh = trade.FinalZh, NameEn = trade.FinalEn,
                Format = trade.ChallengeFinal ? StageFormat.Challenge : StageFormat.Ranked },
    ];
}
