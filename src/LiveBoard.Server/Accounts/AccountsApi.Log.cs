namespace LiveBoard.Server.Accounts;

// User names only: never a password, an access code, a cookie or a device token.
public static partial class AccountsApi
{
    internal static partial class Log
    {
        [LoggerMessage(EventId = 1001, EventName = "SignedIn", Level = LogLevel.Information, Message = "{UserName} signed in with {Method}")]
        public static partial void SignedIn(ILogger logger, string userName, string method);

        [LoggerMessage(EventId = 1002, EventName = "SignInFailed", Level = LogLevel.Warning, Message = "Password sign-in failed for {UserName}")]
        public static partial void SignInFailed(ILogger logger, string userName);

        [LoggerMessage(EventId = 1003, EventName = "SignInThrottled", Level = LogLevel.Warning,
            Message = "Password sign-in for {UserName} refused for {RetryAfter}: too many failures")]
        public static partial void SignInThrottled(ILogger logger, string userName, TimeSpan retryAfter);

        [LoggerMessage(EventId = 1004, EventName = "AccessCodeFailed", Level = LogLevel.Warning, Message = "Access-code sign-in failed: the code is unknown, used or expired")]
        public static partial void AccessCodeFailed(ILogger logger);

        [LoggerMessage(EventId = 1005, EventName = "AccessCodeThrottled", Level = LogLevel.Warning,
            Message = "Access-code sign-in refused for {RetryAfter}: too many failures from this address")]
        public static partial void AccessCodeThrottled(ILogger logger, TimeSpan retryAfter);

        [LoggerMessage(EventId = 1006, EventName = "SessionEnded", Level = LogLevel.Information, Message = "{UserName} signed out")]
        public static partial void SessionEnded(ILogger logger, string userName);

        [LoggerMessage(EventId = 1007, EventName = "AccessCodeIssued", Level = LogLevel.Information, Message = "Access code issued for judge {JudgeId}, by {User}")]
        public static partial void AccessCodeIssued(ILogger logger, int judgeId, string user);

        [LoggerMessage(EventId = 1008, EventName = "AccountCreated", Level = LogLevel.Information,
            Message = "Account {UserName} created with roles [{Roles}], judge {JudgeId}, by {User}")]
        public static partial void AccountCreated(ILogger logger, string userName, string roles, int? judgeId, string user);

        public static void AccountUpdated(ILogger logger, Account account, string rolesBefore, bool disabledBefore, bool passwordChanged, string user)
        {
            var roles = string.Join(',', account.Roles);
            if (roles != rolesBefore) RolesChanged(logger, account.UserName, rolesBefore, roles, user);
            if (account.Disabled && !disabledBefore) Disabled(logger, account.UserName, user);
            if (!account.Disabled && disabledBefore) Enabled(logger, account.UserName, user);
            if (passwordChanged) PasswordChanged(logger, account.UserName, user);
        }

        [LoggerMessage(EventId = 1009, EventName = "AccountRolesChanged", Level = LogLevel.Information,
            Message = "Roles of {UserName} changed from [{From}] to [{To}], by {User}")]
        static partial void RolesChanged(ILogger logger, string userName, string from, string to, string user);

        [LoggerMessage(EventId = 1010, EventName = "AccountDisabled", Level = LogLevel.Information, Message = "Account {UserName} disabled, by {User}; its sessions ended")]
        static partial void Disabled(ILogger logger, string userName, string user);

        [LoggerMessage(EventId = 1011, EventName = "AccountEnabled", Level = LogLevel.Information, Message = "Account {UserName} enabled again, by {User}")]
        static partial void Enabled(ILogger logger, string userName, string user);

        [LoggerMessage(EventId = 1012, EventName = "PasswordChanged", Level = LogLevel.Information, Message = "Password of {UserName} changed, by {User}; its sessions ended")]
        static partial void PasswordChanged(ILogger logger, string userName, string user);

        [LoggerMessage(EventId = 1013, EventName = "AdminAccountCreated", Level = LogLevel.Warning, Message = "Created the admin account; its password is in {File}")]
        public static partial void AdminCreated(ILogger logger, string file);
    }
}
