using LiveBoard.Core.Competitions;
using LiveBoard.Server.Data;
using LiveBoard.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Setup;

public sealed record ImportedCompetitor(int Line, int? Id, string Bib, string NameZh, string NameEn);
public sealed record FieldChange(string Field, string? From, string? To);
public sealed record UpdatedCompetitor(int Line, int Id, string Bib, string NameZh, string NameEn, IReadOnlyList<FieldChange> Changes);
public sealed record ImportStage(int Id, StageKind Kind, string NameZh, string NameEn);
public sealed record ImportCounts(int Rows, int Created, int Updated, int Unchanged, int Entered, int NotEntered);

/// What an import did (or, with dryRun, would do): every competitor it created or updated (with each change), the ones
/// it found unchanged, and the stage entries it made. `notEntered` lists competitors of the file who are in no stage
/// afterwards (the competition has no stage yet), so "created" never reads as "taking part".
public sealed record CompetitorImportReport(bool DryRun, SpreadsheetSource File, ImportCounts Counts,
    IReadOnlyList<ImportedCompetitor> Created, IReadOnlyList<UpdatedCompetitor> Updated, IReadOnlyList<ImportedCompetitor> Unchanged,
    ImportStage? Stage, IReadOnlyList<ImportedCompetitor> Entered, IReadOnlyList<ImportedCompetitor> NotEntered);

/// A competitor list imported as one change. The bib is the key within the competition: a row whose bib exists updates
/// that competitor, a new bib creates one, and nothing is deleted (a competitor missing from the file stays, marks and
/// all). Every row is checked before anything is written; one bad row and nothing is saved. Competitors of the file who
/// are in no stage yet are entered in the competition's first stage (later stages are filled by advancement).
sealed class CompetitorImport
{
    public const int MaxRows = 5000;
    static readonly string[] RequiredColumns = ["bib", "nameZh", "nameEn", "organisation"];

    readonly record struct Line(int Number, Competitor Competitor);

    readonly SpreadsheetSource source;
    readonly int rows;
    readonly List<Line> created = [];
    readonly List<(Line Line, List<FieldChange> Changes, Action Apply)> updated = [];
    readonly List<Line> unchanged = [];
    readonly List<Line> toEnter = [];
    Stage? stage;

    CompetitorImport(SpreadsheetSource source, int rows) => (this.source, this.rows) = (source, rows);

    public bool HasChanges => created.Count > 0 || updated.Count > 0 || (stage is not null && toEnter.Count > 0);

