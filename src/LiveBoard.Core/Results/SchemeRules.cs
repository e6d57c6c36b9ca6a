using System.Globalization;
using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;

namespace LiveBoard.Core.Results;

// Checks an organiser's scheme before any judge marks against it; every error names the field to fix.
public static class SchemeRules
{
    private const decimal LargestAspectMark = 10m;

    public static IReadOnlyList<FieldError> Validate(IReadOnlyList<StandardsSection> sections, MarkingScheme scheme)
    {
        List<FieldError> errors = [];

        var weights = sections.Sum(s => s.Weight);
        if (sections.Count > 0 && weights != 100m)
        {
            var sum = weights.ToString(CultureInfo.InvariantCulture);
            errors.Add(new("sections", "weights-sum", $"标准章节权重之和须为 100，当前为 {sum}。", $"Standards-section weights must add up to 100; they add up to {sum}."));
        }

        var criterionIds = scheme.Criteria.Select(c => c.Id).ToHashSet();
        for (var i = 0; i < scheme.SubCriteria.Count; i++)
        {
            if (!criterionIds.Contains(scheme.SubCriteria[i].CriterionId))
                errors.Add(new($"subCriteria[{i}].criterionId", "unknown-criterion", "子评分项所属的评分项不存在。", "The sub-criterion belongs to a criterion that is not in the scheme."));
        }

        var subCriterionIds = scheme.SubCriteria.Select(s => s.Id).ToHashSet();
        var sectionCodes = sections.Select(s => s.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Codes are typed by hand from spreadsheets, so "a1.1" and "A1.1" count as the same code.
        var seenCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < scheme.Aspects.Count; i++)
        {
            var aspect = scheme.Aspects[i];
            var field = $"aspects[{i}]";

            if (string.IsNullOrWhiteSpace(aspect.Code))
                errors.Add(new($"{field}.code", "required", "评分细则须有编号。", "The aspect needs a code."));
            else if (!seenCodes.Add(aspect.Code.Trim()))
                errors.Add(new($"{field}.code", "duplicate-code", $"编号 {aspect.Code} 重复。", $"The code {aspect.Code} is used more than once."));

            if (!subCriterionIds.Contains(aspect.SubCriterionId))
                errors.Add(new($"{field}.subCriterionId", "unknown-sub-criterion", "评分细则所属的子评分项不存在。", "The aspect belongs to a sub-criterion that is not in the scheme."));

            if (sections.Count > 0 && aspect.StandardsSectionCode is { } section && !sectionCodes.Contains(section))
                errors.Add(new($"{field}.standardsSectionCode", "unknown-section", $"标准章节 {section} 不存在。", $"The standards section {section} does not exist."));

            if (aspect.MaxMark <= 0 || aspect.MaxMark > LargestAspectMark)
                errors.Add(new($"{field}.maxMark", "range", "满分须大于 0 且不超过 10。", "The maximum mark must be above 0 and at most 10."));
            else if (decimal.Round(aspect.MaxMark, 2) != aspect.MaxMark)
                errors.Add(new($"{field}.maxMark", "precision", "满分最多保留两位小数。", "The maximum mark may have at most two decimal places."));

            if (aspect.Type == AspectType.Judgement)
                errors.AddRange(JudgementErrors(aspect, field));
            else
                errors.AddRange(BandErrors(aspect.Bands, field));
        }
        return errors;
    }

    private static IEnumerable<FieldError> JudgementErrors(Aspect aspect, string field)
    {
        // None is allowed while a scheme is drafted; otherwise one descriptor for each of 0, 1, 2, 3.
        if (aspect.Descriptors.Count is not (0 or 4))
            yield return new($"{field}.descriptors", "descriptor-count", "评价分须有 0、1、2、3 四条描述（或暂不填写）。", "A judgement aspect needs four descriptors, one for each of 0, 1, 2 and 3 (or none yet).");
        if (aspect.Bands.Count > 0)
            yield return new($"{field}.bands", "bands-on-judgement", "评价类细则不能设置公差带。", "Tolerance bands apply to measurement aspects only.");
    }

    private static IEnumerable<FieldError> BandErrors(IReadOnlyList<ToleranceBand> bands, string field)
    {
        for (var j = 0; j < bands.Count; j++)
        {
            if (bands[j].Within <= 0)
                yield return new($"{field}.bands[{j}].within", "band-within", "公差须大于 0。", "A tolerance must be above 0.");
            if (bands[j].Fraction <= 0 || bands[j].Fraction > 1)
                yield return new($"{field}.bands[{j}].fraction", "band-fraction", "得分比例须大于 0 且不超过 1。", "A band's fraction must be above 0 and at most 1.");
        }
        // Tightest first, and a looser tolerance never earns more than a tighter one.
        for (var j = 1; j < bands.Count; j++)
        {
            if (bands[j].Within <= bands[j - 1].Within || bands[j].Fraction > bands[j - 1].Fraction)
            {
                yield return new($"{field}.bands", "band-order", "公差带须由严到宽排列，且越宽得分比例不得越高。", "Bands must run from tightest to loosest, and a looser band must not earn more.");
                yield break;
            }
        }
    }
}
