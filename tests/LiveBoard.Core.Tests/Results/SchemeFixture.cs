using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Core.Results;
using static LiveBoard.Core.Tests.TestData;

namespace LiveBoard.Core.Tests.Results;

// Criterion A (A1 in module 100) and B (B1 in module 100, B2 in module 200); one aspect per sub-criterion.
internal static class SchemeFixture
{
    public const int Day1 = 100, Day2 = 200;
    public const int AspectA1 = 1, AspectB1 = 2, AspectB2 = 3;

    public static MarkingScheme Build() => new(
        [Criterion(1, "A"), Criterion(2, "B")],
        [SubCriterion(11, 1, Day1, "A1"), SubCriterion(21, 2, Day1, "B1"), SubCriterion(22, 2, Day2, "B2")],
        [Judgement(2.0m, AspectA1, 11, "A1.1"), Judgement(1.5m, AspectB1, 21, "B1.1"), MeasurementOf(1.0m, AspectB2, 22, "B2.1")]);

    public static Criterion Criterion(int id, string code) => new() { Id = id, Code = code, NameZh = code, NameEn = code };

    public static SubCriterion SubCriterion(int id, int criterionId, int moduleId, string code) =>
        new() { Id = id, CriterionId = criterionId, ModuleId = moduleId, Code = code, NameZh = code, NameEn = code };

    public static Aspect MeasurementOf(decimal maxMark, int id, int subCriterionId, string code)
    {
        var aspect = Judgement(maxMark, id, subCriterionId, code);
        aspect.Type = AspectType.Measurement;
        return aspect;
    }
}
