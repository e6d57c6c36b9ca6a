using LiveBoard.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Live;

/// Names this database's event log. A viewer holding sequence numbers from another epoch (a restored or new
/// database) cannot resume and is sent a snapshot instead.
public sealed class LogEpoch
{
    public string Value { get; private set; } = "";

    public async Task LoadAsync(LiveBoardDb db, CancellationToken ct = default)
    {
        var fact = await db.StoreFacts.AsNoTracking().FirstOrDefaultAsync(f => f.Key == "epoch", ct);
        if (fact is null)
        {
            db.StoreFacts.Add(fact = new StoreFact { Key = "epoch", Value = Guid.NewGuid().ToString("N")[..12] });
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException)
            {
                // Another node created it first.
                db.ChangeTracker.Clear();
                fact = await db.StoreFacts.AsNoTracking().FirstAsync(f => f.Key == "epoch", ct);
            }
        }
        Value = fact.Value;
    }
}
