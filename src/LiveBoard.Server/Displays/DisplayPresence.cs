namespace LiveBoard.Server.Displays;

/// A screen or overlay that registered itself: what it shows and the last sequence it rendered, per channel.
/// Kept in the database so the control desk sees the displays of every node.
public class DisplayPresence
{
    public required string DisplayId { get; set; }
    public string? Name { get; set; }
    public required string ConnectionId { get; set; }
    public required string Node { get; set; }
    public required string Page { get; set; }
    public string Language { get; set; } = "zh-en";
    public string? Viewport { get; set; }
    public string? Version { get; set; }
    public int? CompetitionId { get; set; }
    public Dictionary<string, long> Rendered { get; set; } = [];
    public DateTimeOffset ConnectedAt { get; set; }
    public DateTimeOffset LastSeen { get; set; }
    public bool Connected { get; set; }
}

public sealed record DisplayHello(string? DisplayId, string? Name, string? Page, string? Language, string? Viewport, string? Version, int? CompetitionId);

/// What a display (or every display, id "all") is told to show. Full state: a screen that reconnects applies the last one.
public sealed record Directive(string Target, string? Page, int? CompetitionId, string? Language, bool Blackout, string? Message,
    int RefreshNonce, DateTimeOffset At);

/// `reset` drops a display's own directive, so it follows "all" again.
public sealed record DirectiveInput(string? DisplayId, string? Page, int? CompetitionId, string? Language, bool? Blackout, string? Message,
    bool? Refresh, bool? ClearMessage, bool? Reset = null);
