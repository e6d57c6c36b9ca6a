using System.Globalization;
using LiveBoard.Core.Competitions;

namespace LiveBoard.Core.Marking;

public static class MarkValidator
{
    // One error at most: a judge on a tablet needs the first thing to fix, not a cascade
    // (a negative 2.555 is "negative", not also "precision" and "range").
    public static IReadOnlyList<FieldError> Validate(Aspect aspect, decimal value)
    {
        var error = FirstError(aspect, value);
        return error is null ? [] : [error];
    }

    private static FieldError? FirstError(Aspect aspect, decimal value)
    {
        // A banded measurement records the measured deviation, which may fall on either side of nominal
        // (−0.03 mm) and has no maximum: the bands turn it into a mark.
        bool isDeviation = aspect.Type == AspectType.Measurement && aspect.Bands.Count > 0;

        if (value < 0 && !isDeviation)
            return Error("negative", "分值不能为负数。", "The value cannot be negative.");
        if (decimal.Round(value, 2) != value)
            return Error("precision", "分值最多保留两位小数。", "The value may have at most two decimal places.");

        if (aspect.Type == AspectType.Judgement)
        {
            return value is 0 or 1 or 2 or 3
                ? null
                : Error("range", "评价分须为 0、1、2 或 3 的整数。", "A judgement score must be a whole number from 0 to 3.");
        }

        if (isDeviation)
            return null;

        var max = aspect.MaxMark.ToString(CultureInfo.InvariantCulture);
        if (value > aspect.MaxMark)
            return Error("above-maximum", $"分值超过满分 {max}。", $"The value is above the maximum of {max}.");
        if (value != 0 && value != aspect.MaxMark)
            return Error("full-or-zero", $"测量分只能为 0 或满分 {max}。", $"A measurement mark is either 0 or the full {max}.");
        return null;
    }

    private static FieldError Error(string code, string zh, string en) => new("value", code, zh, en);
}
