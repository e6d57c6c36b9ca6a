using LiveBoard.Core.Competitions;
using LiveBoard.Server.Accounts;
using LiveBoard.Server.Data;
using LiveBoard.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LiveBoard.Server.Setup;

public sealed record SeriesInput(string? Slug, string? NameZh, string? NameEn, string? SloganZh, string? SloganEn);
public sealed record OrganisationInput(string? NameZh, string? NameEn, OrganisationKind? Kind, int? ParentId);

public static class SeriesApi
{
    public static IEndpointRouteBuilder MapSeries(this IEndpointRouteBuilder routes)
    {
        var series = routes.MapGroup("/api/series").WithTags("Setup");
        series.MapGet("/", (LiveBoardDb db, CancellationToken ct) => db.Series.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct));
        series.MapGet("/{seriesId:int}", async Task<Results<Ok<Series>, ProblemHttpResult>> (int seriesId, LiveBoardDb db, CancellationToken ct) =>
            await db.Series.FindAsync([seriesId], ct) is { } s ? TypedResults.Ok(s) : Checks.NotFound($"series {seriesId}"));
        series.MapPost("/", async Task<Results<Created<Series>, ProblemHttpResult>> (SeriesInput input, LiveBoardDb db, CancellationToken ct) =>
        {
            var checks = new Checks().Text("slug", input.Slug, 60).Text("nameZh", input.NameZh).Text("nameEn", input.NameEn)
                .Text("sloganZh", input.SloganZh, required: false).Text("sloganEn", input.SloganEn, required: false);
            checks.That(input.Slug is null || Slugs.IsValid(input.Slug), "slug", Slugs.Message);
            if (!checks.Failed && await db.Series.AnyAsync(s => s.Slug == input.Slug, ct)) checks.Add("slug", "已存在 / Already exists");
            if (checks.Failed) return checks.Problem();
            var s = new Series { Slug = input.Slug!, NameZh = input.NameZh!, NameEn = input.NameEn!, SloganZh = input.SloganZh, SloganEn = input.SloganEn };
            db.Series.Add(s);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/series/{s.Id}", s);
        }).RequireAuthorization(Policies.Admin);

        var orgs = routes.MapGroup("/api/organisations").WithTags("Setup");
        orgs.MapGet("/", (LiveBoardDb db, CancellationToken ct) => db.Organisations.AsNoTracking().OrderBy(o => o.Id).ToListAsync(ct));
        orgs.MapPost("/", async Task<Results<Created<Organisation>, ProblemHttpResult>> (OrganisationInput input, LiveBoardDb db, CancellationToken ct) =>
        {
            var checks = new Checks().Text("nameZh", input.NameZh).Text("nameEn", input.NameEn).Required("kind", input.Kind).Enum("kind", input.Kind);
            if (input.ParentId is { } parent && !await db.Organisations.AnyAsync(o => o.Id == parent, ct))
                checks.Add("parentId", "上级单位不存在 / Unknown parent organisation");
            if (checks.Failed) return checks.Problem();
            var o = new Organisation { NameZh = input.NameZh!, NameEn = input.NameEn!, Kind = input.Kind!.Value, ParentId = input.ParentId };
            db.Organisations.Add(o);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/organisations/{o.Id}", o);
        }).RequireAuthorization(Policies.Admin);
        return routes;
    }
}

static class Slugs
{
    public const string Message = "只能包含小写字母、数字和连字符 / Lowercase letters, digits and hyphens only";
    public static bool IsValid(string slug) => slug.Length is > 0 and <= 60 && slug.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');
}
