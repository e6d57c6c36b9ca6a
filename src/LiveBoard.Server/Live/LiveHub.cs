using LiveBoard.Server.Marking;
using Microsoft.AspNetCore.SignalR;

namespace LiveBoard.Server.Live;

public interface ILiveClient
{
    Task Events(EventBatch batch);
    Task Heads(HeadsMessage heads);
}

public sealed record SubscribeReply(string Channel, string Epoch, long Head, bool Snapshot, IReadOnlyList<LiveEvent> Events);
public sealed record HeadsMessage(string Epoch, IReadOnlyDictionary<string, long> Heads);
public sealed record MarkReply(bool Accepted, bool Replayed, MarkView? Mark, int Status, IReadOnlyDictionary<string, string[]> Errors);

/// Thin: every decision lives in Subscriptions and MarkingService.
public sealed class LiveHub(Subscriptions subscriptions, LiveConnections connections, HubMarking marking, Displays.DisplayRegistry displays,
    Accounts.CredentialConnections credentials, Telemetry.LiveMetrics metrics) : Hub<ILiveClient>
{
    public Task<SerializedReply> Subscribe(string channel, long? since) =>
        subscriptions.SubscribeAsync(Context.User!, Context.ConnectionId, Groups, channel, since, Context.ConnectionAborted);

    public Task Unsubscribe(string channel) =>
        subscriptions.UnsubscribeAsync(Context.ConnectionId, Groups, channel, Context.ConnectionAborted);

    public Task<MarkReply> SubmitMark(int competitionId, MarkSubmission submission) =>
        marking.SubmitAsync(Context.User!, competitionId, submission, Context.ConnectionAborted);

    /// Screens and overlays say what they show, so the control desk can list them.
    public Task RegisterDisplay(Displays.DisplayHello hello) => displays.RegisterAsync(Context.User!, Context.ConnectionId, hello, Context.ConnectionAborted);

    /// A display reports the last sequence it rendered on a channel (every few seconds), so the desk sees who is behind.
    public Task ReportRendered(string channel, long seq) => displays.ReportRenderedAsync(Context.ConnectionId, channel, seq, Context.ConnectionAborted);

    public override Task OnConnectedAsync()
    {
        // Screens are remembered by key and staff by session, so revoking either closes the connection.
        credentials.Add(Context);
        // Counted once the connection is open: SignalR calls OnDisconnectedAsync only for connections that got this far.
        metrics.ConnectionOpened();
        return base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        metrics.ConnectionClosed();
        connections.Remove(Context.ConnectionId);
        credentials.Remove(Context.ConnectionId);
        await displays.DisconnectedAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }
}
