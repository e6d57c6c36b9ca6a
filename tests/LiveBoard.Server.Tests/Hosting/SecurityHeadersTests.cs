using System.Net;
using System.Security.Cryptography;
using System.Text;
using LiveBoard.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LiveBoard.Server.Tests.Hosting;

/// Every kind of answer carries the same protective headers, on real Kestrel (the in-memory test server never sends a
/// Server header, so it could not show that Kestrel's is off). The requests only read, so the tests share one server.
public sealed class SecurityHeadersTests(SecurityHeadersTests.KestrelApp server) : IClassFixture<SecurityHeadersTests.KestrelApp>
{
    readonly HttpClient http = server.Http;

    public sealed class KestrelApp : IDisposable
    {
        readonly LiveBoardApp app = new();
        public HttpClient Http { get; }

        public KestrelApp()
        {
            app.UseKestrel(0);
            app.StartServer();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Http = new HttpClient { BaseAddress = new Uri(address) };
        }

        public void Dispose()
        {
            Http.Dispose();
            app.Dispose();
        }
    }

    public static TheoryData<string, string, HttpStatusCode, string> Samples => new()
    {
        { "staff page", "/admin/", HttpStatusCode.OK, "text/html" },
        { "sign-in page", "/signin.html", HttpStatusCode.OK, "text/html" },
        { "big screen", "/displays/screen.html", HttpStatusCode.OK, "text/html" },
        { "overlay", "/displays/overlays/card.html", HttpStatusCode.OK, "text/html" },
        { "static script", "/js/common.js", HttpStatusCode.OK, "text/javascript" },
        { "API JSON", "/api/status", HttpStatusCode.OK, "application/json" },
        { "problem", "/api/competitions/999999", HttpStatusCode.NotFound, "application/problem+json" },
        { "no such page", "/no-such-page.html", HttpStatusCode.NotFound, "" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task EveryKindOfAnswerCarriesTheSecurityHeaders(string kind, string url, HttpStatusCode status, string contentType)
    {
        var response = await http.GetAsync(url);
        Assert.True(response.StatusCode == status, $"{kind}: {response.StatusCode}");
        if (contentType.Length > 0) Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        AssertSecurityHeaders(kind, response);
    }

    [Fact]
    public async Task HubNegotiateCarriesTheSecurityHeaders()
    {
        var response = await http.PostAsync("/hubs/live/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders("hub negotiate", response);
    }

    [Fact]
    public async Task OverlaysAllowExactlyTheirSpxTemplateDefinitionScripts()
    {
        var overlays = Path.Combine(RepositoryRoot(), "displays", "overlays");
        var pagePolicy = Directives(await http.GetAsync("/signin.html"));
        Assert.Equal(["'self'"], pagePolicy["script-src"]);
        foreach (var file in Directory.EnumerateFiles(overlays, "*.html"))
        {
            var text = File.ReadAllText(file).Replace("\r\n", "\n");
            var start = text.IndexOf("<script>", StringComparison.Ordinal) + "<script>".Length;
            var body = text[start..text.IndexOf("</script>", start, StringComparison.Ordinal)];
            Assert.Contains("window.SPXGCTemplateDefinition =", body);
            var hash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}'";
            var policy = Directives(await http.GetAsync($"/displays/overlays/{Path.GetFileName(file)}"));
            Assert.Contains(hash, policy["script-src"]);
            // 'self' and one hash per overlay: no other inline script can run on any of them.
            Assert.Equal(1 + Directory.EnumerateFiles(overlays, "*.html").Count(), policy["script-src"].Length);
        }
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public async Task HstsIsSentOverHttpsOnlyWhenTurnedOn(string? setting, bool sent)
    {
        using var hsts = new LiveBoardApp(setting is null ? null : new Dictionary<string, string> { ["Hosting:Hsts"] = setting });
        var client = hsts.CreateClient(new() { BaseAddress = new Uri("https://liveboard.example/") });
        var response = await client.GetAsync("/api/status");
        Assert.Equal(sent, response.Headers.Contains("Strict-Transport-Security"));
        // Never over plain HTTP, where a venue's install usually runs.
        var plain = hsts.CreateClient(new() { BaseAddress = new Uri("http://liveboard.example/") });
        Assert.False((await plain.GetAsync("/api/status")).Headers.Contains("Strict-Transport-Security"));
    }

    static void AssertSecurityHeaders(string kind, HttpResponseMessage response)
    {
        var policy = Directives(response);
        Assert.Equal("'self'", policy["script-src"][0]);
        foreach (var (directive, expected) in new[]
                 {
                     ("default-src", "'self'"), ("style-src", "'self'"), ("connect-src", "'self'"), ("font-src", "'self'"),
                     ("img-src", "'self' data:"), ("object-src", "'none'"), ("base-uri", "'none'"), ("frame-ancestors", "'none'"),
                     ("form-action", "'self'"),
                 })
            Assert.True(policy.TryGetValue(directive, out var sources) && string.Join(' ', sources) == expected,
                $"{kind}: {directive} should be {expected}");
        Assert.DoesNotContain(policy.Values.SelectMany(v => v), s => s.Contains("unsafe"));
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
        Assert.Equal("same-origin", Single(response, "Cross-Origin-Opener-Policy"));
        Assert.Contains("camera=()", Single(response, "Permissions-Policy"));
        Assert.False(response.Headers.Contains("Server"), $"{kind}: Server header {response.Headers.Server}");
    }

    static Dictionary<string, string[]> Directives(HttpResponseMessage response) =>
        Single(response, "Content-Security-Policy").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..]);

    static string Single(HttpResponseMessage response, string name)
    {
        var values = response.Headers.TryGetValues(name, out var h) ? h.ToList()
            : response.Content.Headers.TryGetValues(name, out var c) ? c.ToList() : [];
        Assert.True(values.Count == 1, $"{name}: {values.Count} values");
        return values[0];
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LiveBoard.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("LiveBoard.sln");
    }
}
