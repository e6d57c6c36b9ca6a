namespace LiveBoard.Core.Competitions;

public class Series
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public string? SloganZh { get; set; }
    public string? SloganEn { get; set; }
}

/// Organisations nest: federation → district or industry union → group/enterprise → team.
public class Organisation
{
    public int Id { get; set; }
    public int? ParentId { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public OrganisationKind Kind { get; set; }
}
