using System.Net;
using System.Net.Http.Json;
using LiveBoard.Server.Tests.Infrastructure;

namespace LiveBoard.Server.Tests.Marking;

public class MarkSubmissionTests : CompetitionTest
{
    [Fact]
    public async Task AcceptedMarkIsStoredWithWhoWhenAndDevice()
    {
        var mark = await admin.PostOk($"{t.Base}/marks", new
        {
            aspectId = t.JudgeAspect, competitorId = t.Competitors["C-01"], judgeId = t.Judges[0], value = 2, idempotencyKey = "k-1", device = "tablet-7",
        });
        Assert.Equal(2m, mark["value"]!.GetValue<decimal>());
        Assert.Equal("tablet-7", mark["device"]!.GetValue<string>());
        Assert.Equal(app.Time.GetUtcNow(), mark["recordedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(1, await app.CountMarks());
    }

    public static TheoryData<string, string, HttpStatusCode> BadMarks => new()
    {
        // aspect, value JSON, expected field
        { "judge", "4", HttpStatusCode.BadRequest },      // above the 0–3 judgement scale
        { "measure", "1.5", HttpStatusCode.BadRequest },  // above the maximum 1.00
        { "measure", "-1", HttpStatusCode.BadRequest },   // negative
        { "measure", "\"NaN\"", HttpStatusCode.BadRequest },
        { "band", "0.125", HttpStatusCode.BadRequest },   // more than two decimals
        { "measure", "0.5", HttpStatusCode.BadRequest },  // measurement without bands is full or zero
    };

    [Theory]
    [MemberData(nameof(BadMarks))]
    public async Task BadValueIsRejectedNamingTheFieldAndChangesNothing(string aspect, string valueJson, HttpStatusCode status)
    {
        var aspectId = aspect switch { "judge" => t.JudgeAspect, "band" => t.BandAspect, _ => t.MeasureAspect };
        var response = await admin.PostRaw($"{t.Base}/marks",
            $$"""{"aspectId":{{aspectId}},"competitorId":{{t.Competitors["C-01"]}},"judgeId":{{t.Judges[0]}},"value":{{valueJson}},"idempotencyKey":"bad"}""");
        await response.AssertProblem(status, "value");
        Assert.Equal(0, await app.CountMarks());
    }

    [Fact]
    public async Task UnknownAspectIsRejected()
    {
        var response = await admin.PostAsJsonAsync($"{t.Base}/marks", new { aspectId = 9999, competitorId = t.Competitors["C-01"], judgeId = t.Judges[0], value = 1 });
        await response.AssertProblem(HttpStatusCode.NotFound, "aspectId");
        Assert.Equal(0, await app.CountMarks());
    }

    [Fact]
    public async Task JudgeNotAssignedToTheModuleIsRejected()
    {
        var outsider = (await admin.PostOk("/api/judges", new { nameZh = "外评", nameEn = "Outsider" })).Id();
        var response = await admin.PostAsJsonAsync($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", outsider, 2));
        await response.AssertProblem(HttpStatusCode.Forbidden, "judgeId");
        Assert.Equal(0, await app.CountMarks());
    }

    [Fact]
    public async Task JudgeCannotMarkCompetitorOfOwnOrganisation()
    {
        var response = await admin.PostAsJsonAsync($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.AcmeJudge, 2));
        var problem = await response.AssertProblem(HttpStatusCode.Forbidden, "judgeId");
        Assert.Contains("Conflict of interest", problem["errors"]!["judgeId"]![0]!.GetValue<string>());
        // The same judge may mark a competitor from another organisation.
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.AcmeJudge, 2));
        Assert.Equal(1, await app.CountMarks());
    }

