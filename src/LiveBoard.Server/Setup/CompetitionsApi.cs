using LiveBoard.Core.Competitions;
using LiveBoard.Server.Accounts;
using LiveBoard.Server.Data;
using LiveBoard.Server.Hosting;
using LiveBoard.Server.Live;
using LiveBoard.Server.Marking;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Setup;

public sealed record CompetitionInput(int? SeriesId, string? Slug, string? TradeZh, string? TradeEn, CompetitionLevel? Level,
    string? GradeZh, string? GradeEn, string? HostsZh, string? HostsEn, string? VenueZh, string? VenueEn, CompetitionRules? Rules);
public sealed record StageInput(StageKind? Kind, StageFormat? Format, string? NameZh, string? NameEn, int? Order,
    AdvancementRule? Advancement, decimal? AdvancementValue);
public sealed record ModuleInput(string? Code, string? NameZh, string? NameEn, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt);

public static class CompetitionsApi
{
    public static IEndpointRouteBuilder MapCompetitions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/competitions").WithTags("Setup");
        group.MapGet("/", (LiveBoardDb db, int? seriesId, CancellationToken ct) =>
            db.Competitions.AsNoTracking().Where(c => seriesId == null || c.SeriesId == seriesId).OrderBy(c => c.Id).ToListAsync(ct));
        group.MapGet("/{competitionId:int}", async Task<Results<Ok<Competition>, ProblemHttpResult>> (int competitionId, LiveBoardDb db, CancellationToken ct) =>
            await db.Competitions.FindAsync([competitionId], ct) is { } c ? TypedResults.Ok(c) : Checks.NotFound($"competition {competitionId}"));
        group.MapPost("/", CreateCompetition).RequireAuthorization(Policies.Admin);
        group.MapPut("/{competitionId:int}/rules", UpdateRules).RequireAuthorization(Policies.Admin);

