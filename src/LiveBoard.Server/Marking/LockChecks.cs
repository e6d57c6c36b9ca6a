using System.Globalization;
using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Core.Results;
using LiveBoard.Server.Data;
using LiveBoard.Server.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Marking;

public sealed record BlockerCompetitor(int Id, string Bib, string NameZh, string NameEn);
/// A judge named by a blocker: one who has still to mark (no value), or one whose value disagrees.
public sealed record BlockerJudge(int Id, string NameZh, string NameEn, decimal? Value);
/// One thing that keeps a module from locking. `Field` names it in a refusal: `cells[C-01].A1.1` for a cell (bib, aspect
/// code), `medals.gold` for a tie. `Kind`: pending, rescore-required, measurement-disagreement, unresolved-tie-for-gold.
public sealed record LockBlocker(string Kind, string Field, string Message, IReadOnlyList<BlockerCompetitor> Competitors,
    int? AspectId, string? AspectCode, int ScoresNeeded, IReadOnlyList<BlockerJudge> Judges);
/// What the desk reads before locking: every blocker, cell by cell, and whether the lock would make the stage official.
public sealed record LockCheck(int CompetitionId, int ModuleId, string ModuleCode, ModuleStatus Status, bool MakesOfficial,
    string? LockOverrideReason, IReadOnlyList<LockBlocker> Blockers);

/// Builds a module's lock blockers from the same snapshot and Core rules as the standings, so the desk, the refusal and
/// the results agree on what is complete.
public static class LockChecks
{
    public static async Task<LockCheck?> LoadAsync(LiveBoardDb db, int competitionId, int moduleId, CancellationToken ct)
    {
        if (await ModuleView.LoadAsync(db, competitionId, moduleId, ct) is not { } view) return null;
        var s = view.Snapshot;
        var module = s.Modules.First(m => m.Id == moduleId);
        var panelIds = s.Panel.Select(p => p.JudgeId).Distinct().ToList();
        var judges = await db.Judges.AsNoTracking().Where(j => panelIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, ct);
        var parents = s.Organisations.Values.ToDictionary(o => o.Id, o => o.ParentId);

        var blockers = new List<LockBlocker>();
        foreach (var cell in view.Cells())
        {
            if (LockRules.CellBlocker(cell.Aspect.Type, cell.Outcome) is not { } kind) continue;
            var eligible = StandingsCalculator.EligibleJudges(s, moduleId, cell.Competitor, parents);
            blockers.Add(CellBlocker(kind, cell, s, eligible, judges));
        }

        var makesOfficial = LockRules.LockMakesOfficial(s.Modules.Select(m => (m.Id, m.Status)), moduleId);
        // A challenge final's gold is its last holder, one by construction; only a ranked final can tie for gold.
        if (makesOfficial && s.Stage.Kind == StageKind.Final && s.Stage.Format == StageFormat.Ranked)
        {
            var standings = StandingsCalculator.Compute(s);
            var tied = LockRules.UnresolvedGoldTie(standings.Rows.Select(r => (r.CompetitorId, r.Rank, r.Medal)), s.Competition.Rules.GoldCount);
            if (tied.Count > 0) blockers.Add(TieBlocker([.. tied.Select(id => Of(s.Competitors[id]))], s.Competition.Rules.GoldCount));
        }
        return new LockCheck(competitionId, moduleId, module.Code, module.Status, makesOfficial, module.LockOverrideReason, blockers);
    }

