using System.Globalization;
using System.Text;
using CsvHelper;
using LiveBoard.Core.Competitions;
using LiveBoard.Core.Results;
using LiveBoard.Server.Accounts;
using LiveBoard.Server.Data;
using LiveBoard.Server.Hosting;
using LiveBoard.Server.Live;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Results;

public sealed record AwardsView(int CompetitionId, int? FinalStageId, IReadOnlyList<StandingsRow> Medallists,
    IReadOnlyList<OrganisationAwardRow> OrganisationRanking, IReadOnlyList<int> ConfirmedOrganisationIds, IReadOnlyList<string> Warnings);
public sealed record OrganisationAwardRow(int OrganisationId, string NameZh, string NameEn, int Rank, decimal Points,
    int Gold, int Silver, int Bronze, int Medallions, int Finalists);
public sealed record ConfirmInput(List<int>? OrganisationIds);
public sealed record MedalTableView(int SeriesId, string Counting, IReadOnlyList<MedalRowView> Rows);
public sealed record MedalRowView(int OrganisationId, string NameZh, string NameEn, int Rank, int Gold, int Silver, int Bronze, int Total);

public static partial class ResultsApi
{
    public static IEndpointRouteBuilder MapResults(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/competitions/{competitionId:int}").WithTags("Results");
        group.MapGet("/stages/{stageId:int}/standings", StageStandings);
        group.MapGet("/modules/{moduleId:int}/standings", ModuleStandings);
        group.MapGet("/stages/{stageId:int}/competitors/{competitorId:int}", async Task<Results<Ok<CompetitorBreakdown>, ProblemHttpResult>> (
            int competitionId, int stageId, int competitorId, LiveBoardDb db, FrozenBoard frozen, IAuthorizationService authorization,
            HttpContext http, CancellationToken ct) =>
        {
            if (await frozen.HidesLiveStageAsync(http.User, competitionId, stageId, ct)) return FrozenBoard.Problem();
            var s = await StageSnapshot.LoadAsync(db, competitionId, stageId, ct);
            if (s is null || StandingsCalculator.Breakdown(s, competitorId) is not { } b) return Checks.NotFound($"competitor {competitorId} in stage {stageId}");
            // Individual judges' scores are public only once the stage is locked, or when the competition allows it earlier.
            var locked = s.Modules.Count > 0 && s.Modules.All(m => m.Status == ModuleStatus.Locked);
            var staff = (await authorization.AuthorizeAsync(http.User, competitionId, Policies.ChiefExpert)).Succeeded;
            return TypedResults.Ok(staff || PublicVisibility.ShowsMarks(s.Competition.Rules.PublicMarksBeforeLock, locked) ? b : b.WithoutScores());
        });
        group.MapPost("/stages/{stageId:int}/advance", Advance).RequireAuthorization(Policies.ChiefExpert)
            .WithSummary("Enter the competitors who advance from this (official) stage into the next stage; safe to repeat");
        group.MapGet("/awards", Awards);
        group.MapPut("/awards/organisations", ConfirmOrganisations).RequireAuthorization(Policies.Admin)
            .WithSummary("Confirm the excellent organisation award (优秀组织奖); an empty list, which withdraws it from all, needs ?confirmEmpty=true");
        group.MapGet("/results.csv", ExportCsv).RequireAuthorization(Policies.ChiefExpert).WithSummary("Results of every stage for the certification centre");
        routes.MapGet("/api/series/{seriesId:int}/medals", MedalTableOf).WithTags("Results")
            .WithSummary("Medal table across the series' competitions; counting=official (default) or all");
        return routes;
    }

    /// While the board is frozen the public reads the standings as they stood at the freeze: the last public event.
    static async Task<Results<Ok<Standings>, ProblemHttpResult>> StageStandings(int competitionId, int stageId,
        LiveBoardDb db, StageSnapshots snapshots, FrozenBoard frozen, HttpContext http, CancellationToken ct)
    {
        if (await snapshots.LoadAsync(db, competitionId, stageId, ct) is not { } s) return Checks.NotFound($"stage {stageId}");
        if (!await frozen.HidesLiveStageAsync(http.User, competitionId, stageId, ct)) return TypedResults.Ok(StandingsCalculator.Compute(s));
        var shown = await FrozenBoard.LastPublicStandingsAsync(db, competitionId, stageId, ct);
        return shown is null ? FrozenBoard.Problem() : TypedResults.Ok(shown);
    }

