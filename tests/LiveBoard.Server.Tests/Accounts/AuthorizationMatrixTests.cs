using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LiveBoard.Server.Tests.Infrastructure;
using LiveBoard.Server.Tests.Live;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBoard.Server.Tests.Accounts;

/// Who may call what: every HTTP endpoint the app maps is listed here with the least role it needs, and each role is
/// tried against each endpoint. A new endpoint that is not listed fails the test, so nothing ships unclassified.
public class AuthorizationMatrixTests : IAsyncLifetime
{
    enum Need { Anyone, SignedIn, Judge, Chief, Admin, DisplayOperator, BoardControl }

    static readonly Dictionary<string, Need> Endpoints = new()
    {
        ["GET /api/status"] = Need.Anyone,
        ["GET /api/series/"] = Need.Anyone,
        ["GET /api/series/{seriesId:int}"] = Need.Anyone,
        ["POST /api/series/"] = Need.Admin,
        ["GET /api/organisations/"] = Need.Anyone,
        ["POST /api/organisations/"] = Need.Admin,
        ["GET /api/competitions/"] = Need.Anyone,
        ["GET /api/competitions/{competitionId:int}"] = Need.Anyone,
        ["POST /api/competitions/"] = Need.Admin,
        ["PUT /api/competitions/{competitionId:int}/rules"] = Need.Admin,
        ["GET /api/competitions/{competitionId:int}/stages"] = Need.Anyone,
        ["POST /api/competitions/{competitionId:int}/stages"] = Need.Admin,
        ["GET /api/competitions/{competitionId:int}/modules"] = Need.Anyone,
        ["POST /api/competitions/{competitionId:int}/stages/{stageId:int}/modules"] = Need.Admin,
        ["GET /api/competitions/{competitionId:int}/standards"] = Need.Anyone,
        ["PUT /api/competitions/{competitionId:int}/standards"] = Need.Admin,
        ["GET /api/competitions/{competitionId:int}/stages/{stageId:int}/scheme"] = Need.Judge,
        ["PUT /api/competitions/{competitionId:int}/stages/{stageId:int}/scheme"] = Need.Admin,
        ["POST /api/competitions/{competitionId:int}/stages/{stageId:int}/scheme/import"] = Need.Admin,
        ["GET /api/competitions/{competitionId:int}/competitors"] = Need.Anyone,
        ["POST /api/competitions/{competitionId:int}/competitors"] = Need.Admin,
        ["POST /api/competitions/{competitionId:int}/competitors/import"] = Need.Admin,
        ["GET /api/competitions/{competitionId:int}/stages/{stageId:int}/entries"] = Need.Anyone,
        ["POST /api/competitions/{competitionId:int}/stages/{stageId:int}/entries"] = Need.Admin,
        ["GET /api/competitions/{competitionId:int}/assignments"] = Need.Judge,
        ["POST /api/competitions/{competitionId:int}/assignments"] = Need.Admin,
        ["GET /api/judges/"] = Need.Admin,
        ["POST /api/judges/"] = Need.Admin,
        ["POST /api/competitions/{competitionId:int}/marks"] = Need.Judge,
        ["POST /api/competitions/{competitionId:int}/marks/{markId:long}/corrections"] = Need.Judge,
        ["GET /api/competitions/{competitionId:int}/marks"] = Need.Chief,
        ["GET /api/competitions/{competitionId:int}/marks.csv"] = Need.Chief,
        ["POST /api/competitions/{competitionId:int}/modules/{moduleId:int}/status"] = Need.Chief,
        ["GET /api/competitions/{competitionId:int}/modules/{moduleId:int}/lock-blockers"] = Need.Chief,
        ["POST /api/competitions/{competitionId:int}/stages/{stageId:int}/protests"] = Need.Chief,
        ["POST /api/competitions/{competitionId:int}/stages/{stageId:int}/protests/{competitorId:int}/resolve"] = Need.Chief,
        ["POST /api/competitions/{competitionId:int}/freeze"] = Need.BoardControl,
        ["GET /api/competitions/{competitionId:int}/audit"] = Need.Chief,
        ["GET /api/competitions/{competitionId:int}/judging/modules"] = Need.Judge,
        ["GET /api/competitions/{competitionId:int}/judging/modules/{moduleId:int}/sheet"] = Need.Judge,
        ["GET /api/competitions/{competitionId:int}/desk/modules/{moduleId:int}"] = Need.Chief,
        ["GET /api/competitions/{competitionId:int}/stages/{stageId:int}/standings"] = Need.Anyone,
        ["GET /api/competitions/{competitionId:int}/modules/{moduleId:int}/standings"] = Need.Anyone,
        ["GET /api/competitions/{competitionId:int}/stages/{stageId:int}/competitors/{competitorId:int}"] = Need.Anyone,
        ["POST /api/competitions/{competitionId:int}/stages/{stageId:int}/advance"] = Need.Chief,
        ["GET /api/competitions/{competitionId:int}/awards"] = Need.Anyone,
        ["PUT /api/competitions/{competitionId:int}/awards/organisations"] = Need.Admin,
        ["GET /api/competitions/{competitionId:int}/results.csv"] = Need.Chief,
        ["GET /api/series/{seriesId:int}/medals"] = Need.Anyone,
        ["GET /api/feed"] = Need.Anyone,
        ["POST /api/account/sign-in"] = Need.Anyone,
        ["POST /api/account/access-code"] = Need.Anyone,
        ["POST /api/account/sign-out"] = Need.Anyone,
        ["GET /api/account/me"] = Need.SignedIn,
        ["GET /api/accounts/"] = Need.Admin,
        ["POST /api/accounts/"] = Need.Admin,
        ["PUT /api/accounts/{accountId:int}"] = Need.Admin,
        ["POST /api/judges/{judgeId:int}/access-codes"] = Need.Admin,
        ["POST /api/competitions/{competitionId:int}/access-codes/sheet"] = Need.Admin,
        ["GET /api/displays/"] = Need.DisplayOperator,
        ["GET /api/displays/keys"] = Need.DisplayOperator,
        ["POST /api/displays/keys"] = Need.DisplayOperator,
        ["POST /api/displays/keys/{keyId:int}/revoke"] = Need.DisplayOperator,
        ["POST /api/displays/directives"] = Need.DisplayOperator,
        ["POST /api/competitions/{competitionId:int}/ceremony"] = Need.BoardControl,
        ["GET /api/data/competitions/{competitionId:int}/leaderboard.{format}"] = Need.Anyone,
        ["GET /api/data/competitions/{competitionId:int}/latest.{format}"] = Need.Anyone,
        ["GET /api/data/competitions/{competitionId:int}/current.{format}"] = Need.Anyone,
    };

