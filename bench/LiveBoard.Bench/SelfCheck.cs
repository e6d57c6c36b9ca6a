using System.Text;

namespace LiveBoard.Bench;

/// `--self-check`: runs the LiveBoard viewer's client rules over scripted messages (both `Event` and `Events`, a gap,
/// pushes held during a subscribe, heads), with no server, and says whether its counts come out as the rules say.
public static class SelfCheck
{
    public static async Task<int> RunAsync()
    {
        using var http = new HttpClient();
        var context = new LiveContext(new Uri("http://127.0.0.1:1"), "competition:2", http);
        var v = new LiveViewer(context, probe: false) { Connected = true };
        static byte[] M(string json) => Encoding.UTF8.GetBytes(json + "\u001e");
        static string E(long seq) => $"{{\"channel\":\"competition:2\",\"seq\":{seq},\"type\":\"standings\",\"id\":\"5\",\"data\":{{\"rows\":[{{\"seq\":1}}]}},\"at\":\"2026-06-12T01:02:{seq:00}Z\",\"token\":{seq}}}";
        static string Reply(long head, bool snapshot, params long[] seqs) =>
            $"{{\"type\":3,\"invocationId\":\"1\",\"result\":{{\"channel\":\"competition:2\",\"epoch\":\"e1\",\"head\":{head},\"snapshot\":{(snapshot ? "true" : "false")},\"events\":[{string.Join(',', seqs.Select(E))}]}}}}";
        static string Event(long seq) => $"{{\"type\":1,\"target\":\"Event\",\"arguments\":[{E(seq)}]}}";
        static string Events(long from, long to, params long[] seqs) =>
            $"{{\"type\":1,\"target\":\"Events\",\"arguments\":[{{\"channel\":\"competition:2\",\"from\":{from},\"to\":{to},\"events\":[{string.Join(',', seqs.Select(E))}]}}]}}";
        static string Heads(long head) => $"{{\"type\":1,\"target\":\"Heads\",\"arguments\":[{{\"epoch\":\"e1\",\"heads\":{{\"competition:2\":{head}}}}}]}}";

        await v.FeedAsync(M("{}"));                              // handshake
        await v.FeedAsync(M(Reply(10, true, 3, 7, 10)));         // snapshot: last 10
        await v.FeedAsync(M(Event(11)));                         // applied
        await v.FeedAsync(M(Events(12, 15, 13, 15)));            // applied: 2 events, last 15
        await v.FeedAsync(M(Events(14, 16, 15, 16)));            // overlapping batch: only 16 is new
        await v.FeedAsync(M(Event(16)));                         // a duplicate (no reply covers it)
        await v.FeedAsync(M(Event(18)));                         // gap: resubscribe with 16
        await v.FeedAsync(M(Event(19)) .Concat(M(Event(17))).ToArray()); // held while subscribing
        await v.FeedAsync(M(Reply(18, false, 17, 18)));          // repairs the gap, then 19 from the hold; 17 is an overlap
        await v.FeedAsync(M(Heads(21)));                         // first heads: noted, not acted on
        await v.FeedAsync(M(Event(20)) .Concat(M(Event(21))).ToArray()); // caught up before the next heads
        await v.FeedAsync(M(Heads(23)));                         // 21 was reached: nothing to do
        await v.FeedAsync(M(Heads(23)));                         // still behind 23: resubscribe after 0–1 s
        await Task.Delay(1200);

        var checks = new (string What, long Got, long Want)[]
        {
            ("last", v.Last, 21), ("deliveries", v.Deliveries, 9), ("gaps", v.Gaps, 1), ("gaps repaired", v.GapsRepaired, 1),
            ("duplicates", v.Duplicates, 1), ("overlaps", v.Overlaps, 1), ("resubscribes on heads", v.HeadResubscribes, 1),
            ("subscribes sent", v.Subscribes, 2),
        };
        var failed = 0;
        foreach (var (what, got, want) in checks)
        {
            var ok = got == want;
            if (!ok) failed++;
            Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}: {got} (expected {want})");
        }
        Console.WriteLine(failed == 0 ? "self-check passed" : $"self-check: {failed} failed");
        return failed == 0 ? 0 : 1;
    }
}