    static async Task<Results<Ok<Standings>, ProblemHttpResult>> ModuleStandings(int competitionId, int moduleId, LiveBoardDb db,
        FrozenBoard frozen, HttpContext http, CancellationToken ct)
    {
        var stageId = await db.Modules.Where(m => m.Id == moduleId).Select(m => (int?)m.StageId).FirstOrDefaultAsync(ct);
        if (stageId is null || await StageSnapshot.LoadAsync(db, competitionId, stageId.Value, ct) is not { } s) return Checks.NotFound($"module {moduleId}");
        if (await frozen.HidesLiveStageAsync(http.User, competitionId, stageId.Value, ct)) return FrozenBoard.Problem();
        return TypedResults.Ok(StandingsCalculator.Compute(s, moduleId));
    }

    static async Task<Results<Ok<List<StageEntry>>, ProblemHttpResult>> Advance(int competitionId, int stageId, LiveBoardDb db, LiveChanges live,
        HttpContext http, ILoggerFactory loggers, CancellationToken ct)
    {
        if (await StageSnapshot.LoadAsync(db, competitionId, stageId, ct) is not { } s) return Checks.NotFound($"stage {stageId}");
        if (s.Modules.Count == 0 || s.Modules.Any(m => m.Status != ModuleStatus.Locked))
            return Checks.Conflict("阶段所有模块锁定后才能晋级 / Every module of the stage must be locked before advancing");
        var next = await db.Stages.Where(x => x.CompetitionId == competitionId && x.Order > s.Stage.Order).OrderBy(x => x.Order).FirstOrDefaultAsync(ct);
        if (next is null) return Checks.Conflict("没有下一阶段 / There is no next stage");
        var standings = StandingsCalculator.Compute(s);
        var existing = await db.StageEntries.Where(e => e.StageId == next.Id).Select(e => e.CompetitorId).ToListAsync(ct);
        // Entries follow the stage's state: nobody joins a stage whose results are already signed (see StageEntryRules).
        var joining = standings.Rows.Count(r => r.Advances && !existing.Contains(r.CompetitorId));
        if (joining > 0 && await Setup.StageEntryRules.LockedAsync(db, next, joining, ct) is { } locked) return locked;
        var order = existing.Count;
        // Advancing competitors enter in rank order, so a challenge final starts with the best qualifier as holder.
        foreach (var row in standings.Rows.Where(r => r.Advances && !existing.Contains(r.CompetitorId)))
            db.StageEntries.Add(new StageEntry { StageId = next.Id, CompetitorId = row.CompetitorId, Order = ++order });
        await live.SaveAsync(c => live.StageChangedAsync(competitionId, next.Id, c), ct);
        Log.Advanced(loggers.CreateLogger(typeof(ResultsApi)), competitionId, stageId, next.Id, order - existing.Count, http.User.Identity?.Name ?? "");
        return TypedResults.Ok(await db.StageEntries.AsNoTracking().Where(e => e.StageId == next.Id).OrderBy(e => e.Order).ToListAsync(ct));
    }

