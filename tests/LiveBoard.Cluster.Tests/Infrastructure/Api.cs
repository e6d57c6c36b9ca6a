using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace LiveBoard.Cluster.Tests.Infrastructure;

/// The HTTP helpers TestCompetition needs, copied from LiveBoard.Server.Tests.
static class Api
{
    public static async Task<JsonNode> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static async Task<JsonNode> PostOk(this HttpClient http, string url, object body, HttpStatusCode expected = HttpStatusCode.Created) =>
        await (await http.PostAsJsonAsync(url, body)).Json(expected);

    public static async Task<JsonNode> GetOk(this HttpClient http, string url) => await (await http.GetAsync(url)).Json(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> PostCsv(this HttpClient http, string url, string csv) =>
        http.PostAsync(url, new StringContent(csv, Encoding.UTF8, "text/csv"));

    public static int Id(this JsonNode node) => node["id"]!.GetValue<int>();
}
