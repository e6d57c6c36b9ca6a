namespace LiveBoard.Server.Live;

/// Channel names are built here and nowhere else; clients name a channel, the server decides what it may see.
public static class Channels
{
    public static string Series(int seriesId) => $"series:{seriesId}";
    public static string Public(int competitionId) => $"competition:{competitionId}";
    public static string Staff(int competitionId) => $"competition:{competitionId}:staff";
    /// For the panel: that marks were entered, never their values, so judging stays independent until the reveal.
    public static string Judging(int competitionId) => $"competition:{competitionId}:judging";
    /// Commands for screens and overlays.
    public const string Displays = "displays";

    /// The SignalR group of a channel. Groups are never named by clients.
    public static string Group(string channel) => $"ch|{channel}";

    public static bool TryParse(string? name, out ChannelName channel)
    {
        channel = default;
        if (name == Displays) { channel = new ChannelName(ChannelKind.Displays, 0); return true; }
        var parts = (name ?? "").Split(':');
        if (parts.Length is < 2 or > 3 || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, null, out var id) || id <= 0) return false;
        channel = (parts[0], parts.Length == 3 ? parts[2] : null) switch
        {
            ("series", null) => new ChannelName(ChannelKind.Series, id),
            ("competition", null) => new ChannelName(ChannelKind.Competition, id),
            ("competition", "staff") => new ChannelName(ChannelKind.CompetitionStaff, id),
            ("competition", "judging") => new ChannelName(ChannelKind.CompetitionJudging, id),
            _ => default,
        };
        return channel.Kind != ChannelKind.None;
    }
}

public enum ChannelKind { None, Series, Competition, CompetitionStaff, CompetitionJudging, Displays }

public readonly record struct ChannelName(ChannelKind Kind, int Id)
{
    public override string ToString() => Kind switch
    {
        ChannelKind.Series => Channels.Series(Id),
        ChannelKind.Competition => Channels.Public(Id),
        ChannelKind.CompetitionStaff => Channels.Staff(Id),
        ChannelKind.CompetitionJudging => Channels.Judging(Id),
        ChannelKind.Displays => Channels.Displays,
        _ => "",
    };
}
