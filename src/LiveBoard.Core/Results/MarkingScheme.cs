using LiveBoard.Core.Marking;

namespace LiveBoard.Core.Results;

// A stage's scheme as one value. Schemes hold tens of aspects, so plain lookups are fast enough and keep the record simple.
public sealed record MarkingScheme(IReadOnlyList<Criterion> Criteria, IReadOnlyList<SubCriterion> SubCriteria, IReadOnlyList<Aspect> Aspects)
{
    public IEnumerable<Aspect> AspectsOfModule(int moduleId) =>
        Aspects.Where(a => SubCriterionOf(a)?.ModuleId == moduleId);

    public string CriterionCodeOf(Aspect aspect)
    {
        var sub = KnownSubCriterionOf(aspect);
        var criterion = Criteria.FirstOrDefault(c => c.Id == sub.CriterionId)
            ?? throw new InvalidOperationException($"Sub-criterion {sub.Code} names criterion {sub.CriterionId}, which is not in the scheme.");
        return criterion.Code;
    }

    public int ModuleOf(Aspect aspect) => KnownSubCriterionOf(aspect).ModuleId;

    public decimal MaximumTotal => Aspects.Sum(a => a.MaxMark);

    // A scheme that passed SchemeRules never lacks one; reaching this is a bug worth stopping on, not a zero.
    private SubCriterion KnownSubCriterionOf(Aspect aspect) => SubCriterionOf(aspect)
        ?? throw new InvalidOperationException($"Aspect {aspect.Code} names sub-criterion {aspect.SubCriterionId}, which is not in the scheme.");

    private SubCriterion? SubCriterionOf(Aspect aspect) => SubCriteria.FirstOrDefault(s => s.Id == aspect.SubCriterionId);
}
