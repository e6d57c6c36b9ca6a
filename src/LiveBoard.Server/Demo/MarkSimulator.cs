using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Server.Data;
using LiveBoard.Server.Marking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveBoard.Server.Demo;

// Plays the judges of every live module entering marks at a workshop pace. It submits through MarkingService,
// the one write path, so screens, feeds and validation see exactly what a tablet would produce.
// A module whose marks are all in is left alone: closing it is the chief expert's call.
sealed partial class MarkSimulator(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<SimulatorOptions> options, ILogger<MarkSimulator> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Started(logger, options.Value.Interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken);
                await RoundAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // A demo aid must never take the host down; the next round starts from fresh data anyway.
                Log.RoundFailed(logger, ex);
            }
        }
    }

    async Task RoundAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveBoardDb>();
        var marking = scope.ServiceProvider.GetRequiredService<MarkingService>();

        var live = await LiveModulesAsync(db, ct);
        if (live.Count == 0)
            return;
        var parents = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.ParentId, ct);
        foreach (var module in live)
        {
            var next = await NextEntryAsync(db, module, parents, ct);
            if (next is null)
                continue;
            var result = await marking.SubmitAsync(module.CompetitionId, next, Caller.Internal("simulator"), ct);
            if (!result.Accepted)
                Log.Rejected(logger, module.CompetitionId, module.Code, result.Status);
        }
    }

    internal sealed record LiveModule(int Id, string Code, int StageId, int CompetitionId);

    internal static Task<List<LiveModule>> LiveModulesAsync(LiveBoardDb db, CancellationToken ct) =>
        (from m in db.Modules
         join s in db.Stages on m.StageId equals s.Id
         where m.Status == ModuleStatus.Live
         select new LiveModule(m.Id, m.Code, s.Id, s.CompetitionId)).ToListAsync(ct);
}
