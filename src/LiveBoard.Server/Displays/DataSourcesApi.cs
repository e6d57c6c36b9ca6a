using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using LiveBoard.Server.Data;
using LiveBoard.Server.Live;
using LiveBoard.Server.Results;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Displays;

/// Data sources for pollers (vMix Data Sources, CasparCG clients, spreadsheets): flat rows as JSON (an array of flat
/// objects), XML (rows under one root, for XPath) or CSV, with stable column names. Read from the public log, so a
/// frozen board stays frozen here too, from this node's memory of it (never by replaying the log). The ETag is the
/// channel's head: an unchanged board costs one key lookup and a 304.
public static class DataSourcesApi
{
    public static IEndpointRouteBuilder MapDataSources(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/data/competitions/{competitionId:int}").WithTags("Data sources");
        group.MapGet("/leaderboard.{format}", Leaderboard)
            .WithSummary("Standings rows of a stage (default: the latest stage with marks); ?stage=, ?top=, ?lang=zh|en; format json | xml | csv");
        group.MapGet("/latest.{format}", Latest).WithSummary("The latest changed results, newest first; ?count= (default 10)");
        group.MapGet("/current.{format}", Current).WithSummary("The competitor whose result changed last (one row)");
        return routes;
    }

    static async Task<IResult> Leaderboard(int competitionId, string format, int? stage, int? top, string? lang, HttpContext http, LiveBoardDb db,
        ChannelLog log, CancellationToken ct)
    {
        if (await Prepare(competitionId, format, lang, http, db, log, ct, c => c.Range("top", top, 0, 10_000)) is { } early) return early;
        var view = await PublicAsync(competitionId, http, db, log, ct);
        // Adding or reordering stages appends their events, so the order is kept with the view it was read for.
        var stageOrder = await view.MemoAsync("stage-order", () =>
            db.Stages.AsNoTracking().Where(s => s.CompetitionId == competitionId).OrderBy(s => s.Order).Select(s => s.Id).ToListAsync(ct));
        IResult Render(ChannelView v)
        {
            var chosen = stage ?? stageOrder.LastOrDefault(id => LiveStandings.From(v, id) is { } s && s.Rows.Any(r => r.AspectsScored > 0));
            if (chosen == 0 && stageOrder.Count > 0) chosen = stageOrder[0];
            var found = LiveStandings.From(v, chosen);
            var rows = found?.Rows ?? [];
            return Rendered(format, "leaderboard", [.. rows.Take(top is > 0 ? top.Value : int.MaxValue).Select(r => Row(r, lang, found!.MaximumTotal))]);
        }
        // Every poller of the same question at the same head gets the same bytes, rendered once (pollers ask the same few
        // questions; an unusual `top` is rendered for its asker alone, so odd queries cannot fill the memory).
        return top is null or 3 or 5 or 8 or 10 or 20 ? view.Memo($"leaderboard.{format}?stage={stage}&top={top}&lang={lang}", Render) : Render(view);
    }

    static async Task<IResult> Latest(int competitionId, string format, int? count, string? lang, HttpContext http, LiveBoardDb db, ChannelLog log,
        CancellationToken ct)
    {
        if (await Prepare(competitionId, format, lang, http, db, log, ct, c => c.Range("count", count, 1, 100)) is { } early) return early;
        var view = await PublicAsync(competitionId, http, db, log, ct);
        return Write(format, "latest", [.. view.Memo("changes", AllChanges).Take(count ?? 10).Select(c => Flat(c, lang))]);
    }

    static async Task<IResult> Current(int competitionId, string format, string? lang, HttpContext http, LiveBoardDb db, ChannelLog log,
        CancellationToken ct)
    {
        if (await Prepare(competitionId, format, lang, http, db, log, ct) is { } early) return early;
        var view = await PublicAsync(competitionId, http, db, log, ct);
        return Write(format, "current", [.. view.Memo("changes", AllChanges).Take(1).Select(c => Flat(c, lang))]);
    }

    /// Checks the format and query, and answers 304 when the poller already holds the current head.
    static async Task<IResult?> Prepare(int competitionId, string format, string? lang, HttpContext http, LiveBoardDb db, ChannelLog log,
        CancellationToken ct, Action<Hosting.Checks>? more = null)
    {
        var checks = new Hosting.Checks().That(format is "json" or "xml" or "csv", "format", "须为 json、xml 或 csv / Must be json, xml or csv")
            .That(lang is null or "zh" or "en", "lang", "须为 zh 或 en / Must be zh or en");
        more?.Invoke(checks);
        if (checks.Failed) return checks.Problem();
        var head = await log.PollHeadAsync(db, Channels.Public(competitionId), PollAge, ct);
        // A channel with events belongs to a competition (they are never deleted); only an empty one needs looking up.
        if (head == 0 && !await db.Competitions.AnyAsync(c => c.Id == competitionId, ct)) return Hosting.Checks.NotFound($"competition {competitionId}");
        http.Items[HeadKey] = head;
        var etag = $"\"{competitionId}-{head}\"";
        http.Response.Headers.ETag = etag;
        // Pollers revalidate every time; the 304 makes that nearly free.
        http.Response.Headers.CacheControl = "no-cache";
        return http.Request.Headers.IfNoneMatch.ToString() == etag ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : null;
    }

