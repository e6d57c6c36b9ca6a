namespace LiveBoard.Core.Marking;

public static class MarkHistory
{
    // Marks are append-only, so a correction never deletes: the old mark simply stops being current.
    public static IReadOnlyList<Mark> Current(IEnumerable<Mark> marks)
    {
        var all = marks.ToList();
        var superseded = all.Where(m => m.SupersedesId is not null).Select(m => m.SupersedesId!.Value).ToHashSet();
        return all.Where(m => !superseded.Contains(m.Id)).ToList();
    }

    // RecordedAt first; Id breaks a same-instant tie because ids grow in insertion order.
    public static Mark Latest(IEnumerable<Mark> marks) =>
        marks.OrderBy(m => m.RecordedAt).ThenBy(m => m.Id).Last();
}
