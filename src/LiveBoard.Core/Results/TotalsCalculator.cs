using LiveBoard.Core.Marking;

namespace LiveBoard.Core.Results;

public sealed record CompetitorTotals(int CompetitorId, decimal Total, IReadOnlyDictionary<string, decimal> ByCriterion,
    IReadOnlyDictionary<int, decimal> ByModule, int AspectsScored, int AspectsTotal, int RescoreRequired);

public static class TotalsCalculator
{
    public static IReadOnlyList<CompetitorTotals> Compute(MarkingScheme scheme, IEnumerable<int> competitorIds, IEnumerable<AspectOutcome> outcomes, int? moduleId = null)
    {
        var aspects = (moduleId is int module ? scheme.AspectsOfModule(module) : scheme.Aspects)
            .ToDictionary(a => a.Id);
        var criterionOf = aspects.Values.ToDictionary(a => a.Id, scheme.CriterionCodeOf);
        var moduleOf = aspects.Values.ToDictionary(a => a.Id, scheme.ModuleOf);

        // Last outcome wins per aspect and competitor, so a duplicate can never count twice.
        var byCompetitor = new Dictionary<int, Dictionary<int, AspectOutcome>>();
        foreach (var outcome in outcomes.Where(o => aspects.ContainsKey(o.AspectId)))
        {
            if (!byCompetitor.TryGetValue(outcome.CompetitorId, out var perAspect))
                byCompetitor[outcome.CompetitorId] = perAspect = [];
            perAspect[outcome.AspectId] = outcome;
        }

        return competitorIds.Distinct().Select(id =>
        {
            // Every criterion and module in scope appears, with zero until marked, so tables keep their columns.
            var byCriterion = criterionOf.Values.Distinct().ToDictionary(code => code, _ => 0m);
            var byModule = moduleOf.Values.Distinct().ToDictionary(m => m, _ => 0m);
            var scored = 0;
            var rescore = 0;
            var total = 0m;
            foreach (var outcome in byCompetitor.GetValueOrDefault(id)?.Values ?? Enumerable.Empty<AspectOutcome>())
            {
                if (outcome.Kind == AspectOutcomeKind.RescoreRequired)
                    rescore++;
                if (outcome.Kind != AspectOutcomeKind.Scored)
                    continue;
                scored++;
                total += outcome.Mark;
                byCriterion[criterionOf[outcome.AspectId]] += outcome.Mark;
                byModule[moduleOf[outcome.AspectId]] += outcome.Mark;
            }
            return new CompetitorTotals(id, total, byCriterion, byModule, scored, aspects.Count, rescore);
        }).ToList();
    }
}
