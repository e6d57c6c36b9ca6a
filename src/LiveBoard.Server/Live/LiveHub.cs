using LiveBoard.Server.Marking;
using Microsoft.AspNetCore.SignalR;

namespace LiveBoard.Server.Live;

public interface ILiveClient
{
    Task Event(LiveEvent e);
    Task Heads(HeadsMessage heads);
}

public sealed record SubscribeReply(string Channel, string Epoch, long Head, bool Snapshot, IReadOnlyList<LiveEvent> Events);
public sealed record HeadsMessage(string Epoch, IReadOnlyDictionary<string, long> Heads);
public sealed record MarkReply(bool Accepted, bool Replayed, MarkView? Mark, int Status, IReadOnlyDictionary<string, string[]> Errors);

/// Thin: every decision lives in Subscriptions and MarkingService.
public sealed class LiveHub(Subscriptions subscriptions, LiveConnections connections, HubMarking marking) : Hub<ILiveClient>
{
    public Task<SubscribeReply> Subscribe(string channel, long? since) =>
        subscriptions.SubscribeAsync(Context.User!, Context.ConnectionId, Groups, channel, since, Context.ConnectionAborted);

    public Task Unsubscribe(string channel) =>
        subscriptions.UnsubscribeAsync(Context.ConnectionId, Groups, channel, Context.ConnectionAborted);

    public Task<MarkReply> SubmitMark(int competitionId, MarkSubmission submission) =>
        marking.SubmitAsync(Context.User!, competitionId, submission, Context.ConnectionAborted);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
