using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LiveBoard.Server.Hosting;

/// Collects field errors so a request is rejected whole, as RFC 7807 problem details naming every bad field.
public sealed class Checks
{
    readonly Dictionary<string, List<string>> errors = [];

    public bool Failed => errors.Count > 0;

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

    public Checks Text(string field, string? value, int max = 200, bool required = true)
    {
        if (required) Required(field, value);
        return That(value is null || value.Length <= max, field, $"最多 {max} 个字符 / At most {max} characters");
    }

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
