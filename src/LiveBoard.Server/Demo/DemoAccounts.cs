using LiveBoard.Server.Accounts;
using LiveBoard.Server.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Demo;

/// Demo sign-ins with one published password, so every page can be tried at once. Never used outside --demo.
public static class DemoAccounts
{
    public const string Password = "liveboard-demo";

    public static async Task SeedAsync(LiveBoardDb db, IPasswordHasher<Account> hasher, CancellationToken ct = default)
    {
        if (await db.Set<Account>().AnyAsync(ct)) return;
        var accounts = new List<Account>
        {
            new() { UserName = "admin", DisplayName = "管理员 Administrator", Roles = [Roles.Admin] },
            new() { UserName = "media", DisplayName = "媒体编辑 Media editor", Roles = [Roles.Media] },
            new() { UserName = "display", DisplayName = "大屏操作员 Display operator", Roles = [Roles.DisplayOperator] },
        };
        var judges = await (from j in db.Judges
                            join a in db.JudgeAssignments on j.Id equals a.JudgeId
                            join c in db.Competitions on a.CompetitionId equals c.Id
                            select new { j.Id, j.NameZh, j.NameEn, a.ChiefExpert, c.Slug }).AsNoTracking().ToListAsync(ct);
        // Chief experts sign in as chief-<trade>; panel judges as judge-<id>.
        foreach (var j in judges.DistinctBy(j => j.Id))
            accounts.Add(new Account
            {
                UserName = j.ChiefExpert ? $"chief-{j.Slug}" : $"judge-{j.Id}", DisplayName = $"{j.NameZh} {j.NameEn}", JudgeId = j.Id,
            });
        foreach (var a in accounts) a.PasswordHash = hasher.HashPassword(a, Password);
        db.AddRange(accounts);
        await db.SaveChangesAsync(ct);
    }
}