    static async Task<Results<Ok<AwardsView>, ContentHttpResult, ProblemHttpResult>> Awards(int competitionId, LiveBoardDb db,
        FrozenBoard frozen, HttpContext http, CancellationToken ct)
    {
        if (!await db.Competitions.AnyAsync(c => c.Id == competitionId, ct)) return Checks.NotFound($"competition {competitionId}");
        var final = await db.Stages.Where(s => s.CompetitionId == competitionId && s.Kind == StageKind.Final).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);
        var hidden = final is { } finalId
            ? await frozen.HidesLiveStageAsync(http.User, competitionId, finalId, ct)
            : await frozen.HidesLiveResultsAsync(http.User, competitionId, ct);
        if (hidden)
            return await frozen.LastPublicAsync(competitionId, "awards", competitionId.ToString(), ct) is { } json
                ? TypedResults.Content(json, "application/json") : FrozenBoard.Problem();
        return TypedResults.Ok(await AwardsViews.BuildAsync(db, competitionId, ct));
    }

    static async Task<Results<Ok<List<int>>, ProblemHttpResult>> ConfirmOrganisations(int competitionId, ConfirmInput input, bool? confirmEmpty, LiveBoardDb db,
        LiveChanges live, TimeProvider time, HttpContext http, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!await db.Competitions.AnyAsync(c => c.Id == competitionId, ct)) return Checks.NotFound($"competition {competitionId}");
        var ids = input.OrganisationIds ?? [];
        var checks = new Checks().Required("organisationIds", input.OrganisationIds)
            .NotEmptyUnlessConfirmed("organisationIds", input.OrganisationIds, confirmEmpty)
            .That(ids.Count <= 1000, "organisationIds", "最多 1000 个 / At most 1000");
        if (checks.Failed) return checks.Problem();
        var known = await db.Organisations.Where(o => ids.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct);
        foreach (var (id, i) in ids.Select((id, i) => (id, i)).Where(x => !known.Contains(x.id))) checks.Add($"organisationIds[{i}]", "单位不存在 / Unknown organisation");
        if (checks.Failed) return checks.Problem();
        var actor = http.User.Identity?.Name ?? "anonymous";
        db.OrganisationAwards.RemoveRange(await db.OrganisationAwards.Where(a => a.CompetitionId == competitionId).ToListAsync(ct));
        db.OrganisationAwards.AddRange(ids.Distinct().Select(id => new OrganisationAward
            { CompetitionId = competitionId, OrganisationId = id, ConfirmedBy = actor, ConfirmedAt = time.GetUtcNow() }));
        db.AuditEntries.Add(new AuditEntry { CompetitionId = competitionId, At = time.GetUtcNow(), Actor = actor, Action = "organisation-award",
            Detail = $"confirmed: {string.Join(',', ids.Distinct())}" });
        await live.SaveAsync(c => live.AwardsChangedAsync(competitionId, c), ct);
        Log.AwardsConfirmed(loggers.CreateLogger(typeof(ResultsApi)), competitionId, string.Join(',', ids.Distinct()), actor);
        return TypedResults.Ok(ids.Distinct().ToList());
    }

    /// Each competition's staff see its live medals; everyone else the table the series channel carries (freeze applied).
    static async Task<Results<Ok<MedalTableView>, ProblemHttpResult>> MedalTableOf(int seriesId, string? counting, LiveBoardDb db,
        IAuthorizationService authorization, HttpContext http, CancellationToken ct)
    {
        if (counting is not (null or "official" or "all")) return new Checks().Add("counting", "须为 official 或 all / Must be official or all").Problem();
        if (!await db.Series.AnyAsync(s => s.Id == seriesId, ct)) return Checks.NotFound($"series {seriesId}");
        var staffOf = new HashSet<int>();
        if (http.User.Identity?.IsAuthenticated == true)
            foreach (var id in await db.Competitions.Where(c => c.SeriesId == seriesId).Select(c => c.Id).ToListAsync(ct))
                if ((await authorization.AuthorizeAsync(http.User, id, Policies.CompetitionStaff)).Succeeded) staffOf.Add(id);
        return TypedResults.Ok(await MedalTables.BuildAsync(db, seriesId, counting == "all", staffOf, ct));
    }

    static string Inv(IFormattable v) => CsvFiles.Inv(v);

    static async Task<IResult> ExportCsv(int competitionId, LiveBoardDb db, FrozenBoard frozen, HttpContext http, CancellationToken ct)
    {
        if (await frozen.HidesLiveResultsAsync(http.User, competitionId, ct)) return FrozenBoard.Problem();
        var competition = await db.Competitions.AsNoTracking().FirstOrDefaultAsync(c => c.Id == competitionId, ct);
        if (competition is null) return Checks.NotFound($"competition {competitionId}");
        var stages = await db.Stages.AsNoTracking().Where(s => s.CompetitionId == competitionId).OrderBy(s => s.Order).ToListAsync(ct);
        var rows = new List<string[]>();
        foreach (var stage in stages)
        {
            if (await StageSnapshot.LoadAsync(db, competitionId, stage.Id, ct) is not { } s) continue;
            var standings = StandingsCalculator.Compute(s);
            rows.AddRange(standings.Rows.Select(r => new[]
            {
                competition.Slug, stage.Kind.ToString(), r.Bib, r.NameZh, r.NameEn, r.OrganisationZh, r.OrganisationEn,
                Inv(r.Rank), Inv(r.Total), Inv(standings.MaximumTotal), r.Scaled is { } sc ? Inv(sc) : "", r.Status.ToString(),
                r.Medal.ToString(), r.Advances ? "true" : "false", r.MedalEligible ? "true" : "false",
            }));
        }
        return CsvFiles.Download(CsvFiles.Write(["competition", "stage", "bib", "nameZh", "nameEn", "organisationZh", "organisationEn", "rank", "total",
            "maximum", "scaled", "status", "medal", "advances", "medalEligible"], rows), $"{competition.Slug}-results.csv");
    }
}
