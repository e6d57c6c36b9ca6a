using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Core.Results;

namespace LiveBoard.Server.Results;

/// Turns a loaded stage into standings by calling Core's rules; it holds no rule of its own beyond wiring.
public static class StandingsCalculator
{
    public static IReadOnlyList<AspectOutcome> Outcomes(StageSnapshot s, int? moduleId = null)
    {
        var rules = s.Competition.Rules;
        var byCell = s.CurrentMarks.ToLookup(m => (m.AspectId, m.CompetitorId));
        var aspects = moduleId is { } id ? s.Scheme.AspectsOfModule(id) : s.Scheme.Aspects;
        var moduleOfAspect = s.Scheme.SubCriteria.ToDictionary(sc => sc.Id, sc => sc.ModuleId);
        var parents = s.Organisations.Values.ToDictionary(o => o.Id, o => o.ParentId);
        var outcomes = new List<AspectOutcome>();
        foreach (var aspect in aspects)
        {
            var module = moduleOfAspect[aspect.SubCriterionId];
            foreach (var entry in s.Entries)
            {
                var competitor = s.Competitors[entry.CompetitorId];
                var abstentions = Abstentions(s, module, competitor, parents);
                outcomes.Add(AspectScorer.Score(aspect, competitor.Id, rules, [.. byCell[(aspect.Id, competitor.Id)]], abstentions));
            }
        }
        return outcomes;
    }

    /// The panel judges of a module who may mark this competitor (no conflict of interest).
    public static IReadOnlyList<int> EligibleJudges(StageSnapshot s, int moduleId, Competitor competitor, IReadOnlyDictionary<int, int?> parents) =>
        [.. s.Panel.Where(p => p.ModuleId is null || p.ModuleId == moduleId).DistinctBy(p => p.JudgeId)
            .Where(p => !ConflictOfInterest.Conflicts(p.OrganisationId, competitor.OrganisationId, parents)).Select(p => p.JudgeId)];

    // Panel members with a conflict of interest abstain: the aspect waits for fewer scores only when the
    // judges left without a conflict are fewer than the panel size.
    public static int Abstentions(StageSnapshot s, int moduleId, Competitor competitor, IReadOnlyDictionary<int, int?> parents) =>
        Math.Max(0, s.Competition.Rules.PanelSize - EligibleJudges(s, moduleId, competitor, parents).Count);

