using System.Diagnostics;

namespace LiveBoard.Cluster.Tests.Infrastructure;

/// A child process whose stdout and stderr go to one log file. Disposing kills it with its children; so does the
/// test host exiting, so a failed or timed-out test leaves nothing running.
public sealed class LoggedProcess : IDisposable
{
    readonly Process process;
    readonly StreamWriter log;
    readonly EventHandler killOnExit;

    public string LogPath { get; }
    public int Id => process.Id;
    public bool HasExited => process.HasExited;

    LoggedProcess(Process process, string logPath)
    {
        this.process = process;
        LogPath = logPath;
        log = new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        killOnExit = (_, _) => Kill();
        AppDomain.CurrentDomain.ProcessExit += killOnExit;
    }

    public static LoggedProcess Start(string fileName, IEnumerable<string> arguments, string logPath,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        var started = new LoggedProcess(new Process { StartInfo = info }, logPath);
        started.process.Start();
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();
        return started;
    }

    void Write(string? line)
    {
        if (line is null) return;
        lock (log) log.WriteLine(line);
    }

    /// The exit code, once the process has ended and its output is drained.
    public async Task<int> WaitForExitAsync(CancellationToken ct)
    {
        await process.WaitForExitAsync(ct);
        return process.ExitCode;
    }

    /// SIGKILL, and wait until the process is gone and its output is drained.
    public void Kill()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5_000);
        }
        catch (InvalidOperationException) { }
    }

    public string Tail(int lines = 40)
    {
        string[] all;
        lock (log)
        {
            using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            all = reader.ReadToEnd().Split('\n');
        }
        var exit = process.HasExited ? $"exited with {process.ExitCode}" : "running";
        return $"--- {Path.GetFileName(LogPath)} (pid {process.Id}, {exit}), last {lines} lines ---\n" + string.Join('\n', all.TakeLast(lines));
    }

    public void Dispose()
    {
        Kill();
        AppDomain.CurrentDomain.ProcessExit -= killOnExit;
        process.Dispose();
        lock (log) log.Dispose();
    }
}
