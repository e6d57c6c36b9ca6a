using System.Globalization;
using System.Text;
using CsvHelper;
using LiveBoard.Core.Competitions;
using LiveBoard.Core.Results;
using LiveBoard.Server.Data;
using LiveBoard.Server.Hosting;
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

public static class ResultsApi
{
    public static IEndpointRouteBuilder MapResults(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/competitions/{competitionId:int}").WithTags("Results");
        group.MapGet("/stages/{stageId:int}/standings", async Task<Results<Ok<Standings>, ProblemHttpResult>> (int competitionId, int stageId, LiveBoardDb db, CancellationToken ct) =>
            await StageSnapshot.LoadAsync(db, competitionId, stageId, ct) is { } s ? TypedResults.Ok(StandingsCalculator.Compute(s)) : Checks.NotFound($"stage {stageId}"));
        group.MapGet("/modules/{moduleId:int}/standings", ModuleStandings);
        group.MapGet("/stages/{stageId:int}/competitors/{competitorId:int}", async Task<Results<Ok<CompetitorBreakdown>, ProblemHttpResult>> (
            int competitionId, int stageId, int competitorId, LiveBoardDb db, CancellationToken ct) =>
        {
            var s = await StageSnapshot.LoadAsync(db, competitionId, stageId, ct);
            return s is not null && StandingsCalculator.Breakdown(s, competitorId) is { } b ? TypedResults.Ok(b) : Checks.NotFound($"competitor {competitorId} in stage {stageId}");
        });
        group.MapPost("/stages/{stageId:int}/advance", Advance)
            .WithSummary("Enter the competitors who advance from this (official) stage into the next stage; safe to repeat");
        group.MapGet("/awards", Awards);
        group.MapPut("/awards/organisations", ConfirmOrganisations).WithSummary("Confirm the excellent organisation award (优秀组织奖)");
        group.MapGet("/results.csv", ExportCsv).WithSummary("Results of every stage for the certification centre");
        routes.MapGet("/api/series/{seriesId:int}/medals", MedalTableOf).WithTags("Results")
            .WithSummary("Medal table across the series' competitions; counting=official (default) or all");
        return routes;
    }

    static async Task<Results<Ok<Standings>, ProblemHttpResult>> ModuleStandings(int competitionId, int moduleId, LiveBoardDb db, CancellationToken ct)
    {
        var stageId = await db.Modules.Where(m => m.Id == moduleId).Select(m => (int?)m.StageId).FirstOrDefaultAsync(ct);
        if (stageId is null || await StageSnapshot.LoadAsync(db, competitionId, stageId.Value, ct) is not { } s) return Checks.NotFound($"module {moduleId}");
        return TypedResults.Ok(StandingsCalculator.Compute(s, moduleId));
    }

