using System.Globalization;
using System.Text.Json;
using LiveBoard.Server.Data;
using LiveBoard.Server.Results;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Live;

/// A stage's standings put back together from the `stage` and `row` events of a channel.
public static class LiveStandings
{
    /// From this node's memory of the channel.
    public static Standings? From(ChannelView view, int stageId) => view.Memo($"standings:{stageId}", v => Build(v, stageId));

    static Standings? Build(ChannelView view, int stageId)
    {
        if (view.Find("stage", stageId.ToString(CultureInfo.InvariantCulture))?.Json is not { } head) return null;
        var prefix = StandingsParts.RowPrefix(stageId);
        return Join(head, view.Current.Where(kv => kv.Key.Type == "row" && kv.Key.Id.StartsWith(prefix, StringComparison.Ordinal))
            .Select(kv => kv.Value.Json!));
    }

    /// The stage ids that have standings on the channel.
    public static IEnumerable<int> Stages(ChannelView view) =>
        view.Current.Keys.Where(k => k.Type == "stage").Select(k => int.Parse(k.Id, CultureInfo.InvariantCulture));

    /// From the database, for the few reads that have no memory at hand (the medal table of a frozen final).
    public static async Task<Standings?> FromLogAsync(LiveBoardDb db, string channel, int stageId, CancellationToken ct)
    {
        var id = stageId.ToString(CultureInfo.InvariantCulture);
        var prefix = StandingsParts.RowPrefix(stageId);
        var latest = db.Events.Where(e => e.Channel == channel && ((e.Type == "stage" && e.ObjectId == id) || (e.Type == "row" && e.ObjectId.StartsWith(prefix))))
            .GroupBy(e => new { e.Type, e.ObjectId }).Select(g => g.Max(e => e.Seq));
        var events = await db.Events.AsNoTracking().Where(e => e.Channel == channel && latest.Contains(e.Seq) && e.Data != null)
            .Select(e => new { e.Type, e.Data }).ToListAsync(ct);
        var head = events.FirstOrDefault(e => e.Type == "stage")?.Data;
        return head is null ? null : Join(head, events.Where(e => e.Type == "row").Select(e => e.Data!));
    }

    static Standings Join(string head, IEnumerable<string> rows) => StandingsParts.Join(
        JsonSerializer.Deserialize<StageHead>(head, EventLog.Json)!,
        rows.Select(r => JsonSerializer.Deserialize<StageRow>(r, EventLog.Json)!));
}