    readonly LiveBoardApp app = new();
    TestCompetition t = null!;
    long markId;

    public async Task InitializeAsync()
    {
        var admin = app.Client();
        t = await TestCompetition.CreateAsync(admin);
        markId = (await admin.PostOk($"{t.Base}/marks", t.Mark(t.JudgeAspect, "C-02", t.Judges[0], 2))).Id();
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    (string Name, string? Token, Need Level)[] Callers() =>
    [
        ("anonymous", null, Need.Anyone),
        ("media", TestAuthHandler.Token("media", "media"), Need.SignedIn),
        ("display operator", TestAuthHandler.Token("display", "display-operator"), Need.SignedIn),
        ("judge of another competition", TestAuthHandler.Token("outsider", "", t.Outsider), Need.SignedIn),
        ("judge", TestAuthHandler.Token("judge", "", t.Judges[0]), Need.Judge),
        ("chief expert", TestAuthHandler.Token("chief", "", t.Chief), Need.Chief),
        ("admin", TestAuthHandler.Admin, Need.Admin),
    ];

    [Fact]
    public void EveryMappedEndpointIsClassified()
    {
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/"))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        Assert.Empty(mapped.Except(Endpoints.Keys));
        Assert.Empty(Endpoints.Keys.Except(mapped));
    }

    [Fact]
    public async Task EachRoleReachesExactlyTheEndpointsItShould()
    {
        var failures = new List<string>();
        foreach (var (name, token, level) in Callers())
        {
            var client = token is null ? app.CreateClient() : app.Client(token);
            foreach (var (endpoint, need) in Endpoints)
            {
                var (method, pattern) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
                var url = Fill(pattern) + (pattern == "/api/feed" ? "?limit=1" : "");
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method is "POST" or "PUT")
                    request.Content = pattern.EndsWith("/import")
                        ? new StringContent("", Encoding.UTF8, "text/csv")
                        : new StringContent("{}", Encoding.UTF8, "application/json");
                using var response = await client.SendAsync(request);
                var denied = await DeniedByAuthorization(response);
                var shouldPass = need switch
                {
                    Need.Anyone => true,
                    Need.DisplayOperator => name is "display operator" or "admin",
                    Need.BoardControl => name is "display operator" or "chief expert" or "admin",
                    _ => token is not null && level >= need && level <= Need.Admin,
                };
                if (shouldPass == denied) failures.Add($"{name} → {endpoint}: {(int)response.StatusCode}, expected {(shouldPass ? "allowed" : "denied")}");
                if (denied && token is null && response.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"{name} → {endpoint}: expected 401");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// 401/403 from the authorization layer carry no field errors; a business refusal (a judge marking as someone else,
    /// a wrong password) names the field.
    static async Task<bool> DeniedByAuthorization(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)) return false;
        var body = await response.Content.ReadAsStringAsync();
        return body.Length == 0 || JsonNode.Parse(body)?["errors"] is null;
    }

    string Fill(string pattern) => pattern
        .Replace("{competitionId:int}", t.CompetitionId.ToString()).Replace("{stageId:int}", t.PrelimId.ToString())
        .Replace("{moduleId:int}", t.ModuleId.ToString()).Replace("{markId:long}", markId.ToString())
        .Replace("{competitorId:int}", t.Competitors["C-01"].ToString()).Replace("{judgeId:int}", t.Judges[1].ToString())
        .Replace("{seriesId:int}", t.SeriesId.ToString()).Replace("{accountId:int}", "1")
        .Replace("{keyId:int}", "1").Replace("{format}", "json");

    [Fact]
    public async Task HubMethodsFollowTheSameRoles()
    {
        foreach (var (name, token, level) in Callers())
        {
            await using var viewer = await Viewer.StartAsync(app.Hub(token));
            await viewer.Subscribe($"competition:{t.CompetitionId}");
            var judging = await Record(() => viewer.Subscribe($"competition:{t.CompetitionId}:judging"));
            var judgeAllowed = level >= Need.Judge && token is not null;
            Assert.True(judgeAllowed == judging, $"{name}: judging channel {(judging ? "allowed" : "denied")}");
            // Every judge's values: the chief expert and admins only, so the panel judges independently.
            var staff = await Record(() => viewer.Subscribe($"competition:{t.CompetitionId}:staff"));
            Assert.True((level >= Need.Chief && token is not null) == staff, $"{name}: staff channel {(staff ? "allowed" : "denied")}");

            var judgeId = name == "judge" ? t.Judges[0] : t.Judges[2];
            var submitted = await Record(() => viewer.Connection.InvokeAsync<MarkReply>("SubmitMark", t.CompetitionId,
                t.Mark(t.MeasureAspect, "C-04", judgeId, 1)));
            Assert.True(judgeAllowed == submitted, $"{name}: SubmitMark {(submitted ? "allowed" : "denied")}");
        }
    }

    static async Task<bool> Record(Func<Task> call)
    {
        try { await call(); return true; }
        catch (HubException) { return false; }
    }
}
