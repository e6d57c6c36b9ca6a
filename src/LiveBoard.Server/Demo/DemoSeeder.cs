using LiveBoard.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Demo;

// Seeds the ten-trade demo series once; a database that already holds it is left alone.
public static class DemoSeeder
{
    public static async Task SeedAsync(LiveBoardDb db, TimeProvider time, CancellationToken ct = default)
    {
        if (await SeededAsync(db, ct))
            return;
        try
        {
            // Through the execution strategy, so a provider configured to retry can replay the whole transaction.
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                // A replay must not re-insert what a failed attempt left tracked.
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await new DemoBuilder(db, time).BuildAsync(ct);
                await transaction.CommitAsync(ct);
            });
        }
        catch (DbUpdateException)
        {
            // Another node seeded first (the series slug is unique): that is the outcome we wanted.
            db.ChangeTracker.Clear();
            if (!await SeededAsync(db, ct))
                throw;
        }
        // Thousands of seeded entities need not stay tracked by the caller's context.
        db.ChangeTracker.Clear();
    }

    static Task<bool> SeededAsync(LiveBoardDb db, CancellationToken ct) =>
        db.Series.AnyAsync(s => s.Slug == DemoData.SeriesSlug, ct);
}
