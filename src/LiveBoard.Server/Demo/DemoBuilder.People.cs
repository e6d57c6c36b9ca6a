using LiveBoard.Core.Competitions;

namespace LiveBoard.Server.Demo;

sealed partial class DemoBuilder
{
    // Skill (0..1) drives the seeded marks, so the preliminary has a believable spread of results.
    sealed record Entrant(Competitor Competitor, double Skill);

    async Task<List<Entrant>> AddCompetitorsAsync(int competitionId, Trade trade, Stage preliminary, CancellationToken ct)
    {
        // Demonstration entries (one, two in the larger fields) are marked and ranked but take no medal place.
        var demonstrations = trade.Competitors >= 24 ? 2 : 1;
        var orgs = trade.CompetitorOrgs;
        var entrants = new List<Entrant>();
        for (var n = 1; n <= trade.Competitors; n++)
        {
            var (zh, en) = names.Next(random.NextDouble() < trade.FemaleShare);
            // The host's own organisation, listed first, sends about twice as many as each of the others.
            var org = orgs[random.Next(orgs.Length + 1) % orgs.Length];
            // About a third entered as the apprentice of a master–apprentice pair (师徒).
            (string Zh, string En)? mentor = random.NextDouble() < 1.0 / 3 ? names.Next(random.NextDouble() < trade.FemaleShare) : null;
            var competitor = new Competitor
            {
                CompetitionId = competitionId,
                Bib = $"{trade.Bib}-{n:00}",
                NameZh = zh,
                NameEn = en,
                OrganisationId = organisations[org].Id,
                MentorZh = mentor?.Zh,
                MentorEn = mentor?.En,
                MedalEligible = n <= trade.Competitors - demonstrations,
            };
            db.Competitors.Add(competitor);
            entrants.Add(new Entrant(competitor, 0.35 + 0.6 * random.NextDouble()));
        }
        await db.SaveChangesAsync(ct);

        db.StageEntries.AddRange(entrants.Select((e, i) => new StageEntry
        {
            StageId = preliminary.Id, CompetitorId = e.Competitor.Id, Order = i + 1,
        }));
        await db.SaveChangesAsync(ct);
        return entrants;
    }

    // One panel marks every stage, as WorldSkills keeps its experts for the whole competition, so every
    // assignment covers all modules (ModuleId null). The first judge or two come from competitor organisations:
    // conflicts of interest are real and the marking rules must route around them.
    async Task<List<Judge>> AddJudgesAsync(Competition competition, Trade trade, CancellationToken ct)
    {
        var conflicted = trade.TrimmedMean ? 2 : 1;
        var panel = Enumerable.Range(0, competition.Rules.PanelSize)
            .Select(p => NewJudge(p < conflicted ? trade.CompetitorOrgs[p] : trade.ExpertOrgs[(p - conflicted) % trade.ExpertOrgs.Length]))
            .ToList();
        var chief = NewJudge(trade.ExpertOrgs[0]);
        db.Judges.AddRange(panel);
        db.Judges.Add(chief);
        await db.SaveChangesAsync(ct);

        db.JudgeAssignments.AddRange(panel.Select(j => new JudgeAssignment { JudgeId = j.Id, CompetitionId = competition.Id }));
        db.JudgeAssignments.Add(new JudgeAssignment { JudgeId = chief.Id, CompetitionId = competition.Id, ChiefExpert = true });
        await db.SaveChangesAsync(ct);
        return panel;
    }

    Judge NewJudge(string organisationKey)
    {
        var (zh, en) = names.Next(random.NextDouble() < 0.3);
        return new Judge { NameZh = zh, NameEn = en, OrganisationId = organisations[organisationKey].Id };
    }
}
