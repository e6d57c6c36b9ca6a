namespace LiveBoard.Core.Marking;

public enum AspectOutcomeKind { Pending, RescoreRequired, Scored }

// Scores are the values the outcome was computed from (judges' 0–3 scores, or the measured value), for audit screens.
public sealed record AspectOutcome(int AspectId, int CompetitorId, AspectOutcomeKind Kind, decimal Mark, IReadOnlyList<decimal> Scores, decimal Spread);
