using Microsoft.AspNetCore.SignalR;

namespace LiveBoard.Server.Live;

/// SignalR logs every exception a hub method throws as an error with its stack trace, refusals included: a venue of
/// screens asking for a channel they may not read filled the log with "errors". This filter logs a refusal
/// (HubException, whose message the caller sees) as information and anything else as the error it is; the
/// dispatcher's own copy is turned down in LiveSetup.
public sealed partial class HubCallLogging(ILogger<HubCallLogging> logger) : IHubFilter
{
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(context);
        }
        catch (HubException ex)
        {
            Log.Refused(logger, context.HubMethodName, context.Context.User?.Identity?.Name ?? "anonymous", ex.Message);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.Failed(logger, context.HubMethodName, ex);
            throw;
        }
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 3101, EventName = "HubCallRefused", Level = LogLevel.Information, Message = "Hub call {Method} by {User} refused: {Reason}")]
        public static partial void Refused(ILogger logger, string method, string user, string reason);

        [LoggerMessage(EventId = 3102, EventName = "HubCallFailed", Level = LogLevel.Error, Message = "Hub call {Method} failed")]
        public static partial void Failed(ILogger logger, string method, Exception ex);
    }
}