    /// The refusal of a lock: 409, each blocker named as a field, and the blockers themselves for the desk.
    public static ProblemHttpResult Refusal(LockCheck check)
    {
        var errors = new Dictionary<string, string[]>
        {
            ["status"] = [$"模块 {check.ModuleCode} 尚有 {check.Blockers.Count} 处未完成,不能锁定;管理员可书面说明理由强制锁定(override) / " +
                          $"Module {check.ModuleCode} has {check.Blockers.Count} blocker(s) and cannot be locked; an admin may override with a written reason"],
        };
        foreach (var b in check.Blockers) errors[b.Field] = [b.Message];
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status409Conflict,
            Title = "模块未完成,不能锁定 / The module is not complete and cannot be locked",
        };
        problem.Extensions["blockers"] = check.Blockers;
        return TypedResults.Problem(problem);
    }

    /// One line for the audit trail of an override: what was locked over.
    public static string Describe(LockCheck check)
    {
        var text = $"{check.ModuleCode} locked over {check.Blockers.Count} blocker(s): " +
                   string.Join("; ", check.Blockers.Select(b => $"{b.Field} {b.Kind}"));
        return text.Length <= 4000 ? text : text[..3999] + "…";
    }

    static LockBlocker CellBlocker(LockBlockerKind kind, ModuleView.Cell cell, StageSnapshot s, IReadOnlyList<int> eligible,
        IReadOnlyDictionary<int, Judge> judges)
    {
        var c = cell.Competitor;
        var code = cell.Aspect.Code;
        var (zh, en) = ($"{c.Bib} {c.NameZh} · {code}", $"{c.Bib} {c.NameEn} · {code}");
        BlockerJudge Judge(int id, decimal? value) => judges.TryGetValue(id, out var j)
            ? new BlockerJudge(id, j.NameZh, j.NameEn, value) : new BlockerJudge(id, $"#{id}", $"#{id}", value);
        var marked = cell.Marks.GroupBy(m => m.JudgeId).Select(g => Judge(g.Key, MarkHistory.Latest(g).Value)).ToList();
        string Values(IEnumerable<BlockerJudge> list, Func<BlockerJudge, string> name, string separator) =>
            string.Join(separator, list.Select(j => j.Value is { } v ? $"{name(j)} {Number(v)}" : name(j)));

        (int Needed, List<BlockerJudge> Judges, string Message) detail = kind switch
        {
            LockBlockerKind.Pending when cell.Aspect.Type == AspectType.Measurement =>
                (1, [.. eligible.Select(id => Judge(id, null))], $"{zh}:尚未测量 / {en}: not measured yet"),
            LockBlockerKind.Pending => Pending(cell, s, eligible, Judge, zh, en),
            LockBlockerKind.RescoreRequired => (0, marked,
                $"{zh}:评分相差 {Number(cell.Outcome.Spread)},超过上限 {Number(s.Competition.Rules.MaxPanelSpread)},需重评({Values(marked, j => j.NameZh, "、")})/ " +
                $"{en}: scores {Number(cell.Outcome.Spread)} apart, above the limit of {Number(s.Competition.Rules.MaxPanelSpread)}: re-score required ({Values(marked, j => j.NameEn, ", ")})"),
            _ => (0, marked,
                $"{zh}:测量值不一致,须商定一个值({Values(marked, j => j.NameZh, "、")})/ " +
                $"{en}: the judges' measurements disagree; one value must be agreed ({Values(marked, j => j.NameEn, ", ")})"),
        };
        return new LockBlocker(KindName(kind), $"cells[{c.Bib}].{code}", detail.Message, [Of(c)], cell.Aspect.Id, code, detail.Needed, detail.Judges);
    }

    // A judgement waits for the panel less abstentions; the missing are the eligible judges without a score.
    static (int, List<BlockerJudge>, string) Pending(ModuleView.Cell cell, StageSnapshot s, IReadOnlyList<int> eligible,
        Func<int, decimal?, BlockerJudge> judge, string zh, string en)
    {
        var rules = s.Competition.Rules;
        var required = Math.Max(1, rules.PanelSize - Math.Max(0, rules.PanelSize - eligible.Count));
        var scored = cell.Marks.Select(m => m.JudgeId).Distinct().Count();
        var needed = Math.Max(1, required - scored);
        var missing = eligible.Where(id => cell.Marks.All(m => m.JudgeId != id)).Select(id => judge(id, null)).ToList();
        return (needed, missing,
            $"{zh}:待评,还需 {needed} 个评分(未评:{string.Join("、", missing.Select(j => j.NameZh))})/ " +
            $"{en}: pending, {needed} more score(s) needed (not yet marked by: {string.Join(", ", missing.Select(j => j.NameEn))})");
    }

    static LockBlocker TieBlocker(IReadOnlyList<BlockerCompetitor> tied, int goldCount) => new(
        KindName(LockBlockerKind.UnresolvedTieForGold), "medals.gold",
        $"金牌并列({tied.Count} 人争 {goldCount} 枚),规则无法打破,不能成为正式成绩:{string.Join("、", tied.Select(c => $"{c.Bib} {c.NameZh}"))} / " +
        $"Unresolved tie for gold ({tied.Count} for {goldCount}) that the rules cannot break; the final cannot become official: " +
        string.Join(", ", tied.Select(c => $"{c.Bib} {c.NameEn}")),
        tied, null, null, 0, []);

    static BlockerCompetitor Of(Competitor c) => new(c.Id, c.Bib, c.NameZh, c.NameEn);

    static string KindName(LockBlockerKind kind) => kind switch
    {
        LockBlockerKind.Pending => "pending",
        LockBlockerKind.RescoreRequired => "rescore-required",
        LockBlockerKind.MeasurementDisagreement => "measurement-disagreement",
        _ => AwardRules.UnresolvedTieForGold,
    };

    static string Number(decimal v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
