using System.Globalization;
using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Core.Results;
using LiveBoard.Server.Accounts;
using LiveBoard.Server.Data;
using LiveBoard.Server.Hosting;
using LiveBoard.Server.Live;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Setup;

/// One aspect of a marking scheme as a flat row: the same shape for the JSON API and the CSV import.
/// Bands: "0.02:1;0.05:0.5" means within ±0.02 full mark, within ±0.05 half.
public sealed record SchemeRow(string? Criterion, string? CriterionZh, string? CriterionEn,
    string? SubCriterion, string? SubCriterionZh, string? SubCriterionEn, string? Module,
    string? Aspect, string? Type, string? MaxMark, string? DescriptionZh, string? DescriptionEn, string? Section,
    string? Descriptor0, string? Descriptor1, string? Descriptor2, string? Descriptor3, string? Bands);

public sealed record StandardsInput(string? Code, string? TitleZh, string? TitleEn, decimal? Weight);

public sealed record SchemeView(IReadOnlyList<Criterion> Criteria, IReadOnlyList<SubCriterion> SubCriteria, IReadOnlyList<Aspect> Aspects, decimal MaximumTotal);

public static class SchemeApi
{
    public static IEndpointRouteBuilder MapSchemes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/competitions/{competitionId:int}").WithTags("Setup");
        group.MapGet("/standards", (int competitionId, LiveBoardDb db, CancellationToken ct) =>
            db.StandardsSections.AsNoTracking().Where(s => s.CompetitionId == competitionId).OrderBy(s => s.Code).ToListAsync(ct));
        group.MapPut("/standards", PutStandards).RequireAuthorization(Policies.Admin)
            .WithSummary("Replace the standards sections (weights add up to 100); an empty list, which deletes them all, needs ?confirmEmpty=true");
        // Schemes can be confidential until the competition: staff only.
        group.MapGet("/stages/{stageId:int}/scheme", GetScheme).RequireAuthorization(Policies.CompetitionStaff);
        group.MapPut("/stages/{stageId:int}/scheme", PutScheme).RequireAuthorization(Policies.Admin);
        group.MapPost("/stages/{stageId:int}/scheme/import", ImportCsv).DisableAntiforgery().RequireAuthorization(Policies.Admin).AcceptsSpreadsheets()
            .WithBodyLimit(BodyLimit.Csv)
            .WithSummary("Replace a stage's marking scheme from CSV (UTF-8 or GB18030) or .xlsx (one row per aspect; columns as SchemeRow)");
        return routes;
    }

    static async Task<Results<Ok<SchemeView>, ProblemHttpResult>> GetScheme(int competitionId, int stageId, LiveBoardDb db, CancellationToken ct)
    {
        if (!await db.Stages.AnyAsync(s => s.Id == stageId && s.CompetitionId == competitionId, ct)) return Checks.NotFound($"stage {stageId}");
        var criteria = await db.Criteria.AsNoTracking().Where(c => c.StageId == stageId).OrderBy(c => c.Code).ToListAsync(ct);
        var ids = criteria.Select(c => c.Id).ToList();
        var subs = await db.SubCriteria.AsNoTracking().Where(s => ids.Contains(s.CriterionId)).OrderBy(s => s.Code).ToListAsync(ct);
        var subIds = subs.Select(s => s.Id).ToList();
        var aspects = await db.Aspects.AsNoTracking().Where(a => subIds.Contains(a.SubCriterionId)).OrderBy(a => a.Code).ToListAsync(ct);
        return TypedResults.Ok(new SchemeView(criteria, subs, aspects, aspects.Sum(a => a.MaxMark)));
    }

    static async Task<Results<Ok<List<StandardsSection>>, ProblemHttpResult>> PutStandards(int competitionId, List<StandardsInput?> sections, bool? confirmEmpty,
        LiveBoardDb db, CancellationToken ct)
    {
        if (!await db.Competitions.AnyAsync(c => c.Id == competitionId, ct)) return Checks.NotFound($"competition {competitionId}");
        var checks = new Checks().NotEmptyUnlessConfirmed("sections", sections, confirmEmpty)
            .That(sections.Count <= 100, "sections", "最多 100 个章节 / At most 100 sections")
            .Items("sections", sections, (c, field, s) => c.Text($"{field}.code", s.Code, 10).Text($"{field}.titleZh", s.TitleZh).Text($"{field}.titleEn", s.TitleEn)
                .That(s.Weight is > 0 and <= 100, $"{field}.weight", "权重须在 0 到 100 之间 / Weight must be above 0 and at most 100"));
        if (checks.Failed) return checks.Problem();
        // Summed only once every weight is known to be at most 100: two weights near decimal's maximum used to overflow (a 500).
        var input = sections.Select(s => s!).ToList();
        checks.That(input.Count == 0 || input.Sum(s => s.Weight ?? 0) == 100, "sections", "权重之和须为 100 / Weights must add up to 100");
        checks.That(input.Select(s => s.Code).Distinct().Count() == input.Count, "sections", "代码重复 / Duplicate codes");
        if (checks.Failed) return checks.Problem();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.StandardsSections.Where(s => s.CompetitionId == competitionId).ExecuteDeleteAsync(ct);
        db.StandardsSections.AddRange(input.Select(s => new StandardsSection
            { CompetitionId = competitionId, Code = s.Code!, TitleZh = s.TitleZh!, TitleEn = s.TitleEn!, Weight = s.Weight!.Value }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(await db.StandardsSections.AsNoTracking().Where(s => s.CompetitionId == competitionId).ToListAsync(ct));
    }

    static async Task<Results<Ok<SchemeView>, ProblemHttpResult>> PutScheme(int competitionId, int stageId, List<SchemeRow?> rows,
        LiveBoardDb db, LiveChanges live, CancellationToken ct)
    {
        // Only null rows are refused here; Replace checks each row's fields, the same for JSON and CSV.
        var checks = new Checks().Items("rows", rows, (_, _, _) => { });
        if (checks.Failed) return checks.Problem();
        return await Replace(competitionId, stageId, [.. rows.Select((r, i) => (i, r!))], "rows", db, live, ct);
    }

    static async Task<Results<Ok<SchemeView>, ProblemHttpResult>> ImportCsv(int competitionId, int stageId, HttpRequest request, LiveBoardDb db, LiveChanges live, CancellationToken ct)
    {
        var file = await Spreadsheets.ReadAsync(request.Body, ct);
        if (file.Error is not null) return new Checks().Add("file", file.Error).Problem();
        var schemeRows = file.Rows.Select(r => (r.Line, new SchemeRow(r["criterion"], r["criterionZh"], r["criterionEn"], r["subCriterion"],
            r["subCriterionZh"], r["subCriterionEn"], r["module"], r["aspect"], r["type"], r["maxMark"], r["descriptionZh"], r["descriptionEn"],
            r["section"], r["descriptor0"], r["descriptor1"], r["descriptor2"], r["descriptor3"], r["bands"]))).ToList();
        return await Replace(competitionId, stageId, schemeRows, "rows", db, live, ct);
    }

    /// All or nothing: the stage's scheme is replaced only when every row is valid and no mark has been entered against it.
    static async Task<Results<Ok<SchemeView>, ProblemHttpResult>> Replace(int competitionId, int stageId,
        IReadOnlyList<(int Line, SchemeRow Row)> rows, string prefix, LiveBoardDb db, LiveChanges live, CancellationToken ct)
    {
        if (!await db.Stages.AnyAsync(s => s.Id == stageId && s.CompetitionId == competitionId, ct)) return Checks.NotFound($"stage {stageId}");
        var checks = new Checks();
        // An empty scheme is never stored: a stage without one has nothing to mark, and `[]` by mistake would wipe it.
        if (rows.Count == 0) return checks.Add(prefix, "没有数据行 / No rows").Problem();
        if (rows.Count > 2000) return checks.Add(prefix, "最多 2000 行 / At most 2000 rows").Problem();
        var modules = await db.Modules.AsNoTracking().Where(m => m.StageId == stageId).ToListAsync(ct);
        var sections = await db.StandardsSections.AsNoTracking().Where(s => s.CompetitionId == competitionId).ToListAsync(ct);

        var criteria = new Dictionary<string, Criterion>();
        var subs = new Dictionary<string, SubCriterion>();
        var aspects = new List<(string Sub, Aspect Aspect)>();
        var criterionOfSub = new Dictionary<string, string>();
        foreach (var (line, r) in rows)
        {
            var p = $"{prefix}[{line}].";
            var rowChecks = new Checks().Text(p + "criterion", r.Criterion, 10).Text(p + "subCriterion", r.SubCriterion, 10)
                .Text(p + "module", r.Module, 20).Text(p + "aspect", r.Aspect, 20).Text(p + "type", r.Type, 20)
                .Text(p + "maxMark", r.MaxMark, 10).Text(p + "descriptionZh", r.DescriptionZh, 500, multiLine: true)
                .Text(p + "descriptionEn", r.DescriptionEn, 500, multiLine: true)
                .Text(p + "criterionZh", r.CriterionZh, required: false).Text(p + "criterionEn", r.CriterionEn, required: false)
                .Text(p + "subCriterionZh", r.SubCriterionZh, required: false).Text(p + "subCriterionEn", r.SubCriterionEn, required: false)
                .Text(p + "section", r.Section, 10, required: false).Text(p + "bands", r.Bands, 200, required: false)
                .Text(p + "descriptor0", r.Descriptor0, 500, false, true).Text(p + "descriptor1", r.Descriptor1, 500, false, true)
                .Text(p + "descriptor2", r.Descriptor2, 500, false, true).Text(p + "descriptor3", r.Descriptor3, 500, false, true);
            var type = r.Type?.Trim().ToUpperInvariant() switch
            {
                "M" or "MEASUREMENT" => AspectType.Measurement,
                "J" or "JUDGEMENT" or "JUDGMENT" => (AspectType?)AspectType.Judgement,
                _ => null,
            };
            if (r.Type is not null && type is null) rowChecks.Add(p + "type", "须为 M 或 J / Must be M (measurement) or J (judgement)");
            decimal max = 0;
            if (r.MaxMark is not null && !decimal.TryParse(r.MaxMark, NumberStyles.Number, CultureInfo.InvariantCulture, out max))
                rowChecks.Add(p + "maxMark", "不是数字 / Not a number");
            var module = modules.FirstOrDefault(m => m.Code == r.Module);
            if (r.Module is not null && module is null) rowChecks.Add(p + "module", $"本阶段没有模块 '{r.Module}' / Unknown module in this stage");
            if (r.Section is not null && sections.Count > 0 && sections.All(s => s.Code != r.Section))
                rowChecks.Add(p + "section", $"没有标准章节 '{r.Section}' / Unknown standards section");
            var bands = r.Bands is { Length: <= 200 } || r.Bands is null ? ParseBands(r.Bands) : [];
            if (bands is null) rowChecks.Add(p + "bands", "格式应为 0.02:1;0.05:0.5 / Format: within:fraction;…");
            string?[] descriptorTexts = [r.Descriptor0, r.Descriptor1, r.Descriptor2, r.Descriptor3];
            var descriptors = descriptorTexts.All(d => d is null) ? [] : descriptorTexts.Select(d => d ?? "").ToList();
            if (r.Criterion is { } cc && criteria.TryGetValue(cc, out var existing) && r.CriterionZh is { } czh && existing.NameZh != czh)
                rowChecks.Add(p + "criterionZh", "同一评分标准名称不一致 / Differs from an earlier row of the same criterion");
            checks.Merge(rowChecks);
            if (rowChecks.Failed) continue;

            if (!criteria.ContainsKey(r.Criterion!))
                criteria[r.Criterion!] = new Criterion { StageId = stageId, Code = r.Criterion!, NameZh = r.CriterionZh ?? r.Criterion!, NameEn = r.CriterionEn ?? r.Criterion! };
            if (!subs.TryGetValue(r.SubCriterion!, out var sub))
                subs[r.SubCriterion!] = new SubCriterion { Code = r.SubCriterion!, ModuleId = module!.Id,
                    NameZh = r.SubCriterionZh ?? r.SubCriterion!, NameEn = r.SubCriterionEn ?? r.SubCriterion! };
            else if (sub.ModuleId != module!.Id)
            { checks.Add(p + "module", "同一子标准须在同一模块 / A sub-criterion belongs to one module"); continue; }
            criterionOfSub[r.SubCriterion!] = r.Criterion!;
            aspects.Add((r.SubCriterion!, new Aspect
            {
                Code = r.Aspect!, DescriptionZh = r.DescriptionZh!, DescriptionEn = r.DescriptionEn!, Type = type!.Value, MaxMark = max,
                StandardsSectionCode = r.Section, Descriptors = descriptors, Bands = bands!,
            }));
        }
        if (checks.Failed) return checks.Problem();

        // Core checks the scheme as a whole (unique codes, maxima, descriptors, bands).
        var schemeErrors = SchemeRules.Validate(sections, new MarkingScheme([.. criteria.Values], [.. subs.Values], [.. aspects.Select(a => a.Aspect)]));
        // Every row became one aspect, in order, so "aspects[i]" is named by the row's line in the file.
        foreach (var e in schemeErrors) checks.Add(RowField(e.Field, rows), $"{e.MessageZh} / {e.MessageEn}");
        if (checks.Failed) return checks.Problem();

        var oldCriteria = await db.Criteria.Where(c => c.StageId == stageId).Select(c => c.Id).ToListAsync(ct);
        var oldSubs = await db.SubCriteria.Where(s => oldCriteria.Contains(s.CriterionId)).Select(s => s.Id).ToListAsync(ct);
        var oldAspects = db.Aspects.Where(a => oldSubs.Contains(a.SubCriterionId));
        if (await db.Marks.AnyAsync(m => oldAspects.Any(a => a.Id == m.AspectId), ct))
            return Checks.Conflict("已有评分,不能替换评分方案 / Marks exist for this stage; its scheme can no longer be replaced");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await oldAspects.ExecuteDeleteAsync(ct);
        await db.SubCriteria.Where(s => oldSubs.Contains(s.Id)).ExecuteDeleteAsync(ct);
        await db.Criteria.Where(c => oldCriteria.Contains(c.Id)).ExecuteDeleteAsync(ct);
        db.Criteria.AddRange(criteria.Values);
        await db.SaveChangesAsync(ct);
        foreach (var (code, sub) in subs) sub.CriterionId = criteria[criterionOfSub[code]].Id;
        db.SubCriteria.AddRange(subs.Values);
        await db.SaveChangesAsync(ct);
        foreach (var (subCode, aspect) in aspects) aspect.SubCriterionId = subs[subCode].Id;
        db.Aspects.AddRange(aspects.Select(a => a.Aspect));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await live.RefreshAsync(competitionId, ct);
        return await GetScheme(competitionId, stageId, db, ct);
    }

    static string RowField(string field, IReadOnlyList<(int Line, SchemeRow Row)> rows)
    {
        var match = System.Text.RegularExpressions.Regex.Match(field, @"^aspects\[(\d+)\](.*)$");
        return match.Success && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) is var i && i < rows.Count
            ? $"rows[{rows[i].Line}]{match.Groups[2].Value}" : field;
    }

    static List<ToleranceBand>? ParseBands(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var bands = new List<ToleranceBand>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split(':');
            if (pair.Length != 2
                || !decimal.TryParse(pair[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var within)
                || !decimal.TryParse(pair[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var fraction)
                || within > 1_000_000) return null;
            bands.Add(new ToleranceBand(within, fraction));
        }
        return bands;
    }
}
