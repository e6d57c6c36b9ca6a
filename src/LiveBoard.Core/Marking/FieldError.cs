namespace LiveBoard.Core.Marking;

// Code is stable for clients; the messages are ready to show on bilingual screens.
public sealed record FieldError(string Field, string Code, string MessageZh, string MessageEn);
