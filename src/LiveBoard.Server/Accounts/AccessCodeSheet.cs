using System.Net;
using System.Text;
using LiveBoard.Server.Data;
using LiveBoard.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using QRCoder;

namespace LiveBoard.Server.Accounts;

/// A printable page of fresh one-time sign-in codes, one QR code per judge of a competition.
public static class AccessCodeSheet
{
    public static IEndpointRouteBuilder MapAccessCodeSheet(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/competitions/{competitionId:int}/access-codes/sheet", Print).WithTags("Accounts")
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Issue new one-time codes for every judge of the competition and return a printable HTML sheet of QR codes");
        return routes;
    }

    static async Task<IResult> Print(int competitionId, LiveBoardDb db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var competition = await db.Competitions.AsNoTracking().FirstOrDefaultAsync(c => c.Id == competitionId, ct);
        if (competition is null) return Checks.NotFound($"competition {competitionId}");
        var judges = await (from a in db.JudgeAssignments
                            join j in db.Judges on a.JudgeId equals j.Id
                            where a.CompetitionId == competitionId
                            select j).Distinct().AsNoTracking().OrderBy(j => j.Id).ToListAsync(ct);
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        var html = new StringBuilder($"""
            <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>评委登录码 Judge sign-in codes</title>
            <link rel="stylesheet" href="/lib/noto-sans-sc/400.css"><link rel="stylesheet" href="/admin/code-sheet.css"></head><body>
            <h1>{WebUtility.HtmlEncode(competition.TradeZh)} {WebUtility.HtmlEncode(competition.TradeEn)} · 评委登录码 Judge sign-in codes</h1>
            <p>每个码只能使用一次,36 小时内有效 · Each code works once, within 36 hours.</p>
            """);
        using var generator = new QRCodeGenerator();
        foreach (var judge in judges)
        {
            var issued = await AccessCodes.IssueAsync(db, time, judge.Id, http.User.Identity?.Name ?? "admin", ct);
            using var data = generator.CreateQrCode(origin + issued.Url, QRCodeGenerator.ECCLevel.M);
            var svg = new SvgQRCode(data).GetGraphic(4);
            html.Append($"""<div class="card"><div>{WebUtility.HtmlEncode(judge.NameZh)} {WebUtility.HtmlEncode(judge.NameEn)}</div>{svg}<div class="code">{issued.Code}</div></div>""");
        }
        html.Append("</body></html>");
        // The page carries live codes: never cache it.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }
}
