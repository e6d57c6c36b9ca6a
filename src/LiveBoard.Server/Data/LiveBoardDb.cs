using System.Text.Json;
using LiveBoard.Core.Competitions;
using LiveBoard.Core.Marking;
using LiveBoard.Server.Accounts;
using LiveBoard.Server.Live;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LiveBoard.Server.Data;

/// The one DbContext. Core's entities are mapped here so Core stays free of EF.
public class LiveBoardDb(DbContextOptions<LiveBoardDb> options) : DbContext(options), IDataProtectionKeyContext
{
    /// The key ring every node shares, so a cookie issued by one node is read by all (and survives a redeploy).
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Series> Series => Set<Series>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Competition> Competitions => Set<Competition>();
    public DbSet<Stage> Stages => Set<Stage>();
    public DbSet<Module> Modules => Set<Module>();
    public DbSet<StandardsSection> StandardsSections => Set<StandardsSection>();
    public DbSet<Criterion> Criteria => Set<Criterion>();
    public DbSet<SubCriterion> SubCriteria => Set<SubCriterion>();
    public DbSet<Aspect> Aspects => Set<Aspect>();
    public DbSet<Competitor> Competitors => Set<Competitor>();
    public DbSet<StageEntry> StageEntries => Set<StageEntry>();
    public DbSet<Judge> Judges => Set<Judge>();
    public DbSet<JudgeAssignment> JudgeAssignments => Set<JudgeAssignment>();
    public DbSet<Mark> Marks => Set<Mark>();
    public DbSet<OrganisationAward> OrganisationAwards => Set<OrganisationAward>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<LogEvent> Events => Set<LogEvent>();
    public DbSet<ChannelHead> ChannelHeads => Set<ChannelHead>();
    public DbSet<StoreFact> StoreFacts => Set<StoreFact>();

    /// Changes whenever anything a result is computed from (set-up, rules, statuses, freeze) changes, in the same
    /// transaction, so a node's cached stage set-up (StageSnapshots) knows when it is stale, whichever node wrote.
    public const string SetupVersionKey = "setup-version";