    /// Reads every row against what is stored; the checks name each bad cell (`rows[4].organisation`) or the file.
    /// A 409 (the first stage is locked) comes back as checks with status 409.
    public static async Task<(CompetitorImport? Import, Checks Checks, int Status)> PlanAsync(LiveBoardDb db, int competitionId,
        Spreadsheets.Read file, CancellationToken ct)
    {
        var checks = new Checks();
        if (file.Error is not null) checks.Add("file", file.Error);
        else if (RequiredColumns.Where(c => !file.Headers.Contains(c.ToLowerInvariant())).ToList() is { Count: > 0 } missing)
            checks.Add("file", $"缺少列 / Missing columns: {string.Join(", ", missing)}");
        else if (file.Rows.Count == 0) checks.Add("file", "没有数据行 / No data rows");
        else if (file.Rows.Count > MaxRows) checks.Add("file", $"最多 {MaxRows} 行 / At most {MaxRows} rows");
        if (checks.Failed) return (null, checks, StatusCodes.Status400BadRequest);

        var import = new CompetitorImport(file.Source, file.Rows.Count);
        var organisations = await db.Organisations.AsNoTracking().ToListAsync(ct);
        // Tracked: an update changes these entities in place.
        var existing = await db.Competitors.Where(c => c.CompetitionId == competitionId).ToDictionaryAsync(c => c.Bib, ct);
        var marked = (await db.Marks.Where(m => m.CompetitionId == competitionId).Select(m => m.CompetitorId).Distinct().ToListAsync(ct)).ToHashSet();
        var stages = await db.Stages.AsNoTracking().Where(s => s.CompetitionId == competitionId).OrderBy(s => s.Order).ToListAsync(ct);
        var stageIds = stages.Select(s => s.Id).ToList();
        var entered = (await db.StageEntries.Where(e => stageIds.Contains(e.StageId)).Select(e => e.CompetitorId).Distinct().ToListAsync(ct)).ToHashSet();
        import.stage = stages.FirstOrDefault();

        var bibsInFile = new HashSet<string>();
        foreach (var row in file.Rows)
        {
            var prefix = $"rows[{row.Line}].";
            var rowChecks = new Checks();
            int? orgId = null;
            if (row["organisation"] is { } orgText)
            {
                var org = organisations.FirstOrDefault(o => o.NameZh == orgText || o.NameEn.Equals(orgText, StringComparison.OrdinalIgnoreCase)
                                                            || o.Id.ToString() == orgText);
                if (org is null) rowChecks.Add(prefix + "organisation", $"单位不存在 / Unknown organisation '{orgText}'");
                else orgId = org.Id;
            }
            bool? eligible = row["medalEligible"]?.ToLowerInvariant() switch
            {
                null => null,
                "1" or "yes" or "y" or "true" or "是" => true,
                "0" or "no" or "n" or "false" or "否" => false,
                _ => null,
            };
            if (row["medalEligible"] is not null && eligible is null) rowChecks.Add(prefix + "medalEligible", "须为 是/否 或 true/false / Must be yes/no");
            var input = new CompetitorInput(row["bib"], row["nameZh"], row["nameEn"], orgId, row["mentorZh"], row["mentorEn"], eligible);
            // Only a bib repeated within the file is a duplicate; a bib already stored is that competitor, to update.
            var buildChecks = new Checks();
            var built = CompetitorRules.Build(buildChecks, prefix, competitionId, input, organisations, bibsInFile);
            // An unknown organisation is already named with its text; "Required" beside it would only confuse.
            foreach (var (field, messages) in buildChecks.Errors.Where(e => !(orgId is null && row["organisation"] is not null && e.Key == prefix + "organisation")))
                foreach (var message in messages) rowChecks.Add(field, message);
            checks.Merge(rowChecks);
            if (built is null || rowChecks.Failed) continue;
            bibsInFile.Add(built.Bib);

            Competitor competitor;
            if (existing.TryGetValue(built.Bib, out var current))
            {
                competitor = current;
                var changes = Changes(current, built, row, organisations);
                // The organisation decides conflicts of interest and the organisation award; eligibility decides medals.
                // Once marks exist, changing either would change results, which is an amendment, not an import.
                if (marked.Contains(current.Id))
                    foreach (var field in changes.Select(c => c.Field).Where(f => f is "organisation" or "medalEligible"))
                        checks.Add(prefix + field, "该选手已有评分,不能通过导入更改此项 / This competitor has marks: this field cannot be changed by an import");
                var line = new Line(row.Line, current);
                if (changes.Count == 0) import.unchanged.Add(line);
                else import.updated.Add((line, changes, () => Apply(current, built, row)));
            }
            else
            {
                competitor = built;
                import.created.Add(new Line(row.Line, built));
            }
            if (!entered.Contains(competitor.Id)) import.toEnter.Add(new Line(row.Line, competitor));
        }
        if (checks.Failed) return (null, checks, StatusCodes.Status400BadRequest);

        if (import.stage is { } first && import.toEnter.Count > 0
            && await db.Modules.AnyAsync(m => m.StageId == first.Id && m.Status == ModuleStatus.Locked, ct))
            return (null, new Checks().Add("stage",
                $"{first.NameZh}已有锁定的模块,不能再报名 {import.toEnter.Count} 名新选手 / {first.NameEn} has a locked module: " +
                $"{import.toEnter.Count} new competitor(s) cannot be entered"), StatusCodes.Status409Conflict);
        return (import, checks, StatusCodes.Status200OK);
    }

