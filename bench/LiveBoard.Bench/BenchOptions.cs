using System.Globalization;

namespace LiveBoard.Bench;

/// Command-line options; every one has a default so `bash bench/run.sh` alone does a short run.
public sealed class BenchOptions
{
    public int Viewers { get; set; } = 200;
    public double Rate { get; set; } = 2;
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(10);
    public int Rounds { get; set; } = 1;
    public List<string> Targets { get; set; } = ["liveboard", "raw-ws", "signalr", "socketio"];
    public string ServerDll { get; set; } = "";
    public string ReferencesDll { get; set; } = "";
    public string SocketIoDir { get; set; } = "";
    public string ResultsDir { get; set; } = "bench/results";
    /// Selection stage size to look for in the demo data (the competition closest to it is used).
    public int StageSize { get; set; } = 15;
    public int? Competition { get; set; }
    /// Viewers connecting at the same time.
    public int ConnectConcurrency { get; set; } = 100;
    /// Seconds per GET phase (leaderboard without and with ETag, stage standings); 0 skips them.
    public int HttpSeconds { get; set; } = 5;
    public int HttpConcurrency { get; set; } = 4;
    /// Run the reconnect storm (every viewer drops and comes back with its last seq while marking goes on).
    public bool Storm { get; set; } = true;
    public TimeSpan StormDown { get; set; } = TimeSpan.FromSeconds(2);
    /// Payload size for the references when LiveBoard did not run first (otherwise its median public event is used).
    public int PayloadBytes { get; set; } = 1000;
    public string ServerCpus { get; set; } = "0";
    public string Command { get; set; } = "";

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions { Command = Environment.GetEnvironmentVariable("BENCH_COMMAND") ?? string.Join(' ', args) };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--viewers": o.Viewers = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--rate": o.Rate = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--duration": o.Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--rounds": o.Rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--targets": o.Targets = [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]; break;
                case "--server-dll": o.ServerDll = Next(); break;
                case "--references-dll": o.ReferencesDll = Next(); break;
                case "--socketio-dir": o.SocketIoDir = Next(); break;
                case "--results": o.ResultsDir = Next(); break;
                case "--stage-size": o.StageSize = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--competition": o.Competition = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--connect-concurrency": o.ConnectConcurrency = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--http-seconds": o.HttpSeconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--http-concurrency": o.HttpConcurrency = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--no-storm": o.Storm = false; break;
                case "--storm-down": o.StormDown = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--payload-bytes": o.PayloadBytes = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--server-cpus": o.ServerCpus = Next(); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        var unknown = o.Targets.Except(["liveboard", "raw-ws", "signalr", "socketio"]).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"unknown target(s): {string.Join(", ", unknown)}");
        return o;
    }
}