    const string HeadKey = "liveboard.head";
    /// Pollers may see another node's change up to this late; this node's own changes at once.
    static readonly TimeSpan PollAge = TimeSpan.FromMilliseconds(100);

    /// The public channel from this node's memory, at least as new as the head the ETag names.
    static Task<ChannelView> PublicAsync(int competitionId, HttpContext http, LiveBoardDb db, ChannelLog log, CancellationToken ct) =>
        log.AtLeastAsync(db, Channels.Public(competitionId), (long)http.Items[HeadKey]!, ct);

    sealed record Change(StageRow Row, decimal Maximum, decimal By, DateTimeOffset At, long Seq);

    /// Rows whose total changed, newest first: each recent `row` event against the state of that row before it.
    static List<Change> AllChanges(ChannelView view)
    {
        var changes = new List<Change>();
        var before = new Dictionary<string, StageRow>();
        foreach (var cached in view.Recent)
        {
            var e = cached.Event;
            if (e.Type != "row" || cached.Json is null) continue;
            var row = JsonSerializer.Deserialize<StageRow>(cached.Json, EventLog.Json)!;
            if (before.TryGetValue(e.Id, out var previous) && previous.Row.Total != row.Row.Total)
                changes.Add(new Change(row, LiveStandings.From(view, row.StageId)?.MaximumTotal ?? 0, row.Row.Total - previous.Row.Total, e.At, e.Seq));
            before[e.Id] = row;
        }
        changes.Reverse();
        return changes;
    }

    static Dictionary<string, object?> Flat(Change c, string? lang)
    {
        var flat = Row(c.Row.Row, lang, c.Maximum);
        flat["change"] = Inv(c.By);
        flat["at"] = c.At.ToString("O", CultureInfo.InvariantCulture);
        flat["seq"] = c.Seq;
        return flat;
    }

    static readonly Dictionary<string, string> StatusZh = new()
    {
        ["StartList"] = "待赛", ["Live"] = "进行中", ["Unofficial"] = "非正式", ["Official"] = "正式", ["Protested"] = "申诉中",
    };
    static readonly Dictionary<string, string> MedalZh = new() { ["Gold"] = "金奖", ["Silver"] = "银奖", ["Bronze"] = "铜奖", ["None"] = "" };

    static Dictionary<string, object?> Row(StandingsRow r, string? lang, decimal maximum) => new()
    {
        ["rank"] = r.Rank, ["bib"] = r.Bib,
        ["name"] = lang == "en" ? r.NameEn : r.NameZh, ["nameZh"] = r.NameZh, ["nameEn"] = r.NameEn,
        ["organisation"] = lang == "en" ? r.OrganisationEn : r.OrganisationZh, ["organisationZh"] = r.OrganisationZh, ["organisationEn"] = r.OrganisationEn,
        ["total"] = Inv(r.Total), ["maximum"] = Inv(maximum), ["scored"] = r.AspectsScored, ["aspects"] = r.AspectsTotal,
        ["status"] = r.Status.ToString(), ["statusZh"] = StatusZh[r.Status.ToString()],
        ["medal"] = r.Medal == Core.Competitions.Medal.None ? "" : r.Medal.ToString(), ["medalZh"] = MedalZh[r.Medal.ToString()],
        ["advances"] = r.Advances,
    };

    static string Inv(decimal d) => d.ToString("0.00", CultureInfo.InvariantCulture);

    static IResult Write(string format, string root, List<Dictionary<string, object?>> rows) => format switch
    {
        "xml" => TypedResults.Text(Xml(root, rows), "application/xml", Encoding.UTF8),
        "csv" => TypedResults.Text(Csv(rows), "text/csv", Encoding.UTF8),
        _ => TypedResults.Json(rows, EventLog.Json),
    };

    /// The same answer as Write, as finished bytes that can be kept and sent again.
    static IResult Rendered(string format, string root, List<Dictionary<string, object?>> rows) => format switch
    {
        "xml" => TypedResults.Bytes(Encoding.UTF8.GetBytes(Xml(root, rows)), "application/xml; charset=utf-8"),
        "csv" => TypedResults.Bytes(Encoding.UTF8.GetBytes(Csv(rows)), "text/csv; charset=utf-8"),
        _ => TypedResults.Bytes(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(rows, EventLog.Json), "application/json; charset=utf-8"),
    };

    static string Xml(string root, List<Dictionary<string, object?>> rows)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false }))
        {
            xml.WriteStartElement(root);
            foreach (var row in rows)
            {
                xml.WriteStartElement("row");
                // Stored names may predate the input rules: characters XML cannot carry are dropped rather than failing the whole file.
                foreach (var (key, value) in row) xml.WriteElementString(key, Hosting.TextRules.ForXml(Format(value)));
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return text.ToString();
    }

    static string Csv(List<Dictionary<string, object?>> rows)
    {
        var header = rows.FirstOrDefault()?.Keys.ToArray() ?? ["rank", "bib", "name", "organisation", "total", "status", "medal"];
        return Hosting.CsvFiles.Write(header, rows.Select(row => header.Select(h => Format(row.GetValueOrDefault(h))).ToArray()));
    }

    static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
