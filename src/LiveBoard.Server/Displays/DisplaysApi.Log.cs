namespace LiveBoard.Server.Displays;

// A key's id and name, never the key itself: it is shown once, to the operator who issued it.
public static partial class DisplaysApi
{
    static partial class Log
    {
        [LoggerMessage(EventId = 4001, EventName = "DisplayKeyIssued", Level = LogLevel.Information, Message = "Display key {KeyId} ({Name}) issued, by {User}")]
        public static partial void KeyIssued(ILogger logger, int keyId, string name, string user);

        [LoggerMessage(EventId = 4002, EventName = "DisplayKeyRevoked", Level = LogLevel.Warning, Message = "Display key {KeyId} ({Name}) revoked, by {User}; its screens are disconnected")]
        public static partial void KeyRevoked(ILogger logger, int keyId, string name, string user);
    }
}
