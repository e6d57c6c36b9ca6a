using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace LiveBoard.Server.Hosting;

/// Turns the framework's "could not read the request" (malformed JSON, a wrong type, a number out of range, an unknown
/// enum name, a body too large, a query value that does not parse) into the same problem details as any other bad field,
/// naming the field where the reader knows it. Endpoints run with ThrowOnBadRequest so these all arrive here.
sealed partial class BadInputProblems : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad || http.Response.HasStarted) return false;
        var (field, message) = Describe(bad);
        await Checks.FieldProblem(bad.StatusCode, new Dictionary<string, string[]> { [field] = [message] }).ExecuteAsync(http);
        return true;
    }

    static (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge) return ("body", bad.Message);
        var parameter = ParameterName().Match(bad.Message) is { Success: true } m ? m.Groups[1].Value : "body";
        if (bad.InnerException is not JsonException json) return (parameter, "无法读取 / Cannot read this value");
        var path = json.Path is { Length: > 1 } p ? p[1..].TrimStart('.') : "";
        var field = path.Length == 0 ? parameter : path.StartsWith('[') ? parameter + path : path;
        var message = json is FieldValueException ? json.Message.Split(" Path:")[0] : "格式错误、类型不对或数值超出范围 / Malformed, wrong type or out of range";
        return (field, message);
    }

    // "Failed to read parameter "CompetitionRules rules" from the request body as JSON." / "Failed to bind parameter "int top" from "x"."
    [GeneratedRegex("""parameter "(?:[^" ]+ )?([^" ]+)" """)]
    private static partial Regex ParameterName();
}

/// A value the JSON reader refuses, with a message for the person who sent it.
sealed class FieldValueException(string message) : JsonException(message);

/// Enums travel as names only, and only defined ones: without this `"kind": 12345` (or "-1") deserialises to a value
/// outside the set, which is then stored and read back as nonsense (a module at status −1 still took marks).
sealed class StrictEnumConverter : JsonConverterFactory
{
    readonly JsonStringEnumConverter names = new(allowIntegerValues: false);

    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Strict<>).MakeGenericType(typeToConvert), names.CreateConverter(typeToConvert, options))!;

    sealed class Strict<T>(JsonConverter inner) : JsonConverter<T> where T : struct, Enum
    {
        readonly JsonConverter<T> names = (JsonConverter<T>)inner;
        static readonly string Allowed = $"须为 / Must be one of: {string.Join(", ", Enum.GetNames<T>())}";

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            // Exactly one name (any case): not a number, not "-1", not a combination like "Federation, Team".
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return text is not null && Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
                   && string.Equals(Enum.GetName(value), text, StringComparison.OrdinalIgnoreCase)
                ? value : throw new FieldValueException(Allowed);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => names.Write(writer, value, options);
    }
}
