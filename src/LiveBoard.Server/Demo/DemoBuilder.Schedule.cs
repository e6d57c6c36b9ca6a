using LiveBoard.Core.Competitions;

namespace LiveBoard.Server.Demo;

sealed partial class DemoBuilder
{
    // The demo always looks mid-season: preliminaries finished a few days ago, the selection is on today with
    // its first module live right now, the final comes in a few days. Competitions are staggered by index.
    Module[] Schedule(Stage stage, int index, ModuleSpec[] specs)
    {
        var now = time.GetUtcNow();
        var today = new DateTimeOffset(now.ToOffset(Shanghai).Date, Shanghai);
        return stage.Kind switch
        {
            StageKind.Preliminary => [.. specs.Select((spec, j) => NewModule(stage, "P", j, spec,
                MorningOf(today.AddDays(j - specs.Length - 1 - index % 3)),
                // Some chief experts have not signed the last day off yet.
                j == specs.Length - 1 && index % 3 == 0 ? ModuleStatus.Closed : ModuleStatus.Locked))],
            StageKind.Selection => [.. specs.Select((spec, j) => NewModule(stage, "S", j, spec,
                QuarterHour(now).AddHours(-1 + 3.5 * j), j == 0 ? ModuleStatus.Live : ModuleStatus.Scheduled))],
            _ => [.. specs.Select((spec, j) => NewModule(stage, "F", j, spec,
                MorningOf(today.AddDays(3 + index % 4 + j)), ModuleStatus.Scheduled))],
        };
    }

    static DateTimeOffset MorningOf(DateTimeOffset day) => day.AddHours(9);

    static DateTimeOffset QuarterHour(DateTimeOffset t) =>
        new(t.Ticks - t.Ticks % TimeSpan.FromMinutes(15).Ticks, t.Offset);

    static Module NewModule(Stage stage, string prefix, int j, ModuleSpec spec, DateTimeOffset start, ModuleStatus status) => new()
    {
        StageId = stage.Id,
        Code = $"{prefix}{j + 1}",
        NameZh = spec.Zh,
        NameEn = spec.En,
        // UTC: PostgreSQL accepts only offset 0 for timestamptz, and SQLite orders the text form correctly.
        StartsAt = start.ToUniversalTime(),
        EndsAt = start.AddHours(3).ToUniversalTime(),
        Status = status,
    };
}
