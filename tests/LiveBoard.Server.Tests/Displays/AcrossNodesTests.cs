using System.Net;
using LiveBoard.Server.Tests.Infrastructure;
using LiveBoard.Server.Tests.Live;

namespace LiveBoard.Server.Tests.Displays;

/// Two server instances over one database, as two nodes without Redis: what one commits, the other's pollers and new
/// viewers read within the poll interval (100 ms), from its own memory caught up to the database.
public class AcrossNodesTests : CompetitionTest
{
    readonly Dictionary<string, string> shared;

    public AcrossNodesTests() : this(SharedDatabase()) { }

    AcrossNodesTests(Dictionary<string, string> shared) : base(shared) => this.shared = shared;

    static Dictionary<string, string> SharedDatabase()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "liveboard-tests", Guid.NewGuid().ToString("N"))).FullName;
        return new() { ["ConnectionStrings:LiveBoard"] = $"Data Source={Path.Combine(folder, "shared.db")}" };
    }

    static async Task<T> Eventually<T>(Func<Task<T?>> read, Func<T?, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var value = await read();
            if (done(value)) return value!;
            Assert.True(DateTime.UtcNow < until, "not seen within 5 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task ADataSourceOnOneNodeShowsAMarkCommittedOnAnother()
    {
        using var second = new LiveBoardApp(shared);
        var poller = second.CreateClient();
        var source = $"/api/data/competitions/{t.CompetitionId}/leaderboard.json?stage={t.PrelimId}";
        // Read once before the mark, so the second node holds the channel in memory and must notice it is behind.
        Assert.Equal(HttpStatusCode.OK, (await poller.GetAsync(source)).StatusCode);

        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-01", t.Judges[0], 1));

        await Eventually(async () => (await poller.GetOk(source)).AsArray(),
            rows => rows!.Any(r => r!["bib"]!.GetValue<string>() == "C-01" && r["total"]!.GetValue<string>() == "1.00"));
    }

    [Fact]
    public async Task AViewerSubscribingOnAnotherNodeGetsWhatTheFirstCommitted()
    {
        using var second = new LiveBoardApp(shared);
        await using (var early = await Viewer.StartAsync(second.Hub()))
            await early.Subscribe($"competition:{t.CompetitionId}");
        await admin.PostOk($"{t.Base}/marks", t.Mark(t.MeasureAspect, "C-01", t.Judges[0], 1));

        await using var viewer = await Viewer.StartAsync(second.Hub());
        var reply = await Eventually(() => viewer.Subscribe($"competition:{t.CompetitionId}")!,
            r => r!.Events.Any(e => e.IsRowOf(t.PrelimId, t.Competitors["C-01"]) && e.RowTotal() == 1.00m));
        Assert.True(reply.Snapshot);
    }
}
