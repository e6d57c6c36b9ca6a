using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LiveBoard.Server.Hosting;

/// Collects field errors so a request is rejected whole, as RFC 7807 problem details naming every bad field.
/// Every endpoint checks its input here, so one set of rules decides what text, numbers, enums and lists may be stored.
public sealed class Checks
{
    readonly Dictionary<string, List<string>> errors = [];

    public bool Failed => errors.Count > 0;

    public IEnumerable<string> Fields => errors.Keys;

    public IReadOnlyDictionary<string, string[]> Errors => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public Checks Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public Checks Merge(Checks other)
    {
        foreach (var (field, messages) in other.errors)
            foreach (var m in messages) Add(field, m);
        return this;
    }

    public Checks That(bool ok, string field, string message) => ok ? this : Add(field, message);

    public Checks Required(string field, object? value) =>
        That(value is not null && (value is not string s || !string.IsNullOrWhiteSpace(s)), field, "必填 / Required");

    /// A name, code or other single-line text: no control characters, no bidi overrides, at most `max` characters.
    /// `multiLine` allows line breaks and tabs (descriptions, reasons, messages), and nothing else below U+0020.
    public Checks Text(string field, string? value, int max = 200, bool required = true, bool multiLine = false)
    {
        if (required) Required(field, value);
        if (value is null) return this;
        if (value.Length > max) return Add(field, $"最多 {max} 个字符 / At most {max} characters");
        return That(TextRules.IsClean(value, multiLine), field, TextRules.Message);
    }

    /// Every element of a list, each in its own checks; a null element is an error naming it.
    public Checks Items<T>(string field, IReadOnlyList<T?>? list, Action<Checks, string, T> check) where T : class
    {
        if (list is null) return this;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is { } item) check(this, $"{field}[{i}]", item);
            else Add($"{field}[{i}]", "不能为空 / Must not be null");
        }
        return this;
    }

    /// Enums arrive as names (the JSON options refuse numbers and unknown names); this also guards values built in code.
    public Checks Enum<T>(string field, T? value) where T : struct, Enum =>
        That(value is null || System.Enum.IsDefined(value.Value), field, $"须为 / Must be one of: {string.Join(", ", System.Enum.GetNames<T>())}");

    public Checks Enum<T>(string field, T value) where T : struct, Enum => Enum(field, (T?)value);

    public Checks Range(string field, decimal? value, decimal min, decimal max) =>
        That(value is null || value >= min && value <= max, field, $"须在 {min} 到 {max} 之间 / Must be from {min} to {max}");

    public Checks Range(string field, int? value, int min, int max) =>
        That(value is null || value >= min && value <= max, field, $"须在 {min} 到 {max} 之间 / Must be from {min} to {max}");

    /// Replacing a list with an empty one deletes data, so it needs `?confirmEmpty=true`: a form that lost its rows
    /// (or a client that sent `[]` by mistake) must not wipe what is stored.
    public Checks NotEmptyUnlessConfirmed<T>(string field, IReadOnlyCollection<T>? list, bool? confirmEmpty) =>
        That(list is null || list.Count > 0 || confirmEmpty == true, field,
            "空列表会删除全部数据,须加 ?confirmEmpty=true / An empty list deletes everything stored; add ?confirmEmpty=true to mean it");

    public ProblemHttpResult Problem(int status = StatusCodes.Status400BadRequest) =>
        FieldProblem(status, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    public static ProblemHttpResult FieldProblem(int status, IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = status,
            Title = "请求有误 / The request has invalid fields",
        });

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"找不到 / Not found: {what}");

    public static ProblemHttpResult Conflict(string title) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title);
}

/// What text LiveBoard stores and writes. Names travel to big screens, broadcast overlays, XML and CSV: a control
/// character breaks XML for every poller of a competition, and a bidi override makes a name read differently on screen
/// than it is stored (a spoofed bib or name).
public static class TextRules
{
    public const string Message = "含有控制字符或双向文字控制符 / Contains control characters or bidirectional override characters";

    public static bool IsClean(string value, bool multiLine = false)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (multiLine && c is '\n' or '\r' or '\t') continue;
            if (char.IsControl(c) || IsBidiControl(c) || c is '\uFFFE' or '\uFFFF') return false;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return false;
        }
        return true;
    }

    // U+202A–U+202E (embeddings and overrides) and U+2066–U+2069 (isolates).
    static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// Characters XML 1.0 allows (tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, paired surrogates); others are dropped
    /// when writing, as defence in depth for data stored before these rules.
    public static string ForXml(string value)
    {
        if (value.All(c => c is '\t' or '\n' or '\r' or >= '\u0020' and < '\uD800' or >= '\uE000' and <= '\uFFFD')) return value;
        var text = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { text.Append(c).Append(value[++i]); continue; }
            if (c is '\t' or '\n' or '\r' or >= '\u0020' and < '\uD800' or >= '\uE000' and <= '\uFFFD') text.Append(c);
        }
        return text.ToString();
    }
}