    /// A column missing from the file leaves its field as it is; a blank mentor cell clears the mentor; a blank
    /// medalEligible keeps what is stored (new competitors are eligible).
    static List<FieldChange> Changes(Competitor current, Competitor row, Spreadsheets.Row cells, IReadOnlyList<Organisation> organisations)
    {
        var changes = new List<FieldChange>();
        void Compare(string field, string? from, string? to)
        {
            if (from != to) changes.Add(new FieldChange(field, from, to));
        }
        string OrganisationName(int id) => organisations.FirstOrDefault(o => o.Id == id)?.NameZh ?? $"#{id}";
        Compare("nameZh", current.NameZh, row.NameZh);
        Compare("nameEn", current.NameEn, row.NameEn);
        if (current.OrganisationId != row.OrganisationId)
            changes.Add(new FieldChange("organisation", OrganisationName(current.OrganisationId), OrganisationName(row.OrganisationId)));
        if (cells.Has("mentorZh")) Compare("mentorZh", current.MentorZh, row.MentorZh);
        if (cells.Has("mentorEn")) Compare("mentorEn", current.MentorEn, row.MentorEn);
        if (cells["medalEligible"] is not null && current.MedalEligible != row.MedalEligible)
            changes.Add(new FieldChange("medalEligible", current.MedalEligible ? "true" : "false", row.MedalEligible ? "true" : "false"));
        return changes;
    }

    static void Apply(Competitor current, Competitor row, Spreadsheets.Row cells)
    {
        current.NameZh = row.NameZh;
        current.NameEn = row.NameEn;
        current.OrganisationId = row.OrganisationId;
        if (cells.Has("mentorZh")) current.MentorZh = row.MentorZh;
        if (cells.Has("mentorEn")) current.MentorEn = row.MentorEn;
        if (cells["medalEligible"] is not null) current.MedalEligible = row.MedalEligible;
    }

    /// Saves the whole import in one transaction with its audit entry: every change it reports, or none.
    public async Task SaveAsync(LiveBoardDb db, AuditEntry audit, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var (_, _, apply) in updated) apply();
        db.Competitors.AddRange(created.Select(c => c.Competitor));
        await db.SaveChangesAsync(ct);
        if (stage is not null && toEnter.Count > 0)
        {
            var order = await db.StageEntries.Where(e => e.StageId == stage.Id).Select(e => (int?)e.Order).MaxAsync(ct) ?? 0;
            foreach (var line in toEnter)
                db.StageEntries.Add(new StageEntry { StageId = stage.Id, CompetitorId = line.Competitor.Id, Order = ++order });
        }
        db.AuditEntries.Add(audit);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public CompetitorImportReport Report(bool dryRun)
    {
        static ImportedCompetitor Of(Line l) =>
            new(l.Number, l.Competitor.Id == 0 ? null : l.Competitor.Id, l.Competitor.Bib, l.Competitor.NameZh, l.Competitor.NameEn);
        var entered = stage is null ? [] : toEnter.Select(Of).ToList();
        var notEntered = stage is null ? toEnter.Select(Of).ToList() : [];
        return new CompetitorImportReport(dryRun, source,
            new ImportCounts(rows, created.Count, updated.Count, unchanged.Count, entered.Count, notEntered.Count),
            [.. created.Select(Of)],
            [.. updated.Select(u => new UpdatedCompetitor(u.Line.Number, u.Line.Competitor.Id, u.Line.Competitor.Bib,
                u.Line.Competitor.NameZh, u.Line.Competitor.NameEn, u.Changes))],
            [.. unchanged.Select(Of)],
            stage is null ? null : new ImportStage(stage.Id, stage.Kind, stage.NameZh, stage.NameEn),
            entered, notEntered);
    }

    /// One line for the audit trail: what came from which file, by bib.
    public string Describe()
    {
        var file = source.Format == "xlsx" ? $"xlsx ({source.Sheet})" : $"csv ({source.Encoding})";
        var parts = new List<string> { $"{file}, {rows} rows" };
        if (created.Count > 0) parts.Add($"created {created.Count}: {string.Join(' ', created.Select(c => c.Competitor.Bib))}");
        if (updated.Count > 0)
            parts.Add($"updated {updated.Count}: {string.Join(' ', updated.Select(u => $"{u.Line.Competitor.Bib} ({string.Join('/', u.Changes.Select(c => c.Field))})"))}");
        if (unchanged.Count > 0) parts.Add($"unchanged {unchanged.Count}");
        if (toEnter.Count > 0)
            parts.Add(stage is null ? $"entered in no stage: {toEnter.Count}" : $"entered in {stage.NameEn}: {string.Join(' ', toEnter.Select(e => e.Competitor.Bib))}");
        var text = string.Join("; ", parts);
        return text.Length <= 4000 ? text : text[..3999] + "…";
    }
}