    [Fact]
    public async Task LockedModuleRejectsNewMarks()
    {
        await t.CompleteModuleAsync(admin, t.ModuleId);
        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Locked", confirm = "P1" }, HttpStatusCode.OK);
        var before = await app.CountMarks();
        // The Acme judge has not marked C-02 (the panel was complete without them), so only the lock stands in the way.
        var response = await admin.PostAsJsonAsync($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.AcmeJudge, 2));
        await response.AssertProblem(HttpStatusCode.Conflict, "moduleId");
        Assert.Equal(before, await app.CountMarks());
    }

    [Fact]
    public async Task MissingFieldsAreAllNamed()
    {
        var response = await admin.PostRaw($"{t.Base}/marks", "{}");
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "aspectId");
        foreach (var field in new[] { "competitorId", "judgeId", "value" }) Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task RetryWithSameIdempotencyKeyRecordsOneMark()
    {
        var first = await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 2, key: "retry-me"));
        var again = await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 2, key: "retry-me"), HttpStatusCode.OK);
        Assert.Equal(first.Id(), again.Id());
        Assert.Equal(1, await app.CountMarks());
    }

    [Fact]
    public async Task ConcurrentRetriesWithOneKeyRecordOneMark()
    {
        var body = t.Mark(t.JudgeAspect, "C-02", t.Judges[1], 3, key: "storm");
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.PostAsJsonAsync($"{t.Base}/marks", body)));
        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        Assert.Equal(1, await app.CountMarks());
    }

    [Fact]
    public async Task SecondEntryForSameCellMustBeACorrection()
    {
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 2));
        var response = await admin.PostAsJsonAsync($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 3));
        await response.AssertProblem(HttpStatusCode.Conflict, "aspectId");
        Assert.Equal(1, await app.CountMarks());
    }

    [Fact]
    public async Task CorrectionSupersedesWithReasonAndKeepsTheOriginal()
    {
        var original = await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-01", t.Judges[0], 1));
        var noReason = await admin.PostAsJsonAsync($"{t.Base}/marks/{original.Id()}/corrections", new { value = 3 });
        await noReason.AssertProblem(HttpStatusCode.BadRequest, "reason");

        var correction = await admin.PostOk($"{t.Base}/marks/{original.Id()}/corrections", new { value = 3, reason = "录入错误 typo" });
        Assert.Equal(original.Id(), correction["supersedesId"]!.GetValue<long>());

        var marks = (await admin.GetOk($"{t.Base}/marks?competitorId={t.Competitors["C-01"]}")).AsArray();
        Assert.Equal(2, marks.Count);
        Assert.Equal(1m, marks[0]!["value"]!.GetValue<decimal>());
        Assert.Equal("录入错误 typo", marks[1]!["reason"]!.GetValue<string>());

        var twice = await admin.PostAsJsonAsync($"{t.Base}/marks/{original.Id()}/corrections", new { value = 2, reason = "again" });
        await twice.AssertProblem(HttpStatusCode.Conflict, "markId");
    }

    [Fact]
    public async Task LockedModuleTakesCorrectionsWithReason()
    {
        var original = await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-01", t.Judges[0], 0));
        await t.CompleteModuleAsync(admin, t.ModuleId);
        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Locked", confirm = "P1" }, HttpStatusCode.OK);
        var before = await app.CountMarks();
        await admin.PostOk($"{t.Base}/marks/{original.Id()}/corrections", new { value = 1, reason = "remeasured" });
        Assert.Equal(before + 1, await app.CountMarks());
    }

    [Fact]
    public async Task UnlockingNeedsAReasonAndIsAudited()
    {
        await t.CompleteModuleAsync(admin, t.ModuleId);
        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Locked", confirm = "P1" }, HttpStatusCode.OK);
        var noReason = await admin.PostAsJsonAsync($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Closed" });
        await noReason.AssertProblem(HttpStatusCode.BadRequest, "reason");
        await admin.PostOk($"{t.Base}/modules/{t.ModuleId}/status", new { status = "Closed", reason = "protest upheld" }, HttpStatusCode.OK);
        var audit = (await admin.GetOk($"{t.Base}/audit")).AsArray();
        Assert.Contains(audit, a => a!["reason"]?.GetValue<string>() == "protest upheld");
    }
}
