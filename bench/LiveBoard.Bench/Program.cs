using System.Globalization;
using LiveBoard.Bench;

// The LiveBoard benchmark (bench/README.md): LiveBoard and three references, one after another, each server pinned to
// its core and this generator to the other; one table row per target and round, written to bench/results/.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
ThreadPool.SetMinThreads(64, 64);

if (args.Contains("--self-check")) return await SelfCheck.RunAsync();

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var workDir = Directory.CreateTempSubdirectory("liveboard-bench-").FullName;
Console.WriteLine($"generator on cpus {ProcSample.CpusAllowed()}, servers on cpus {options.ServerCpus}; work folder {workDir}");
var startedAt = DateTimeOffset.UtcNow;
var results = new List<TargetResult>();
byte[]? payload = null;
for (var round = 1; round <= options.Rounds; round++)
{
    foreach (var target in options.Targets)
    {
        try
        {
            if (target == "liveboard")
            {
                var (result, median) = await LiveBoardRun.RunAsync(options, round, workDir);
                results.Add(result);
                payload ??= median;
            }
            else
            {
                payload ??= ReferenceRun.Representative(options.PayloadBytes);
                results.Add(await ReferenceRun.RunAsync(options, target, round, workDir, payload));
            }
            Console.WriteLine(Report.Line(results[^1]));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"[{target} r{round}] failed: {ex}");
            var failed = new TargetResult { Target = target, Round = round, Viewers = options.Viewers };
            failed.Notes.Add($"FAILED: {ex.GetType().Name}: {ex.Message}");
            results.Add(failed);
        }
    }
}

var report = Report.Markdown(options, startedAt, results);
Console.WriteLine();
Console.WriteLine(report);
Directory.CreateDirectory(options.ResultsDir);
var file = Path.Combine(options.ResultsDir, $"{startedAt:yyyyMMdd-HHmmss}.md");
await File.WriteAllTextAsync(file, report);
Console.WriteLine($"written to {file}; server logs in {workDir}");
return results.Any(r => r.Notes.Any(n => n.StartsWith("FAILED", StringComparison.Ordinal))) ? 1 : 0;
