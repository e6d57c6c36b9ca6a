using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Core.Results;
using LiveBoard.Server.Data;
using LiveBoard.Server.Demo;
using LiveBoard.Server.Marking;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using LiveBoard.Server.Tests.Infrastructure;

namespace LiveBoard.Server.Tests.Demo;

// Seeding takes a moment, so the read-only checks share one seeded database; tests that write get their own.
public sealed class SeededDemo : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 6, 20, 10, 0, 0, TimeSpan.FromHours(8));

    readonly SqliteConnection connection = new("DataSource=:memory:");
    public FakeTimeProvider Time { get; } = new(Now);
    public LiveBoardDb Db { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await connection.OpenAsync();
        Db = new LiveBoardDb(new DbContextOptionsBuilder<LiveBoardDb>().UseSqlite(connection).Options);
        await Db.Database.EnsureCreatedAsync();
        await DemoSeeder.SeedAsync(Db, Time);
    }

    public async Task DisposeAsync()
    {
        await Db.DisposeAsync();
        await connection.DisposeAsync();
    }
}

public class DemoSeederTests(SeededDemo demo) : IClassFixture<SeededDemo>
{
    readonly LiveBoardDb db = demo.Db;

    [Fact]
    public async Task SeedsTenTradesWithBilingualNames()
    {
        var series = await db.Series.SingleAsync();
        Assert.Equal("shanghai-workers-2026", series.Slug);
        Assert.Equal("迎世赛、稳就业、促发展", series.SloganZh);

        var competitions = await db.Competitions.ToListAsync();
        Assert.Equal(10, competitions.Count);
        Assert.Equal(10, competitions.Select(c => c.TradeZh).Distinct().Count());
        Assert.Equal(10, competitions.Select(c => c.TradeEn).Distinct().Count());
        string[] trades = ["工业机器人操作与示教", "铣工(数控铣工)", "网络安全防护", "综合布线", "焊工", "镶贴工", "汽车维修工", "家政服务", "中式烹调师", "艺术插花"];
        Assert.Equal(trades.Order(), competitions.Select(c => c.TradeZh).Order());
        Assert.All(competitions, c => Assert.False(string.IsNullOrWhiteSpace(c.GradeEn + c.HostsEn + c.VenueEn)));
    }

    [Fact]
    public async Task EveryCompetitionRunsPreliminarySelectionAndFinal()
    {
        var stages = await db.Stages.ToListAsync();
        foreach (var group in stages.GroupBy(s => s.CompetitionId))
        {
            var ordered = group.OrderBy(s => s.Order).ToList();
            Assert.Equal([StageKind.Preliminary, StageKind.Selection, StageKind.Final], ordered.Select(s => s.Kind));
            Assert.Equal([1, 2, 3], ordered.Select(s => s.Order));
            Assert.Equal((AdvancementRule.TopPercent, 50m), (ordered[0].Advancement, ordered[0].AdvancementValue));
            Assert.Equal((AdvancementRule.TopN, 8m), (ordered[1].Advancement, ordered[1].AdvancementValue));
            Assert.Equal(AdvancementRule.None, ordered[2].Advancement);
        }
        Assert.Equal(10, stages.Select(s => s.CompetitionId).Distinct().Count());
    }

    [Fact]
    public async Task OnlyTheAutomotiveRepairFinalIsAChallenge()
    {
        var challenge = Assert.Single(await db.Stages.Where(s => s.Format == StageFormat.Challenge).ToListAsync());
        Assert.Equal(StageKind.Final, challenge.Kind);
        Assert.Equal("汽车维修工", (await db.Competitions.SingleAsync(c => c.Id == challenge.CompetitionId)).TradeZh);
    }

    [Fact]
    public async Task StandardsWeightsAddUpToOneHundredAndSchemesPassCoreRules()
    {
        var sections = await db.StandardsSections.ToListAsync();
        var criteria = await db.Criteria.ToListAsync();
        var subCriteria = await db.SubCriteria.ToListAsync();
        var aspects = await db.Aspects.ToListAsync();
        foreach (var stage in await db.Stages.ToListAsync())
        {
            var own = sections.Where(s => s.CompetitionId == stage.CompetitionId).ToList();
            Assert.Equal(100m, own.Sum(s => s.Weight));
            var stageCriteria = criteria.Where(c => c.StageId == stage.Id).ToList();
            var stageSubs = subCriteria.Where(s => stageCriteria.Any(c => c.Id == s.CriterionId)).ToList();
            var stageAspects = aspects.Where(a => stageSubs.Any(s => s.Id == a.SubCriterionId)).ToList();
            Assert.Empty(SchemeRules.Validate(own, new MarkingScheme(stageCriteria, stageSubs, stageAspects)));
            Assert.InRange(stageCriteria.Count, 2, 4);
            Assert.InRange(stageAspects.Count, 6, 12);
            Assert.All(stageAspects, a => Assert.Contains(own, s => s.Code == a.StandardsSectionCode));
        }
    }

    [Fact]
    public async Task FieldsRangeFromTwelveToThirtyWithDemonstrationEntries()
    {
        var competitors = await db.Competitors.ToListAsync();
        foreach (var field in competitors.GroupBy(c => c.CompetitionId))
        {
            Assert.InRange(field.Count(), 12, 30);
            Assert.InRange(field.Count(c => !c.MedalEligible), 1, 2);
        }
        Assert.Equal(10, competitors.Select(c => c.CompetitionId).Distinct().Count());
        Assert.InRange(competitors.Count(c => c.MentorZh is not null), competitors.Count / 5, competitors.Count / 2);
    }

