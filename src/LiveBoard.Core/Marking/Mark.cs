namespace LiveBoard.Core.Marking;

/// One entry by one judge. Marks are append-only: a correction is a new Mark whose SupersedesId names the old one.
public class Mark
{
    public long Id { get; set; }
    public int CompetitionId { get; set; }
    public int AspectId { get; set; }
    public int CompetitorId { get; set; }
    public int JudgeId { get; set; }
    /// Judgement: the 0–3 score. Measurement without bands: the mark (0 or max). With bands: the measured deviation.
    public decimal Value { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public string? Device { get; set; }
    public long? SupersedesId { get; set; }
    public string? Reason { get; set; }
    public string? IdempotencyKey { get; set; }
}
