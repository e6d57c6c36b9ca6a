using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LiveBoard.Browser.Tests.Infrastructure;

static class Api
{
    public static async Task<JsonNode> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static async Task<JsonNode> Post(this HttpClient http, string url, object body, HttpStatusCode expected = HttpStatusCode.Created) =>
        await (await http.PostAsJsonAsync(url, body)).Json(expected);

    public static int Id(this JsonNode node) => node["id"]!.GetValue<int>();
}
