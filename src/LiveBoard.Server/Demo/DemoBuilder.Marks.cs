using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Core.Results;

namespace LiveBoard.Server.Demo;

sealed partial class DemoBuilder
{
    readonly List<Mark> preliminaryMarks = [];

    // The preliminary is history, so its marks are written directly; live judging goes through MarkingService
    // (see MarkSimulator). Judges with a conflict of interest abstain, as the marking rules require.
    async Task AddPreliminaryMarksAsync(
        Competition competition, StageScheme scheme, List<Entrant> entrants, List<Judge> panel, CancellationToken ct)
    {
        preliminaryMarks.Clear();
        var turn = 0;
        foreach (var (aspect, module) in scheme.Aspects)
        {
            foreach (var entrant in entrants)
            {
                var judges = panel.Where(j => !Conflicted(j, entrant)).ToList();
                if (aspect.Type == AspectType.Judgement)
                {
                    var scores = PlausibleMarks.PanelScores(random, entrant.Skill, judges.Count);
                    for (var i = 0; i < judges.Count; i++)
                        AddMark(competition.Id, aspect, module, entrant, judges[i], scores[i]);
                }
                else
                {
                    // A measurement is taken once, by whichever judge of the panel holds the gauge.
                    AddMark(competition.Id, aspect, module, entrant, judges[turn++ % judges.Count],
                        PlausibleMarks.Measurement(random, aspect, entrant.Skill));
                }
            }
        }
        db.Marks.AddRange(preliminaryMarks);
        await db.SaveChangesAsync(ct);
    }

    // Who enters the selection is decided by Core's own scoring, ranking and advancement rules, so the demo's
    // entry list matches the advancement line the preliminary standings show.
    async Task AddSelectionEntriesAsync(
        Competition competition, Stage preliminary, StageScheme scheme, List<Entrant> entrants, List<Judge> panel, Stage selection,
        CancellationToken ct)
    {
        var marks = preliminaryMarks.ToLookup(m => (m.AspectId, m.CompetitorId));
        var outcomes = scheme.Aspects.SelectMany(a => entrants.Select(e => AspectScorer.Score(
            a.Aspect, e.Competitor.Id, competition.Rules, [.. marks[(a.Aspect.Id, e.Competitor.Id)]], panel.Count(j => Conflicted(j, e)))));
        var totals = TotalsCalculator.Compute(scheme.Scheme, entrants.Select(e => e.Competitor.Id), outcomes);
        var ranked = Ranking.Rank(totals, competition.Rules.TieBreakCriteria);
        var advancing = AdvancementRules.Apply(ranked, preliminary.Advancement, preliminary.AdvancementValue).Advancing;

        db.StageEntries.AddRange(ranked.Where(r => advancing.Contains(r.CompetitorId))
            .Select((r, i) => new StageEntry { StageId = selection.Id, CompetitorId = r.CompetitorId, Order = i + 1 }));
        await db.SaveChangesAsync(ct);
    }

    bool Conflicted(Judge judge, Entrant entrant) =>
        ConflictOfInterest.Conflicts(judge.OrganisationId, entrant.Competitor.OrganisationId, parents);

    void AddMark(int competitionId, Aspect aspect, Module module, Entrant entrant, Judge judge, decimal value) =>
        preliminaryMarks.Add(new Mark
        {
            CompetitionId = competitionId,
            AspectId = aspect.Id,
            CompetitorId = entrant.Competitor.Id,
            JudgeId = judge.Id,
            Value = value,
            // Judges enter marks in the second half of the module, once the work is there to see.
            RecordedAt = module.StartsAt + (module.EndsAt - module.StartsAt) * (0.45 + 0.5 * random.NextDouble()),
            RecordedBy = "demo-seed",
        });
}
