using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Core.Results;

namespace LiveBoard.Server.Demo;

sealed partial class DemoBuilder
{
    // Each stage gets its own copy of the trade's scheme, holding the aspects whose FromStage it has reached.
    // A sub-criterion is the part of a criterion marked in one module (A1, A2, …); aspects are numbered in it (A1.1).
    sealed record StageScheme(MarkingScheme Scheme, List<(Aspect Aspect, Module Module)> Aspects);

    async Task<StageScheme[]> AddSchemesAsync(
        int competitionId, Trade trade, Stage[] stages, Module[][] modules, CancellationToken ct)
    {
        db.StandardsSections.AddRange(trade.Sections.Select(s => new StandardsSection
        {
            CompetitionId = competitionId, Code = s.Code, TitleZh = s.Zh, TitleEn = s.En, Weight = s.Weight,
        }));
        Criterion[][] criteria = [.. stages.Select(stage => trade.Criteria.Select(c => new Criterion
        {
            StageId = stage.Id, Code = c.Code, NameZh = c.Zh, NameEn = c.En,
        }).ToArray())];
        db.Criteria.AddRange(criteria.SelectMany(c => c));
        await db.SaveChangesAsync(ct);

        var plan = new List<(int Stage, SubCriterion SubCriterion, Module Module, AspectSpec[] Aspects)>();
        for (var k = 0; k < stages.Length; k++)
        {
            for (var c = 0; c < trade.Criteria.Length; c++)
            {
                var spec = trade.Criteria[c];
                var byModule = spec.Aspects.Where(a => a.FromStage <= k + 1).GroupBy(a => a.Module).OrderBy(g => g.Key);
                foreach (var (group, n) in byModule.Select((g, n) => (g, n)))
                {
                    var moduleSpec = trade.Modules[group.Key];
                    var subCriterion = new SubCriterion
                    {
                        CriterionId = criteria[k][c].Id,
                        ModuleId = modules[k][group.Key].Id,
                        Code = $"{spec.Code}{n + 1}",
                        NameZh = $"{spec.Zh}·{moduleSpec.Zh}",
                        NameEn = $"{spec.En}: {moduleSpec.En}",
                    };
                    db.SubCriteria.Add(subCriterion);
                    plan.Add((k, subCriterion, modules[k][group.Key], [.. group]));
                }
            }
        }
        await db.SaveChangesAsync(ct);

        var aspects = stages.Select(_ => new List<(Aspect Aspect, Module Module)>()).ToArray();
        foreach (var (k, subCriterion, module, specs) in plan)
        {
            foreach (var (spec, n) in specs.Select((s, n) => (s, n)))
            {
                var aspect = new Aspect
                {
                    SubCriterionId = subCriterion.Id,
                    Code = $"{subCriterion.Code}.{n + 1}",
                    DescriptionZh = spec.Zh,
                    DescriptionEn = spec.En,
                    Type = spec.Type,
                    MaxMark = spec.Max,
                    StandardsSectionCode = spec.Section,
                    Descriptors = spec.Type == AspectType.Judgement ? [.. DemoData.Descriptors] : [],
                    Bands = [.. spec.Bands],
                };
                db.Aspects.Add(aspect);
                aspects[k].Add((aspect, module));
            }
        }
        await db.SaveChangesAsync(ct);
        return [.. stages.Select((_, k) => new StageScheme(
            new MarkingScheme(criteria[k], [.. plan.Where(p => p.Stage == k).Select(p => p.SubCriterion)], [.. aspects[k].Select(a => a.Aspect)]),
            aspects[k]))];
    }
}