    public async Task<string> SetupVersionAsync(CancellationToken ct) =>
        await StoreFacts.AsNoTracking().Where(f => f.Key == SetupVersionKey).Select(f => f.Value).FirstOrDefaultAsync(ct) ?? "";

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var accounts = BeforeSave();
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (accounts) RecentChecks.Changed();
        return saved;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var accounts = BeforeSave();
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        if (accounts) RecentChecks.Changed();
        return saved;
    }

    /// Stamps a new set-up version if results may change; says whether who may do what may have changed.
    bool BeforeSave()
    {
        var changed = ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).Select(e => e.Entity).ToList();
        if (changed.Any(AffectsResults)) NewSetupVersion();
        return changed.Any(e => e is Judge or JudgeAssignment || e.GetType().Namespace == "LiveBoard.Server.Accounts");
    }

    /// Everything counts but marks (the write path keeps its cache current itself), the log, accounts, screens and audit:
    /// an entity added later counts until someone decides otherwise, so a cache can only be too eager, never stale.
    static bool AffectsResults(object entity) =>
        entity is not (Mark or LogEvent or ChannelHead or StoreFact or AuditEntry or DataProtectionKey)
        && entity.GetType().Namespace is not ("LiveBoard.Server.Accounts" or "LiveBoard.Server.Displays");

    /// A fresh value rather than a count: two transactions that both change set-up leave a value neither cache holds.
    void NewSetupVersion()
    {
        var value = Guid.NewGuid().ToString("N");
        var fact = StoreFacts.Local.FirstOrDefault(f => f.Key == SetupVersionKey);
        if (fact is not null) { fact.Value = value; return; }
        // Written without reading: an update of the row if it exists, else an insert (see SetupVersionRow).
        fact = new StoreFact { Key = SetupVersionKey, Value = value };
        if (StoreFacts.AsNoTracking().Any(f => f.Key == SetupVersionKey)) StoreFacts.Update(fact); else StoreFacts.Add(fact);
    }

    /// The shadow column holding a mark's position in its cell (judge × aspect × competitor); see MarkingService.
    public const string MarkRevision = "Revision";

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Series>().HasIndex(s => s.Slug).IsUnique();
        b.Entity<Organisation>().HasOne<Organisation>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);

        b.Entity<Competition>(e =>
        {
            e.HasIndex(c => c.Slug).IsUnique();
            e.HasOne<Series>().WithMany().HasForeignKey(c => c.SeriesId);
            e.Property(c => c.Rules).HasConversion(Json<CompetitionRules>()).Metadata.SetValueComparer(JsonComparer<CompetitionRules>());
        });
        b.Entity<Stage>().HasOne<Competition>().WithMany().HasForeignKey(s => s.CompetitionId);
        b.Entity<Stage>().HasIndex(s => new { s.CompetitionId, s.Kind }).IsUnique();
        b.Entity<Module>().HasOne<Stage>().WithMany().HasForeignKey(m => m.StageId);

        b.Entity<StandardsSection>().HasOne<Competition>().WithMany().HasForeignKey(s => s.CompetitionId);
        b.Entity<Criterion>().HasOne<Stage>().WithMany().HasForeignKey(c => c.StageId);
        b.Entity<SubCriterion>().HasOne<Criterion>().WithMany().HasForeignKey(s => s.CriterionId);
        b.Entity<SubCriterion>().HasOne<Module>().WithMany().HasForeignKey(s => s.ModuleId).OnDelete(DeleteBehavior.Restrict);
        b.Entity<Aspect>(e =>
        {
            e.HasOne<SubCriterion>().WithMany().HasForeignKey(a => a.SubCriterionId);
            e.Property(a => a.MaxMark).HasPrecision(6, 2);
            e.Property(a => a.Descriptors).HasConversion(Json<List<string>>()).Metadata.SetValueComparer(JsonComparer<List<string>>());
            e.Property(a => a.Bands).HasConversion(Json<List<ToleranceBand>>()).Metadata.SetValueComparer(JsonComparer<List<ToleranceBand>>());
        });

        b.Entity<Competitor>(e =>
        {
            e.HasOne<Competition>().WithMany().HasForeignKey(c => c.CompetitionId);
            e.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(c => new { c.CompetitionId, c.Bib }).IsUnique();
        });
        b.Entity<StageEntry>(e =>
        {
            e.HasOne<Stage>().WithMany().HasForeignKey(s => s.StageId);
            e.HasOne<Competitor>().WithMany().HasForeignKey(s => s.CompetitorId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(s => new { s.StageId, s.CompetitorId }).IsUnique();
        });
        b.Entity<Judge>().HasOne<Organisation>().WithMany().HasForeignKey(j => j.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.Entity<JudgeAssignment>(e =>
        {
            e.HasOne<Judge>().WithMany().HasForeignKey(a => a.JudgeId);
            e.HasOne<Competition>().WithMany().HasForeignKey(a => a.CompetitionId);
            e.HasOne<Module>().WithMany().HasForeignKey(a => a.ModuleId).OnDelete(DeleteBehavior.Restrict);
        });

        // Marks are append-only; foreign keys restrict deletes so history can never be cascaded away.
        b.Entity<Mark>(e =>
        {
            e.HasOne<Competition>().WithMany().HasForeignKey(m => m.CompetitionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Aspect>().WithMany().HasForeignKey(m => m.AspectId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Competitor>().WithMany().HasForeignKey(m => m.CompetitorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Judge>().WithMany().HasForeignKey(m => m.JudgeId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Mark>().WithMany().HasForeignKey(m => m.SupersedesId).OnDelete(DeleteBehavior.Restrict);
            e.Property(m => m.Value).HasPrecision(8, 3);
            e.HasIndex(m => new { m.CompetitionId, m.AspectId, m.CompetitorId });
            // A superseded mark can be superseded once: two concurrent corrections cannot both win.
            e.HasIndex(m => m.SupersedesId).IsUnique();
            // One current mark per cell: each write to a judge's cell takes the cell's next revision, so two writers
            // that read the same state of the cell collide here (see MarkingService).
            e.Property<int>(MarkRevision);
            e.HasIndex(nameof(Mark.CompetitionId), nameof(Mark.AspectId), nameof(Mark.CompetitorId), nameof(Mark.JudgeId), MarkRevision)
                .IsUnique().HasDatabaseName("IX_Marks_Cell_Revision");
            // Keys belong to the user who sent them: nobody can collide with, or read, another user's key.
            e.HasIndex(m => new { m.RecordedBy, m.IdempotencyKey }).IsUnique();
        });
        b.Entity<OrganisationAward>().HasOne<Competition>().WithMany().HasForeignKey(a => a.CompetitionId);
        b.Entity<OrganisationAward>().HasIndex(a => new { a.CompetitionId, a.OrganisationId }).IsUnique();
        b.Entity<LogEvent>(e =>
        {
            e.HasIndex(x => new { x.Channel, x.Seq }).IsUnique();
            e.HasIndex(x => new { x.Channel, x.Type, x.ObjectId, x.Seq });
        });
        // The head's sequence is a concurrency token: two writers that read the same head cannot both commit.
        b.Entity<ChannelHead>(e => { e.HasKey(h => h.Channel); e.Property(h => h.Seq).IsConcurrencyToken(); });
        b.Entity<StoreFact>().HasKey(f => f.Key);
        b.Entity<Account>(e =>
        {
            e.HasIndex(a => a.UserName).IsUnique();
            e.HasIndex(a => a.JudgeId).IsUnique();
            e.HasOne<Judge>().WithMany().HasForeignKey(a => a.JudgeId).OnDelete(DeleteBehavior.Restrict);
            e.Property(a => a.Roles).HasConversion(Json<List<string>>()).Metadata.SetValueComparer(JsonComparer<List<string>>());
        });
        b.Entity<AccountSession>(e =>
        {
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId);
            e.HasIndex(x => x.AccountId);
        });
        b.Entity<Displays.DisplayKey>().HasIndex(k => k.KeyHash).IsUnique();
        b.Entity<Displays.DisplayPresence>(e =>
        {
            e.HasKey(p => p.DisplayId);
            e.HasIndex(p => p.ConnectionId);
            e.Property(p => p.Rendered).HasConversion(Json<Dictionary<string, long>>()).Metadata.SetValueComparer(JsonComparer<Dictionary<string, long>>());
        });
        b.Entity<AccessCode>(e =>
        {
            e.HasIndex(c => c.CodeHash).IsUnique();
            e.HasOne<Judge>().WithMany().HasForeignKey(c => c.JudgeId);
        });
        b.Entity<AuditEntry>().HasOne<Competition>().WithMany().HasForeignKey(a => a.CompetitionId).OnDelete(DeleteBehavior.Restrict);

    }

    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    static ValueConverter<T, string> Json<T>() where T : new() =>
        new(v => JsonSerializer.Serialize(v, JsonOptions), s => JsonSerializer.Deserialize<T>(s, JsonOptions) ?? new T());

    static ValueComparer<T> JsonComparer<T>() => new(
        (a, b) => JsonSerializer.Serialize(a, JsonOptions) == JsonSerializer.Serialize(b, JsonOptions),
        v => JsonSerializer.Serialize(v, JsonOptions).GetHashCode(),
        v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, JsonOptions), JsonOptions)!);
}

/// An "excellent organisation award" (优秀组织奖) confirmed by an admin for a competition.
public class OrganisationAward
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public int OrganisationId { get; set; }
    public required string ConfirmedBy { get; set; }
    public DateTimeOffset ConfirmedAt { get; set; }
}

/// A state change that is not a mark (module status, protest, award confirmation), with who, when and why.
public class AuditEntry
{
    public long Id { get; set; }
    public int CompetitionId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Detail { get; set; }
    public string? Reason { get; set; }
}
