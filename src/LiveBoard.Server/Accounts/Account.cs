namespace LiveBoard.Server.Accounts;

/// A staff member who signs in. Per-competition rights come from the linked judge record's assignments,
/// read at each check, so a new assignment needs no new sign-in.
public class Account
{
    public int Id { get; set; }
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    public string? PasswordHash { get; set; }
    /// Global roles: admin, media, display-operator.
    public List<string> Roles { get; set; } = [];
    public int? JudgeId { get; set; }
    public bool Disabled { get; set; }
}

/// A one-time sign-in code printed (as a QR code) for one judge. Only its hash is stored.
public class AccessCode
{
    public int Id { get; set; }
    public int JudgeId { get; set; }
    public required string CodeHash { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public required string CreatedBy { get; set; }
}

public static class Roles
{
    public const string Admin = "admin", ChiefExpert = "chief-expert", Judge = "judge", Media = "media", DisplayOperator = "display-operator";
    /// Not an account role: what a screen authenticated by its display key is.
    public const string Display = "display";
    public static readonly string[] Global = [Admin, Media, DisplayOperator];
}
