using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LiveBoard.Browser.Tests.Infrastructure;

/// Browser-test helpers on top of the shared API helpers (LiveBoard.Server.Tests/Infrastructure/Api.cs, linked).
static class DeskApi
{
    /// Marks every cell the module's lock still waits for with 0, by the judges the lock check names as missing: a module
    /// locks only when complete, and these cells stand for work that earned nothing. Retries past the marks rate limit.
    public static async Task CompleteModuleAsync(this HttpClient http, string competitionBase, int moduleId)
    {
        var check = await (await http.GetAsync($"{competitionBase}/modules/{moduleId}/lock-blockers")).Json(HttpStatusCode.OK);
        foreach (var blocker in check["blockers"]!.AsArray().Where(b => b!["kind"]!.GetValue<string>() == "pending"))
            foreach (var judge in blocker!["judges"]!.AsArray().Take(blocker["scoresNeeded"]!.GetValue<int>()))
            {
                var body = new { aspectId = blocker["aspectId"]!.GetValue<int>(), competitorId = blocker["competitors"]![0]!.Id(), judgeId = judge!.Id(), value = 0 };
                while (true)
                {
                    var response = await http.PostAsJsonAsync($"{competitionBase}/marks", body);
                    if (response.StatusCode != HttpStatusCode.TooManyRequests) { await response.Json(HttpStatusCode.Created); break; }
                    await Task.Delay(250);
                }
            }
    }
}