    static async Task<Results<Ok<List<StageEntry>>, ProblemHttpResult>> Advance(int competitionId, int stageId, LiveBoardDb db, CancellationToken ct)
    {
        if (await StageSnapshot.LoadAsync(db, competitionId, stageId, ct) is not { } s) return Checks.NotFound($"stage {stageId}");
        if (s.Modules.Count == 0 || s.Modules.Any(m => m.Status != ModuleStatus.Locked))
            return Checks.Conflict("阶段所有模块锁定后才能晋级 / Every module of the stage must be locked before advancing");
        var next = await db.Stages.Where(x => x.CompetitionId == competitionId && x.Order > s.Stage.Order).OrderBy(x => x.Order).FirstOrDefaultAsync(ct);
        if (next is null) return Checks.Conflict("没有下一阶段 / There is no next stage");
        var standings = StandingsCalculator.Compute(s);
        var existing = await db.StageEntries.Where(e => e.StageId == next.Id).Select(e => e.CompetitorId).ToListAsync(ct);
        var order = existing.Count;
        // Advancing competitors enter in rank order, so a challenge final starts with the best qualifier as holder.
        foreach (var row in standings.Rows.Where(r => r.Advances && !existing.Contains(r.CompetitorId)))
            db.StageEntries.Add(new StageEntry { StageId = next.Id, CompetitorId = row.CompetitorId, Order = ++order });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await db.StageEntries.AsNoTracking().Where(e => e.StageId == next.Id).OrderBy(e => e.Order).ToListAsync(ct));
    }

    static async Task<Results<Ok<AwardsView>, ProblemHttpResult>> Awards(int competitionId, LiveBoardDb db, CancellationToken ct)
    {
        if (!await db.Competitions.AnyAsync(c => c.Id == competitionId, ct)) return Checks.NotFound($"competition {competitionId}");
        var final = await db.Stages.AsNoTracking().FirstOrDefaultAsync(s => s.CompetitionId == competitionId && s.Kind == StageKind.Final, ct);
        var confirmed = await db.OrganisationAwards.Where(a => a.CompetitionId == competitionId).Select(a => a.OrganisationId).ToListAsync(ct);
        if (final is null || await StageSnapshot.LoadAsync(db, competitionId, final.Id, ct) is not { } s)
            return TypedResults.Ok(new AwardsView(competitionId, null, [], [], confirmed, []));
        var standings = StandingsCalculator.Compute(s);
        var ranking = OrganisationRanking.Rank(standings.Rows.Select(r => new OrganisationResult(r.OrganisationId, r.Medal, r.Medallion, true)),
            new OrganisationAwardRule());
        var rows = ranking.Select(o => new OrganisationAwardRow(o.OrganisationId, s.Organisations[o.OrganisationId].NameZh,
            s.Organisations[o.OrganisationId].NameEn, o.Rank, o.Points, o.Gold, o.Silver, o.Bronze, o.Medallions, o.Finalists)).ToList();
        return TypedResults.Ok(new AwardsView(competitionId, final.Id, [.. standings.Rows.Where(r => r.Medal != Medal.None)], rows, confirmed, standings.Warnings));
    }

    static async Task<Results<Ok<List<int>>, ProblemHttpResult>> ConfirmOrganisations(int competitionId, ConfirmInput input, LiveBoardDb db,
        TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (!await db.Competitions.AnyAsync(c => c.Id == competitionId, ct)) return Checks.NotFound($"competition {competitionId}");
        var ids = input.OrganisationIds ?? [];
        var checks = new Checks().Required("organisationIds", input.OrganisationIds);
        var known = await db.Organisations.Where(o => ids.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct);
        foreach (var (id, i) in ids.Select((id, i) => (id, i)).Where(x => !known.Contains(x.id))) checks.Add($"organisationIds[{i}]", "单位不存在 / Unknown organisation");
        if (checks.Failed) return checks.Problem();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.OrganisationAwards.Where(a => a.CompetitionId == competitionId).ExecuteDeleteAsync(ct);
        var actor = http.User.Identity?.Name ?? "anonymous";
        db.OrganisationAwards.AddRange(ids.Distinct().Select(id => new OrganisationAward
            { CompetitionId = competitionId, OrganisationId = id, ConfirmedBy = actor, ConfirmedAt = time.GetUtcNow() }));
        db.AuditEntries.Add(new AuditEntry { CompetitionId = competitionId, At = time.GetUtcNow(), Actor = actor, Action = "organisation-award",
            Detail = $"confirmed: {string.Join(',', ids.Distinct())}" });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(ids.Distinct().ToList());
    }

    static async Task<Results<Ok<MedalTableView>, ProblemHttpResult>> MedalTableOf(int seriesId, string? counting, LiveBoardDb db, CancellationToken ct)
    {
        if (!await db.Series.AnyAsync(s => s.Id == seriesId, ct)) return Checks.NotFound($"series {seriesId}");
        var all = counting == "all";
        var finals = await db.Stages.AsNoTracking().Where(s => s.Kind == StageKind.Final && db.Competitions.Any(c => c.Id == s.CompetitionId && c.SeriesId == seriesId)).ToListAsync(ct);
        var medals = new List<(int, Medal)>();
        var names = new Dictionary<int, Organisation>();
        foreach (var final in finals)
        {
            if (await StageSnapshot.LoadAsync(db, final.CompetitionId, final.Id, ct) is not { } s) continue;
            foreach (var (id, org) in s.Organisations) names[id] = org;
            // By default only official results count, so the public table never shows a medal that may still change.
            medals.AddRange(StandingsCalculator.Compute(s).Rows
                .Where(r => r.Medal != Medal.None && (all || r.Status == ResultStatus.Official))
                .Select(r => (r.OrganisationId, r.Medal)));
        }
        var rows = MedalTable.Build(medals).Select(r => new MedalRowView(r.OrganisationId, names[r.OrganisationId].NameZh, names[r.OrganisationId].NameEn,
            r.Rank, r.Gold, r.Silver, r.Bronze, r.Total)).ToList();
        return TypedResults.Ok(new MedalTableView(seriesId, all ? "all" : "official", rows));
    }

    static string Inv(IFormattable v) => v.ToString(null, CultureInfo.InvariantCulture);

    static async Task<IResult> ExportCsv(int competitionId, LiveBoardDb db, CancellationToken ct)
    {
        var competition = await db.Competitions.AsNoTracking().FirstOrDefaultAsync(c => c.Id == competitionId, ct);
        if (competition is null) return Checks.NotFound($"competition {competitionId}");
        var stages = await db.Stages.AsNoTracking().Where(s => s.CompetitionId == competitionId).OrderBy(s => s.Order).ToListAsync(ct);
        var text = new StringWriter(CultureInfo.InvariantCulture);
        // Names come from uploads, so formula-like text is escaped before a spreadsheet opens it (CSV injection).
        await using (var csv = CsvWriter.Create(text, new CsvWriterOptions { Injection = CsvInjection.Escape }, true))
        {
            csv.WriteHeader(["competition", "stage", "bib", "nameZh", "nameEn", "organisationZh", "organisationEn", "rank", "total",
                "maximum", "scaled", "status", "medal", "advances", "medalEligible"]);
            foreach (var stage in stages)
            {
                if (await StageSnapshot.LoadAsync(db, competitionId, stage.Id, ct) is not { } s) continue;
                var standings = StandingsCalculator.Compute(s);
                foreach (var r in standings.Rows)
                    csv.WriteRecord([competition.Slug, stage.Kind.ToString(), r.Bib, r.NameZh, r.NameEn, r.OrganisationZh, r.OrganisationEn,
                        Inv(r.Rank), Inv(r.Total), Inv(standings.MaximumTotal), r.Scaled is { } sc ? Inv(sc) : "", r.Status.ToString(),
                        r.Medal.ToString(), r.Advances ? "true" : "false", r.MedalEligible ? "true" : "false"]);
            }
        }
        // A BOM lets Excel open the Chinese names correctly.
        return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray(),
            "text/csv; charset=utf-8", $"{competition.Slug}-results.csv");
    }
}