        group.MapGet("/{competitionId:int}/stages", (int competitionId, LiveBoardDb db, CancellationToken ct) =>
            db.Stages.AsNoTracking().Where(s => s.CompetitionId == competitionId).OrderBy(s => s.Order).ToListAsync(ct));
        group.MapPost("/{competitionId:int}/stages", CreateStage).RequireAuthorization(Policies.Admin);
        group.MapGet("/{competitionId:int}/modules", async (int competitionId, LiveBoardDb db, CancellationToken ct) =>
        {
            var modules = await db.Modules.AsNoTracking()
                .Where(m => db.Stages.Any(s => s.Id == m.StageId && s.CompetitionId == competitionId)).ToListAsync(ct);
            return modules.OrderBy(m => m.StartsAt).ThenBy(m => m.Id).ToList();
        });
        group.MapPost("/{competitionId:int}/stages/{stageId:int}/modules", CreateModule).RequireAuthorization(Policies.Admin);
        return routes;
    }

    static async Task<Results<Created<Competition>, ProblemHttpResult>> CreateCompetition(CompetitionInput input, LiveBoardDb db, LiveChanges live, CancellationToken ct)
    {
        var checks = new Checks().Required("seriesId", input.SeriesId).Text("slug", input.Slug, 60)
            .Text("tradeZh", input.TradeZh).Text("tradeEn", input.TradeEn)
            .Text("gradeZh", input.GradeZh, required: false).Text("gradeEn", input.GradeEn, required: false)
            .Text("hostsZh", input.HostsZh, 500, false, multiLine: true).Text("hostsEn", input.HostsEn, 500, false, multiLine: true)
            .Text("venueZh", input.VenueZh, required: false).Text("venueEn", input.VenueEn, required: false).Enum("level", input.Level);
        checks.That(input.Slug is null || Slugs.IsValid(input.Slug), "slug", Slugs.Message);
        if (input.Rules is { } rules) RulesChecks.Check(checks, rules);
        if (input.SeriesId is { } sid && !await db.Series.AnyAsync(s => s.Id == sid, ct)) checks.Add("seriesId", "系列赛不存在 / Unknown series");
        if (!checks.Failed && await db.Competitions.AnyAsync(c => c.Slug == input.Slug, ct)) checks.Add("slug", "已存在 / Already exists");
        if (checks.Failed) return checks.Problem();
        var c = new Competition
        {
            SeriesId = input.SeriesId!.Value, Slug = input.Slug!, TradeZh = input.TradeZh!, TradeEn = input.TradeEn!,
            Level = input.Level ?? CompetitionLevel.City, GradeZh = input.GradeZh, GradeEn = input.GradeEn,
            HostsZh = input.HostsZh, HostsEn = input.HostsEn, VenueZh = input.VenueZh, VenueEn = input.VenueEn,
            Rules = input.Rules ?? new CompetitionRules(),
        };
        db.Competitions.Add(c);
        await db.SaveChangesAsync(ct);
        await live.RefreshAsync(c.Id, ct);
        return TypedResults.Created($"/api/competitions/{c.Id}", c);
    }

    /// Rules are fixed once marking starts: after the first mark, a change to anything results are computed from needs
    /// `amendment.reason`, and is audited. Before marks, changes are set-up and pass freely.
    static async Task<Results<Ok<Competition>, ProblemHttpResult>> UpdateRules(int competitionId, RulesUpdate rules, LiveBoardDb db, LiveChanges live,
        TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var c = await db.Competitions.FindAsync([competitionId], ct);
        if (c is null) return Checks.NotFound($"competition {competitionId}");
        var checks = new Checks();
        RulesChecks.Check(checks, rules);
        if (rules.Amendment is { } amendment) checks.Text("amendment.reason", amendment.Reason, 500, multiLine: true);
        if (checks.Failed) return checks.Problem();
        var next = rules.Rules();
        var changes = RulesChecks.Changes(c.Rules, next);
        if (changes.Count == 0 && c.Rules.PublicMarksBeforeLock == next.PublicMarksBeforeLock) return TypedResults.Ok(c);
        var marked = await db.Marks.AnyAsync(m => m.CompetitionId == competitionId, ct);
        if (marked && changes.Count > 0 && rules.Amendment is null)
        {
            foreach (var change in changes)
                checks.Add($"rules.{change.Field}", $"评分已开始,规则已固定({change.From} → {change.To});修改须附 amendment.reason / " +
                    $"Marking has started and the rules are fixed ({change.From} → {change.To}); changing them needs amendment.reason");
            return checks.Problem(StatusCodes.Status409Conflict);
        }
        c.Rules = next;
        if (changes.Count > 0)
            db.AuditEntries.Add(new AuditEntry
            {
                CompetitionId = competitionId, At = time.GetUtcNow(), Actor = Actor.Of(http), Action = marked ? "rules-amendment" : "rules",
                Detail = string.Join("; ", changes.Select(ch => $"{ch.Field}: {ch.From} → {ch.To}")), Reason = rules.Amendment?.Reason,
            });
        await db.SaveChangesAsync(ct);
        await live.RefreshAsync(competitionId, ct);
        return TypedResults.Ok(c);
    }

    static async Task<Results<Created<Stage>, ProblemHttpResult>> CreateStage(int competitionId, StageInput input, LiveBoardDb db, LiveChanges live, CancellationToken ct)
    {
        if (!await db.Competitions.AnyAsync(c => c.Id == competitionId, ct)) return Checks.NotFound($"competition {competitionId}");
        var checks = new Checks().Required("kind", input.Kind).Enum("kind", input.Kind).Enum("format", input.Format).Enum("advancement", input.Advancement)
            .Text("nameZh", input.NameZh).Text("nameEn", input.NameEn).Range("order", input.Order, 0, 1000);
        // Bounded so every rule's arithmetic stays far from decimal overflow (top N, a percentage, a mark out of at most a few thousand).
        checks.Range("advancementValue", input.AdvancementValue, 0, 100_000);
        checks.That(input.Advancement != AdvancementRule.TopPercent || input.AdvancementValue is > 0 and <= 100,
            "advancementValue", "百分比须在 0 到 100 之间 / A percentage must be above 0 and at most 100");
        if (!checks.Failed && input.Kind is { } kind && await db.Stages.AnyAsync(s => s.CompetitionId == competitionId && s.Kind == kind, ct))
            checks.Add("kind", "该阶段已存在 / This stage already exists");
        if (checks.Failed) return checks.Problem();
        var stage = new Stage
        {
            CompetitionId = competitionId, Kind = input.Kind!.Value, Format = input.Format ?? StageFormat.Ranked,
            NameZh = input.NameZh!, NameEn = input.NameEn!, Order = input.Order ?? (int)input.Kind.Value + 1,
            Advancement = input.Advancement ?? AdvancementRule.None, AdvancementValue = input.AdvancementValue ?? 0,
        };
        db.Stages.Add(stage);
        await db.SaveChangesAsync(ct);
        await live.RefreshAsync(competitionId, ct);
        return TypedResults.Created($"/api/competitions/{competitionId}/stages/{stage.Id}", stage);
    }

    static async Task<Results<Created<Module>, ProblemHttpResult>> CreateModule(int competitionId, int stageId, ModuleInput input, LiveBoardDb db, LiveChanges live, CancellationToken ct)
    {
        if (!await db.Stages.AnyAsync(s => s.Id == stageId && s.CompetitionId == competitionId, ct)) return Checks.NotFound($"stage {stageId}");
        var checks = new Checks().Text("code", input.Code, 20).Text("nameZh", input.NameZh).Text("nameEn", input.NameEn)
            .Required("startsAt", input.StartsAt).Required("endsAt", input.EndsAt);
        checks.That(input.StartsAt is null || input.EndsAt is null || input.EndsAt > input.StartsAt, "endsAt", "结束须晚于开始 / Must be after startsAt");
        if (checks.Failed) return checks.Problem();
        var module = new Module
        {
            StageId = stageId, Code = input.Code!, NameZh = input.NameZh!, NameEn = input.NameEn!,
            StartsAt = input.StartsAt!.Value.ToUniversalTime(), EndsAt = input.EndsAt!.Value.ToUniversalTime(),
        };
        db.Modules.Add(module);
        await db.SaveChangesAsync(ct);
        await live.RefreshAsync(competitionId, ct);
        return TypedResults.Created($"/api/competitions/{competitionId}/modules/{module.Id}", module);
    }
}

