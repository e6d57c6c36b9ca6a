using LiveBoard.Core.Marking;
using static LiveBoard.Core.Tests.TestData;

namespace LiveBoard.Core.Tests.Marking;

public class MarkValidatorTests
{
    private static string OnlyCode(IReadOnlyList<FieldError> errors) => Assert.Single(errors).Code;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void JudgementScoresZeroToThreeAreAccepted(int score) =>
        Assert.Empty(MarkValidator.Validate(Judgement(2.0m), score));

    [Fact]
    public void NegativeValueIsRejectedOnTheValueField()
    {
        var error = Assert.Single(MarkValidator.Validate(Judgement(2.0m), -1m));

        Assert.Equal("value", error.Field);
        Assert.Equal("negative", error.Code);
    }

    [Fact]
    public void NegativeMeasurementWithoutBandsIsRejected() =>
        Assert.Equal("negative", OnlyCode(MarkValidator.Validate(Measurement(1.5m), -1.5m)));

    [Fact]
    public void OnlyTheFirstProblemIsReported() =>
        // −2.555 is negative, too precise and out of range: the judge is told the first.
        Assert.Equal("negative", OnlyCode(MarkValidator.Validate(Judgement(2.0m), -2.555m)));

    [Fact]
    public void MoreThanTwoDecimalPlacesIsRejected()
    {
        // 1.505 has three decimal places; 1.50 written as 1.500 has the value of two and is fine.
        Assert.Equal("precision", OnlyCode(MarkValidator.Validate(Measurement(1.5m), 1.505m)));
        Assert.Empty(MarkValidator.Validate(Measurement(1.5m), 1.500m));
    }

    [Fact]
    public void DeviationWithMoreThanTwoDecimalPlacesIsRejected() =>
        Assert.Equal("precision", OnlyCode(MarkValidator.Validate(Measurement(2.0m, new ToleranceBand(0.02m, 1m)), 0.015m)));

    [Theory]
    [InlineData(2.5)]
    [InlineData(4)]
    [InlineData(0.5)]
    public void JudgementScoreMustBeWholeNumberFromZeroToThree(double score) =>
        Assert.Equal("range", OnlyCode(MarkValidator.Validate(Judgement(2.0m), (decimal)score)));

    [Fact]
    public void MeasurementWithoutBandsIsFullOrZero()
    {
        var aspect = Measurement(1.5m);

        Assert.Empty(MarkValidator.Validate(aspect, 0m));
        Assert.Empty(MarkValidator.Validate(aspect, 1.5m));
        // Half of 1.5 is not allowed without bands.
        Assert.Equal("full-or-zero", OnlyCode(MarkValidator.Validate(aspect, 0.75m)));
    }

    [Fact]
    public void MeasurementAboveMaximumIsRejected() =>
        Assert.Equal("above-maximum", OnlyCode(MarkValidator.Validate(Measurement(1.5m), 2m)));

    [Fact]
    public void BandedMeasurementAcceptsSignedDeviationWithoutMaximum()
    {
        var aspect = Measurement(2.0m, new ToleranceBand(0.02m, 1m), new ToleranceBand(0.05m, 0.5m));

        // −0.03 mm under nominal, and 5 mm off (scores 0 but is a true measurement).
        Assert.Empty(MarkValidator.Validate(aspect, -0.03m));
        Assert.Empty(MarkValidator.Validate(aspect, 5m));
    }

    [Fact]
    public void MessagesAreInChineseAndEnglishAndNameTheMaximum()
    {
        var error = Assert.Single(MarkValidator.Validate(Measurement(1.5m), 0.75m));

        Assert.Contains("满分 1.5", error.MessageZh);
        Assert.Contains("1.5", error.MessageEn);
        Assert.Contains("either 0 or the full", error.MessageEn);
    }
}