    public static Standings Compute(StageSnapshot s, int? moduleId = null)
    {
        var rules = s.Competition.Rules;
        var competitorIds = s.Entries.Select(e => e.CompetitorId).ToList();
        var totals = TotalsCalculator.Compute(s.Scheme, competitorIds, Outcomes(s, moduleId), moduleId);
        var ranked = Ranking.Rank(totals, rules.TieBreakCriteria);
        var totalsById = totals.ToDictionary(t => t.CompetitorId);
        var modules = moduleId is { } id ? s.Modules.Where(m => m.Id == id).ToList() : s.Modules;
        var warnings = new List<string>();

        var advancement = moduleId is null
            // Nobody advances on marks they do not have yet: only competitors with a scored aspect are considered.
            ? AdvancementRules.Apply([.. ranked.Where(r => totalsById[r.CompetitorId].AspectsScored > 0)], s.Stage.Advancement, s.Stage.AdvancementValue)
            : new AdvancementOutcome(new HashSet<int>(), null);

        ChallengeOutcome? challenge = null;
        var medals = new Dictionary<int, Medal>();
        if (moduleId is null && s.Stage.Kind == StageKind.Final)
        {
            bool Eligible(int id) => s.Competitors[id].MedalEligible;
            if (s.Stage.Format == StageFormat.Challenge)
            {
                // 擂台赛: the title holder after the last bout takes gold; the others are medalled on total.
                challenge = ChallengeRules.Run([.. s.Entries.Where(e => totalsById[e.CompetitorId].AspectsScored > 0)
                    .Select(e => (e.CompetitorId, totalsById[e.CompetitorId].Total))]);
                if (challenge.HolderId is { } holder && Eligible(holder)) medals[holder] = Medal.Gold;
                var rest = AwardRules.Assign([.. ranked.Where(r => r.CompetitorId != challenge.HolderId)], Eligible,
                    new CompetitionRules { GoldCount = 0, SilverCount = rules.SilverCount, BronzeCount = rules.BronzeCount });
                foreach (var (cid, medal) in rest.Medals) medals.TryAdd(cid, medal);
                warnings.AddRange(rest.Warnings);
            }
            else
            {
                var awards = AwardRules.Assign(ranked, Eligible, rules);
                foreach (var (cid, medal) in awards.Medals) medals[cid] = medal;
                warnings.AddRange(awards.Warnings);
            }
        }

        IReadOnlyDictionary<int, decimal>? scaled = null;
        if (rules.ScalingEnabled)
        {
            var scoredRaw = totals.Where(t => t.AspectsScored > 0).ToDictionary(t => t.CompetitorId, t => t.Total);
            scaled = Scaling.Scale(scoredRaw, rules.ScaleCentre, rules.ScaleSpread);
        }

        var protestedIds = s.Entries.Where(e => e.Protested).Select(e => e.CompetitorId).ToHashSet();
        var moduleStatuses = modules.Select(m => m.Status).ToList();
        var rows = ranked.Select(r =>
        {
            var c = s.Competitors[r.CompetitorId];
            var t = totalsById[r.CompetitorId];
            var org = s.Organisations.GetValueOrDefault(c.OrganisationId);
            decimal? sc = scaled is not null && scaled.TryGetValue(c.Id, out var v) ? v : null;
            var status = ResultStatusRules.For(moduleStatuses, protestedIds.Contains(c.Id), t.AspectsScored > 0);
            return new StandingsRow(c.Id, c.Bib, c.NameZh, c.NameEn, c.OrganisationId, org?.NameZh ?? "", org?.NameEn ?? "",
                r.Rank, r.Total, sc, sc is { } x && Scaling.IsMedallion(x, rules.ScaleCentre), t.ByCriterion,
                t.AspectsScored, t.AspectsTotal, t.RescoreRequired, status, medals.GetValueOrDefault(c.Id),
                advancement.Advancing.Contains(c.Id), c.MedalEligible, r.TieBreakNote);
        }).ToList();

        return new Standings(s.Competition.Id, s.Stage.Id, moduleId, s.Stage.Kind, s.Stage.Format,
            moduleId is { } mid ? s.Scheme.AspectsOfModule(mid).Sum(a => a.MaxMark) : s.Scheme.MaximumTotal,
            rules.TieBreakCriteria, s.Stage.Advancement, s.Stage.AdvancementValue, advancement.LineAfterRank,
            rows, warnings, challenge);
    }

    public static CompetitorBreakdown? Breakdown(StageSnapshot s, int competitorId)
    {
        var entry = s.Entries.FirstOrDefault(e => e.CompetitorId == competitorId);
        if (entry is null) return null;
        var outcomes = Outcomes(s).Where(o => o.CompetitorId == competitorId).ToDictionary(o => o.AspectId);
        var marks = s.CurrentMarks.Where(m => m.CompetitorId == competitorId).ToLookup(m => m.AspectId);
        var subToCriterion = s.Scheme.SubCriteria.ToDictionary(sc => sc.Id, sc => sc.CriterionId);
        var criteria = s.Scheme.Criteria.Select(c =>
        {
            var aspects = s.Scheme.Aspects.Where(a => subToCriterion[a.SubCriterionId] == c.Id).Select(a =>
            {
                var o = outcomes[a.Id];
                var scores = marks[a.Id].OrderBy(m => m.Id).Select(m => new JudgeScore(m.Id, m.JudgeId, m.Value, m.RecordedAt)).ToList();
                return new AspectBreakdown(a.Id, a.Code, a.DescriptionZh, a.DescriptionEn, a.Type, a.MaxMark,
                    o.Kind.ToString(), o.Mark, scores, o.Spread);
            }).ToList();
            return new CriterionBreakdown(c.Code, c.NameZh, c.NameEn,
                aspects.Where(a => a.Outcome == nameof(AspectOutcomeKind.Scored)).Sum(a => a.Mark), aspects.Sum(a => a.MaxMark), aspects);
        }).ToList();
        var status = ResultStatusRules.For(s.Modules.Select(m => m.Status), entry.Protested, marks.Any());
        return new CompetitorBreakdown(competitorId, s.Stage.Id, criteria.Sum(c => c.Mark), s.Scheme.MaximumTotal, status, criteria);
    }
}