/// Why rules change once marking has started, recorded with the change.
public sealed record Amendment(string? Reason);

/// `PUT …/rules` takes the rules themselves, plus an `amendment` once marking has started.
public sealed class RulesUpdate : CompetitionRules
{
    public Amendment? Amendment { get; set; }

    public CompetitionRules Rules() => new()
    {
        PanelRule = PanelRule, PanelSize = PanelSize, MaxPanelSpread = MaxPanelSpread, GoldCount = GoldCount, SilverCount = SilverCount,
        BronzeCount = BronzeCount, TieBreakCriteria = [.. TieBreakCriteria ?? []], ScalingEnabled = ScalingEnabled, ScaleCentre = ScaleCentre,
        ScaleSpread = ScaleSpread, PublicMarksBeforeLock = PublicMarksBeforeLock,
    };
}

static class RulesChecks
{
    /// The rules a result is computed from that differ, by field. Whether the public sees judges' marks before lock
    /// changes no result, so it is not among them.
    public static List<FieldChange> Changes(CompetitionRules from, CompetitionRules to)
    {
        var changes = new List<FieldChange>();
        void Compare<T>(string field, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b)) changes.Add(new FieldChange(field, Text(a), Text(b)));
        }
        static string Text<T>(T v) => v switch
        {
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            _ => v?.ToString() ?? "",
        };
        Compare("panelRule", from.PanelRule, to.PanelRule);
        Compare("panelSize", from.PanelSize, to.PanelSize);
        Compare("maxPanelSpread", from.MaxPanelSpread, to.MaxPanelSpread);
        Compare("goldCount", from.GoldCount, to.GoldCount);
        Compare("silverCount", from.SilverCount, to.SilverCount);
        Compare("bronzeCount", from.BronzeCount, to.BronzeCount);
        Compare("tieBreakCriteria", $"[{string.Join(",", from.TieBreakCriteria)}]", $"[{string.Join(",", to.TieBreakCriteria)}]");
        Compare("scalingEnabled", from.ScalingEnabled, to.ScalingEnabled);
        Compare("scaleCentre", from.ScaleCentre, to.ScaleCentre);
        Compare("scaleSpread", from.ScaleSpread, to.ScaleSpread);
        return changes;
    }

    public static void Check(Checks checks, CompetitionRules r)
    {
        checks.Enum("rules.panelRule", r.PanelRule);
        checks.That(r.PanelSize is >= 1 and <= 15, "rules.panelSize", "评审组人数须在 1 到 15 之间 / Panel size must be 1 to 15");
        checks.That(r.PanelRule != PanelRule.WorldSkills || r.PanelSize == 3, "rules.panelSize", "世赛评审组为 3 人 / A WorldSkills panel has 3 judges");
        checks.That(r.PanelRule != PanelRule.TrimmedMean || r.PanelSize >= 4, "rules.panelSize", "去掉最高最低分需要至少 4 人 / A trimmed mean needs a panel of 4 or more");
        checks.That(r.MaxPanelSpread is >= 0 and <= 3, "rules.maxPanelSpread", "须在 0 到 3 之间 / Must be 0 to 3");
        checks.That(r.GoldCount is >= 0 and <= 10, "rules.goldCount", "须在 0 到 10 之间 / Must be 0 to 10");
        checks.That(r.SilverCount is >= 0 and <= 20, "rules.silverCount", "须在 0 到 20 之间 / Must be 0 to 20");
        checks.That(r.BronzeCount is >= 0 and <= 30, "rules.bronzeCount", "须在 0 到 30 之间 / Must be 0 to 30");
        checks.That(r.ScaleSpread > 0, "rules.scaleSpread", "须大于 0 / Must be above 0");
        // Scaled points are shown beside raw totals; these bounds keep the scaling arithmetic far from decimal overflow.
        checks.Range("rules.scaleSpread", r.ScaleSpread, 0, 10_000).Range("rules.scaleCentre", r.ScaleCentre, 0, 100_000);
        if (r.TieBreakCriteria is null) checks.Add("rules.tieBreakCriteria", "须为列表(可为空)/ Must be a list (may be empty)");
        else checks.That(r.TieBreakCriteria.Count <= 20, "rules.tieBreakCriteria", "最多 20 项 / At most 20 criteria")
            .Items("rules.tieBreakCriteria", r.TieBreakCriteria!, (c, field, code) => c.Text(field, code, 10));
    }
}
