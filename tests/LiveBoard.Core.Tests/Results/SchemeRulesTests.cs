using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Core.Results;
using static LiveBoard.Core.Tests.Results.SchemeFixture;

namespace LiveBoard.Core.Tests.Results;

public class SchemeRulesTests
{
    private static StandardsSection Section(string code, decimal weight) =>
        new() { Code = code, TitleZh = code, TitleEn = code, Weight = weight };

    // Weights 60 + 40 = 100.
    private static readonly StandardsSection[] Sections = [Section("1", 60m), Section("2", 40m)];

    private static IReadOnlyList<FieldError> ValidateWith(Action<MarkingScheme> change)
    {
        var scheme = Build();
        change(scheme);
        return SchemeRules.Validate(Sections, scheme);
    }

    private static (string Field, string Code) Only(IReadOnlyList<FieldError> errors)
    {
        var error = Assert.Single(errors);
        return (error.Field, error.Code);
    }

    [Fact]
    public void SoundSchemePasses()
    {
        Assert.Empty(SchemeRules.Validate(Sections, Build()));
        Assert.Empty(SchemeRules.Validate([], Build()));
    }

    [Fact]
    public void SectionWeightsMustAddUpToHundred()
    {
        // 60 + 30 = 90.
        var error = Assert.Single(SchemeRules.Validate([Section("1", 60m), Section("2", 30m)], Build()));

        Assert.Equal(("sections", "weights-sum"), (error.Field, error.Code));
        Assert.Contains("90", error.MessageEn);
    }

    [Fact]
    public void AspectCodesMustBeUniqueIgnoringCase() =>
        Assert.Equal(("aspects[1].code", "duplicate-code"), Only(ValidateWith(s => s.Aspects[1].Code = "a1.1")));

    [Fact]
    public void AspectNeedsACode() =>
        Assert.Equal(("aspects[0].code", "required"), Only(ValidateWith(s => s.Aspects[0].Code = " ")));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10.5)]
    public void MaximumMarkMustBeAboveZeroAndAtMostTen(double maxMark) =>
        Assert.Equal(("aspects[2].maxMark", "range"), Only(ValidateWith(s => s.Aspects[2].MaxMark = (decimal)maxMark)));

    [Fact]
    public void MaximumMarkOfTenIsAllowed() =>
        Assert.Empty(ValidateWith(s => s.Aspects[2].MaxMark = 10m));

    [Fact]
    public void MaximumMarkHasAtMostTwoDecimals() =>
        Assert.Equal(("aspects[0].maxMark", "precision"), Only(ValidateWith(s => s.Aspects[0].MaxMark = 1.555m)));

    [Fact]
    public void JudgementNeedsFourDescriptorsOrNone()
    {
        Assert.Equal(("aspects[0].descriptors", "descriptor-count"), Only(ValidateWith(s => s.Aspects[0].Descriptors = ["0", "1", "2"])));
        Assert.Empty(ValidateWith(s => s.Aspects[0].Descriptors = ["poor", "fair", "good", "excellent"]));
    }

    [Fact]
    public void BandsMustHavePositiveTolerance() =>
        Assert.Equal(("aspects[2].bands[0].within", "band-within"), Only(ValidateWith(s => s.Aspects[2].Bands = [new(0m, 1m)])));

    [Theory]
    [InlineData(0)]
    [InlineData(1.2)]
    public void BandFractionMustBeAboveZeroAndAtMostOne(double fraction) =>
        Assert.Equal(("aspects[2].bands[0].fraction", "band-fraction"),
            Only(ValidateWith(s => s.Aspects[2].Bands = [new(0.02m, (decimal)fraction)])));

    [Fact]
    public void BandsRunFromTightestToLoosest()
    {
        Assert.Equal(("aspects[2].bands", "band-order"), Only(ValidateWith(s => s.Aspects[2].Bands = [new(0.05m, 0.5m), new(0.02m, 1m)])));
        // A looser band earning more than a tighter one.
        Assert.Equal(("aspects[2].bands", "band-order"), Only(ValidateWith(s => s.Aspects[2].Bands = [new(0.02m, 0.5m), new(0.05m, 1m)])));
        Assert.Empty(ValidateWith(s => s.Aspects[2].Bands = [new(0.02m, 1m), new(0.05m, 0.5m)]));
    }

    [Fact]
    public void JudgementAspectsHaveNoBands() =>
        Assert.Equal(("aspects[0].bands", "bands-on-judgement"), Only(ValidateWith(s => s.Aspects[0].Bands = [new(0.02m, 1m)])));

    [Fact]
    public void AspectMustNameAKnownStandardsSection()
    {
        Assert.Equal(("aspects[1].standardsSectionCode", "unknown-section"), Only(ValidateWith(s => s.Aspects[1].StandardsSectionCode = "7")));
        Assert.Empty(ValidateWith(s => s.Aspects[1].StandardsSectionCode = "2"));
    }

    [Fact]
    public void AspectAndSubCriterionMustBelongToTheScheme()
    {
        Assert.Equal(("aspects[1].subCriterionId", "unknown-sub-criterion"), Only(ValidateWith(s => s.Aspects[1].SubCriterionId = 99)));
        Assert.Equal(("subCriteria[0].criterionId", "unknown-criterion"), Only(ValidateWith(s => s.SubCriteria[0].CriterionId = 99)));
    }

    [Fact]
    public void EveryErrorCarriesBothLanguages()
    {
        var errors = ValidateWith(s => { s.Aspects[0].MaxMark = 0m; s.Aspects[1].Code = "A1.1"; });

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.MessageZh) || string.IsNullOrWhiteSpace(e.MessageEn)));
    }
}
