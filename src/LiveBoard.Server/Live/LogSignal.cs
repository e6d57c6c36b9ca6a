namespace LiveBoard.Server.Live;

/// Wakes local log readers (the NDJSON feed) as soon as this node commits events; readers still poll for other nodes'.
public sealed class LogSignal
{
    TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref next).Task;

    public void Pulse() => Interlocked.Exchange(ref next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
