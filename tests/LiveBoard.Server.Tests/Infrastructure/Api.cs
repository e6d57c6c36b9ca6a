using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LiveBoard.Server.Tests.Infrastructure;

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

    /// A file as the admin page sends it: its bytes as they are, so the server has to find the format and encoding.
    public static Task<HttpResponseMessage> PostFile(this HttpClient http, string url, byte[] bytes, string contentType = "text/csv")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return http.PostAsync(url, content);
    }

    public static Task<HttpResponseMessage> PostRaw(this HttpClient http, string url, string json) =>
        http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    /// Asserts an RFC 7807 problem with the given status that names the field.
    public static async Task<JsonNode> AssertProblem(this HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors is not null && errors.ContainsKey(field), $"Problem does not name '{field}': {body}");
        return problem;
    }

    public static int Id(this JsonNode node) => node["id"]!.GetValue<int>();

    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