    [Fact]
    public async Task EveryLockedModuleOfTheDemoIsCompleteSoItCouldBeLockedWithoutOverride()
    {
        // The seed writes module statuses directly; what it locks must pass the same lock check a chief expert meets.
        var locked = await (from m in db.Modules
                            join s in db.Stages on m.StageId equals s.Id
                            where m.Status == ModuleStatus.Locked
                            select new { s.CompetitionId, m.Id, m.Code, m.LockOverrideReason }).ToListAsync();
        Assert.NotEmpty(locked);
        foreach (var module in locked)
        {
            var check = await LockChecks.LoadAsync(db, module.CompetitionId, module.Id, CancellationToken.None);
            Assert.True(check!.Blockers.Count == 0,
                $"{module.Code} of competition {module.CompetitionId}: {string.Join("; ", check.Blockers.Take(5).Select(b => b.Message))}");
            Assert.Null(module.LockOverrideReason);
        }
    }

    [Fact]
    public async Task SelectionIsLiveNowAndPreliminaryIsOver()
    {
        var modules = await db.Modules.ToListAsync();
        var stages = await db.Stages.ToDictionaryAsync(s => s.Id);
        foreach (var module in modules)
        {
            var kind = stages[module.StageId].Kind;
            if (kind == StageKind.Preliminary)
                Assert.True(module.EndsAt < SeededDemo.Now && module.Status is ModuleStatus.Closed or ModuleStatus.Locked);
            if (kind == StageKind.Final)
                Assert.True(module.StartsAt > SeededDemo.Now && module.Status == ModuleStatus.Scheduled);
        }
        var live = modules.Where(m => m.Status == ModuleStatus.Live).ToList();
        Assert.Equal(10, live.Count);
        Assert.All(live, m => Assert.True(m.StartsAt <= SeededDemo.Now && SeededDemo.Now < m.EndsAt));
    }

    [Fact]
    public async Task NoSeededMarkComesFromAJudgeOfTheCompetitorsOrganisation()
    {
        var marks = await db.Marks.Where(m => m.RecordedBy == "demo-seed").ToListAsync();
        var judges = await db.Judges.ToDictionaryAsync(j => j.Id);
        var competitors = await db.Competitors.ToDictionaryAsync(c => c.Id);
        var parents = await db.Organisations.ToDictionaryAsync(o => o.Id, o => o.ParentId);
        Assert.NotEmpty(marks);
        Assert.All(marks, m =>
        {
            Assert.NotEqual(competitors[m.CompetitorId].OrganisationId, judges[m.JudgeId].OrganisationId);
            Assert.False(ConflictOfInterest.Conflicts(judges[m.JudgeId].OrganisationId, competitors[m.CompetitorId].OrganisationId, parents));
        });
        // Conflicts exist to be avoided: some panel judge shares an organisation with some competitor.
        var assigned = await db.JudgeAssignments.Where(a => !a.ChiefExpert).ToListAsync();
        Assert.Contains(assigned, a => competitors.Values.Any(c => c.CompetitionId == a.CompetitionId && c.OrganisationId == judges[a.JudgeId].OrganisationId));
    }

    [Fact]
    public async Task EverySeededMarkIsValidForItsAspect()
    {
        var marks = await db.Marks.ToListAsync();
        var aspects = await db.Aspects.ToDictionaryAsync(a => a.Id);
        Assert.All(marks, m =>
        {
            var aspect = aspects[m.AspectId];
            Assert.Empty(MarkValidator.Validate(aspect, m.Value));
            if (aspect.Type == AspectType.Judgement)
                Assert.Contains(m.Value, new[] { 0m, 1m, 2m, 3m });
            else if (aspect.Bands.Count == 0)
                Assert.True(m.Value == 0m || m.Value == aspect.MaxMark);
        });
    }

    [Fact]
    public async Task SeedingTwiceAddsNothing()
    {
        async Task<int[]> Counts() =>
        [
            await db.Series.CountAsync(), await db.Organisations.CountAsync(), await db.Competitions.CountAsync(),
            await db.Aspects.CountAsync(), await db.Competitors.CountAsync(), await db.Judges.CountAsync(),
            await db.StageEntries.CountAsync(), await db.Marks.CountAsync(),
        ];
        var before = await Counts();
        await DemoSeeder.SeedAsync(db, demo.Time);
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task SimulatedMarksAreAcceptedByTheMarkingService()
    {
        // Its own server and database: this test writes marks through the real service, events and all.
        using var app = new LiveBoardApp();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveBoardDb>();
        await DemoSeeder.SeedAsync(db, app.Time);
        var marking = scope.ServiceProvider.GetRequiredService<MarkingService>();
        var live = await MarkSimulator.LiveModulesAsync(db, default);
        var parents = await db.Organisations.ToDictionaryAsync(o => o.Id, o => (int?)o.ParentId);
        foreach (var module in live)
        {
            for (var i = 0; i < 5; i++)
            {
                var submission = await MarkSimulator.NextEntryAsync(db, module, parents, default);
                Assert.NotNull(submission);
                var result = await marking.SubmitAsync(module.CompetitionId, submission, Caller.Internal("simulator"), default);
                Assert.True(result.Accepted, string.Join("; ", result.Errors.SelectMany(e => e.Value)));
            }
        }
        Assert.Equal(live.Count * 5, await db.Marks.CountAsync(m => m.RecordedBy == "simulator"));
    }
}
