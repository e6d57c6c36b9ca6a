using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LiveBoard.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Tests.Hosting;

/// Every endpoint the app describes in its own OpenAPI document, sent a corpus of bad input by an admin (so authorization
/// is never what stops it): each answer is a 4xx problem, never a 5xx, and the database is unchanged. Bodies are built
/// from the request schemas, so a new endpoint or field is covered without touching this file.
public class BadInputCorpusTests(BadInputCorpusTests.Fixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<BadInputCorpusTests.Fixture>
{
    /// One app and competition for the whole corpus: nothing may change, and each request is checked on its own.
    public sealed class Fixture : IAsyncLifetime
    {
        public LiveBoardApp App { get; } = new();
        public HttpClient Admin { get; private set; } = null!;
        internal TestCompetition T { get; private set; } = null!;
        public long MarkId { get; private set; }

        public async Task InitializeAsync()
        {
            Admin = App.Client();
            T = await TestCompetition.CreateAsync(Admin);
            MarkId = (await Admin.PostOk($"{T.Base}/marks", T.Mark(T.JudgeAspect, "C-02", T.Judges[0], 2))).Id();
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    static readonly Lazy<JsonObject> Document = new(() =>
    {
        using var app = new LiveBoardApp();
        return JsonNode.Parse(app.CreateClient().GetStringAsync("/openapi/v1.json").GetAwaiter().GetResult())!.AsObject();
    });

    /// Every operation with a JSON or CSV body or query parameters, as "METHOD path".
    public static TheoryData<string, string> Endpoints()
    {
        var data = new TheoryData<string, string>();
        foreach (var (path, item) in Document.Value["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
                if (JsonBody(operation!) is not null || CsvBody(operation!) || QueryParameters(operation!).Any())
                    data.Add(method.ToUpperInvariant(), path);
        return data;
    }

    [Fact]
    public void TheCorpusCoversTheEndpointsThatTakeInput()
    {
        var endpoints = Endpoints().Select(row => $"{row[0]} {row[1]}").ToList();
        Assert.Contains("PUT /api/competitions/{competitionId}/rules", endpoints);
        Assert.Contains("PUT /api/competitions/{competitionId}/stages/{stageId}/scheme", endpoints);
        Assert.Contains("GET /api/feed", endpoints);
        Assert.Contains("GET /api/data/competitions/{competitionId}/latest.{format}", endpoints);
        Assert.True(endpoints.Count >= 25, $"only {endpoints.Count} endpoints with input found");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task EveryBadInputIsAClientProblemAndStoresNothing(string method, string path)
    {
        var operation = Document.Value["paths"]![path]![method.ToLowerInvariant()]!;
        var url = FillPath(path);
        var failures = new List<string>();
        var cases = new List<(string Label, string Url, string? Body)>();
        var contentType = CsvBody(operation) ? "text/csv" : "application/json";
        if (CsvBody(operation)) cases.AddRange(CsvCorpus().Select(c => (c.Label, url, (string?)c.Body)));
        if (JsonBody(operation) is { } schema)
        {
            var valid = Sample(schema, "", 0);
            foreach (var (label, body) in BodyCorpus(schema, valid))
                cases.Add((label, url, body));
        }
        foreach (var parameter in QueryParameters(operation))
        {
            var name = parameter["name"]!.GetValue<string>();
            foreach (var (label, value) in QueryCorpus(Resolve(parameter["schema"]!)))
                cases.Add(($"?{name}={label}", $"{url}?{name}={Uri.EscapeDataString(value)}", null));
        }
        Assert.NotEmpty(cases);
        var statuses = new SortedDictionary<int, int>();

        var before = await Checksum();
        foreach (var (label, target, body) in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), target);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var response = await fixture.Admin.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var type = response.Content.Headers.ContentType?.MediaType;
            var text = status == 200 ? "" : await response.Content.ReadAsStringAsync(cts.Token);
            var problem = type == "application/problem+json" ? JsonNode.Parse(text) : null;
            if (status is < 400 or >= 500) failures.Add($"{label}: {status} {Short(text)}");
            else if (problem is null) failures.Add($"{label}: {status} as {type}, not a problem");
            else if (status == 400 && problem["errors"] is not JsonObject { Count: > 0 }) failures.Add($"{label}: 400 naming no field {Short(text)}");
            // Nothing changes, so each request's "after" is the next one's "before".
            var after = await Checksum();
            if (after != before) failures.Add($"{label}: changed the database ({status})");
            before = after;
        }
        output.WriteLine($"{cases.Count} bad inputs: " + string.Join(", ", statuses.Select(s => $"{s.Value}× {s.Key}")));
        Assert.True(failures.Count == 0, $"{method} {path}:\n" + string.Join("\n", failures));
    }

    static string Short(string text) => text.Length > 300 ? text[..300] + "…" : text;

    // ---- Request shapes from the OpenAPI document ----------------------------------------------------------------------

    static JsonNode? JsonBody(JsonNode operation) => operation["requestBody"]?["content"]?["application/json"]?["schema"];

    static bool CsvBody(JsonNode operation) => operation["requestBody"]?["content"]?["text/csv"] is not null;

    /// Imports read a header row and then one record per line; each of these must be refused whole.
    static IEnumerable<(string Label, string Body)> CsvCorpus()
    {
        // One file for both imports (each ignores the other's columns); a bad number goes to a numeric column of each.
        const string header = "bib,nameZh,nameEn,organisation,medalEligible,criterion,subCriterion,module,aspect,type,maxMark,descriptionZh,descriptionEn\n";
        string Row(string bib = "Z-1", string name = "某人", string? number = null) =>
            $"{bib},{name},Someone,Acme,{number ?? "yes"},A,A1,P1,A1.9,M,{number ?? "1"},长度,Length\n";
        yield return ("CSV: empty", "");
        yield return ("CSV: header only", header);
        yield return ("CSV: unterminated quote", header + "\"Z-1,某人\n");
        yield return ("CSV: NUL in a code", header + Row(bib: "Z\u00001"));
        yield return ("CSV: U+202E in a name", header + Row(name: "某\u202E人"));
        yield return ("CSV: C1 control in a name", header + Row(name: "某\u0085人"));
        yield return ("CSV: 1e28 number", header + Row(number: "79228162514264337593543950335"));
        yield return ("CSV: NaN number", header + Row(number: "NaN"));
        yield return ("CSV: 100 KB field", header + Row(name: new string('名', 100_000)));
        yield return ("CSV: 6 MB file", header + string.Concat(Enumerable.Repeat(Row(), 6 * 1024 * 1024 / 40)));
    }

    static IEnumerable<JsonNode> QueryParameters(JsonNode operation) =>
        (operation["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == "query").Select(p => p!);

    /// Follows $ref, and takes the non-null branch of the "oneOf: [null, X]" that nullable references become.
    static JsonNode Resolve(JsonNode schema)
    {
        if (schema["$ref"] is { } reference)
            return Resolve(Document.Value["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]]!);
        if (schema["oneOf"] is JsonArray choices && choices.FirstOrDefault(c => c!["type"]?.ToString() != "null") is { } real) return Resolve(real);
        return schema;
    }

    static bool Nullable(JsonNode schema) =>
        schema["type"] is JsonArray types && types.Any(t => t!.GetValue<string>() == "null")
        || schema["oneOf"] is JsonArray choices && choices.Any(c => c!["type"]?.ToString() == "null");

    static string TypeOf(JsonNode schema)
    {
        var resolved = Resolve(schema);
        if (resolved["enum"] is not null) return "enum";
        if (resolved["anyOf"] is JsonArray any && any.Any(a => a!["type"]?.ToString() == "number")) return "number";
        return resolved["type"] switch
        {
            // A double that also takes "NaN" is described as number or string: it is a number.
            JsonArray types => new[] { "integer", "number", "boolean", "array", "object", "string" }.First(t => types.Any(x => x!.GetValue<string>() == t)),
            JsonValue type => type.GetValue<string>(),
            _ => resolved["properties"] is not null ? "object" : "any",
        };
    }

    /// A plausible value for each field; ids name the fixture's records, so the bad field rather than a missing record is what is tested.
    JsonNode? Sample(JsonNode schema, string name, int depth)
    {
        var resolved = Resolve(schema);
        var t = fixture.T;
        return TypeOf(schema) switch
        {
            "enum" => JsonValue.Create(resolved["enum"]![0]!.GetValue<string>()),
            "string" when resolved["format"]?.GetValue<string>() == "date-time" => JsonValue.Create("2026-06-12T13:00:00+08:00"),
            "string" => JsonValue.Create("sample-ok-1"),
            "integer" => JsonValue.Create(name.ToLowerInvariant() switch
            {
                "competitorid" or "competitorids" => t.Competitors["C-01"],
                "aspectid" => t.MeasureAspect,
                "judgeid" => t.Judges[0],
                "organisationid" or "organisationids" or "parentid" => t.Acme,
                "seriesid" => t.SeriesId,
                "moduleid" => t.ModuleId,
                "competitionid" => t.CompetitionId,
                _ => 1,
            }),
            "number" => JsonValue.Create(1),
            "boolean" => JsonValue.Create(false),
            "array" when depth < 3 => new JsonArray(Sample(resolved["items"]!, name, depth + 1)),
            "array" => new JsonArray(),
            "object" when depth < 3 => new JsonObject((resolved["properties"]?.AsObject() ?? [])
                .Select(p => KeyValuePair.Create(p.Key, Sample(p.Value!, p.Key, depth + 1)))),
            _ => null,
        };
    }

    /// Whole-body mutations, then every field (nested objects and the first element of arrays included) replaced in turn.
    IEnumerable<(string Label, string Body)> BodyCorpus(JsonNode schema, JsonNode? valid)
    {
        var text = valid?.ToJsonString() ?? "null";
        yield return ("malformed JSON", text[..^1]);
        yield return ("wrong type for the body", TypeOf(schema) == "array" ? "{}" : "\"text\"");
        yield return ("null body", "null");
        yield return ("oversized body", text.Length > 1 ? text[..1] + new string(' ', 300 * 1024) + text[1..] : text);
        // One 1 MB string per endpoint is enough to meet the body limit; the other text fields get 10 KB.
        var first = true;
        foreach (var (path, field) in Fields(schema, 0))
        {
            foreach (var (label, bad) in FieldCorpus(field, first && TypeOf(field) == "string"))
            {
                var body = valid!.DeepClone();
                Set(body, path, bad);
                yield return ($"{string.Join('.', path)} = {label}", body.ToJsonString());
            }
            first &= TypeOf(field) != "string";
        }
    }

    /// Paths into the sample body: property names, and 0 for an array's first element.
    static IEnumerable<(object[] Path, JsonNode Schema)> Fields(JsonNode schema, int depth)
    {
        if (depth > 3) yield break;
        var resolved = Resolve(schema);
        switch (TypeOf(schema))
        {
            case "object":
                foreach (var (key, child) in resolved["properties"]?.AsObject() ?? [])
                {
                    yield return ([key], child!);
                    foreach (var (path, s) in Fields(child!, depth + 1)) yield return ([key, .. path], s);
                }
                break;
            case "array" when depth == 0:
                yield return ([0], resolved["items"]!);
                foreach (var (path, s) in Fields(resolved["items"]!, depth + 1)) yield return ([0, .. path], s);
                break;
            case "array":
                yield return ([0], resolved["items"]!);
                break;
        }
    }

    static void Set(JsonNode body, object[] path, JsonNode? value)
    {
        var node = body;
        foreach (var step in path[..^1]) node = step is int i ? node[i]! : node[(string)step]!;
        if (path[^1] is int index) node.AsArray()[index] = value;
        else node.AsObject()[(string)path[^1]] = value;
    }

    static IEnumerable<(string Label, JsonNode? Value)> FieldCorpus(JsonNode schema, bool oneMegabyte)
    {
        var list = new List<(string, JsonNode?)>();
        if (!Nullable(schema)) list.Add(("null", null));
        switch (TypeOf(schema))
        {
            case "string":
                if (oneMegabyte) list.Add(("1 MB string", JsonValue.Create(new string('a', 1024 * 1024))));
                list.Add(("10 KB string", JsonValue.Create(new string('名', 10_000))));
                list.Add(("NUL", JsonValue.Create("ok\u0000ok")));
                list.Add(("ESC", JsonValue.Create("ok\u001Bok")));
                list.Add(("C1 NEL", JsonValue.Create("ok\u0085ok")));
                list.Add(("U+202E", JsonValue.Create("ok\u202Eok")));
                list.Add(("U+2066", JsonValue.Create("ok\u2066ok")));
                list.Add(("number for text", JsonValue.Create(12345)));
                list.Add(("object for text", new JsonObject()));
                break;
            case "integer":
                list.Add(("2^31", JsonNode.Parse("2147483648")));
                list.Add(("1e28", JsonNode.Parse("1e28")));
                list.Add(("1.5", JsonValue.Create(1.5)));
                list.Add(("\"NaN\"", JsonValue.Create("NaN")));
                list.Add(("text", JsonValue.Create("abc")));
                list.Add(("boolean", JsonValue.Create(true)));
                break;
            case "number":
                list.Add(("1e28", JsonNode.Parse("1e28")));
                list.Add(("-1e28", JsonNode.Parse("-1e28")));
                list.Add(("7.9e28", JsonNode.Parse("7.9e28")));
                list.Add(("1e300", JsonNode.Parse("1e300")));
                list.Add(("\"NaN\"", JsonValue.Create("NaN")));
                list.Add(("\"Infinity\"", JsonValue.Create("Infinity")));
                list.Add(("\"-Infinity\"", JsonValue.Create("-Infinity")));
                list.Add(("text", JsonValue.Create("abc")));
                break;
            case "boolean":
                list.Add(("text", JsonValue.Create("yes")));
                list.Add(("number", JsonValue.Create(2)));
                break;
            case "enum":
                list.Add(("unknown name", JsonValue.Create("NoSuchValue")));
                list.Add(("12345", JsonValue.Create(12345)));
                list.Add(("-1", JsonValue.Create(-1)));
                list.Add(("\"12345\"", JsonValue.Create("12345")));
                list.Add(("\"1\"", JsonValue.Create("1")));
                break;
            case "array":
                list.Add(("[null]", new JsonArray((JsonNode?)null)));
                list.Add(("text for a list", JsonValue.Create("x")));
                break;
            case "object":
                list.Add(("number for an object", JsonValue.Create(5)));
                list.Add(("list for an object", new JsonArray()));
                break;
        }
        return list;
    }

    static IEnumerable<(string Label, string Value)> QueryCorpus(JsonNode schema) => TypeOf(schema) switch
    {
        "integer" => [("2^31", "2147483648"), ("1e28", "1e28"), ("NaN", "NaN"), ("text", "abc"), ("-2^31-1", "-2147483649")],
        "number" => [("1e28", "1e28"), ("NaN", "NaN"), ("Infinity", "Infinity"), ("text", "abc")],
        "boolean" => [("text", "maybe"), ("number", "2")],
        _ => [("NUL", "ok\u0000ok"), ("U+202E", "ok\u202Eok"), ("10 KB", new string('名', 10_000)), ("unknown", "no-such-value")],
    };

    string FillPath(string path)
    {
        var t = fixture.T;
        return System.Text.RegularExpressions.Regex.Replace(path, @"\{(\w+)\}", m => m.Groups[1].Value switch
        {
            "competitionId" => t.CompetitionId.ToString(),
            "stageId" => t.PrelimId.ToString(),
            "moduleId" => t.ModuleId.ToString(),
            "competitorId" => t.Competitors["C-01"].ToString(),
            "markId" => fixture.MarkId.ToString(),
            "judgeId" => t.Judges[0].ToString(),
            "seriesId" => t.SeriesId.ToString(),
            "format" => "json",
            _ => "1",
        });
    }

    /// A digest of every row of every table.
    Task<string> Checksum() => fixture.App.WithDb(async db =>
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            await using var reader = await select.ExecuteReaderAsync();
            hash.AppendData(Encoding.UTF8.GetBytes(table));
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++)
                    hash.AppendData(Encoding.UTF8.GetBytes((reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)) + "\u001F"));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    });
}
