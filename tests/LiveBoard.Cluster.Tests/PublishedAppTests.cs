using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LiveBoard.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace LiveBoard.Cluster.Tests;

/// Runs alone: publishing compresses every asset, which would slow the other classes' timed scenarios.
[CollectionDefinition(nameof(PublishedAppTests), DisableParallelization = true)]
public sealed class PublishedAppCollection;

/// `dotnet publish` gives a folder that runs anywhere: started from an unrelated working directory with its own data
/// folder, it serves every page, screen and overlay of the repository, the npm assets and the API, with no repository
/// to find at run time.
[Collection(nameof(PublishedAppTests))]
public sealed class PublishedAppTests(ITestOutputHelper output) : IAsyncLifetime
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "liveboard-publish", Guid.NewGuid().ToString("N")[..12]);
    ServerNode? node;

    static string Metadata(string key) =>
        typeof(PublishedAppTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    static string Repository => Metadata("RepositoryRoot");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        node?.Dispose();
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        return Task.CompletedTask;
    }

    [Fact(Timeout = 120_000)]
    public async Task PublishedAppServesEveryPageScreenAndOverlayFromAnyFolder()
    {
        var published = Path.Combine(folder, "out");
        var elsewhere = Directory.CreateDirectory(Path.Combine(folder, "elsewhere")).FullName;
        var data = Path.Combine(folder, "data");
        var watch = Stopwatch.StartNew();
        await PublishAsync(published);
        output.WriteLine($"published in {watch.Elapsed.TotalSeconds:0.0} s");

        // Production, as shipped; no connection string, so the database goes to the configured data folder.
        node = await ServerNode.StartAsync("published", folder, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__DataDirectory"] = data,
        }, Path.Combine(published, "LiveBoard.Server.dll"), elsewhere);
        try
        {
            var pages = Pages().ToList();
            Assert.Contains("/displays/screen.html", pages);
            Assert.Contains("/displays/overlays/card.html", pages);
            foreach (var url in pages)
            {
                using var response = await node.Http.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}");
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
            }

            // The security headers read the overlays' SPX definitions from the published files.
            foreach (var overlay in Directory.EnumerateFiles(Path.Combine(Repository, "displays", "overlays"), "*.html"))
            {
                using var response = await node.Http.GetAsync($"/displays/overlays/{Path.GetFileName(overlay)}");
                var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
                Assert.Contains(SpxDefinitionHash(overlay), policy);
            }

            await AssertServed("/lib/signalr/signalr.min.js", "text/javascript");
            var fontCss = await AssertServed("/lib/noto-sans-sc/400.css", "text/css");
            var fontFile = Regex.Match(fontCss, @"url\(\./(?<file>files/[^)]+\.woff2)\)").Groups["file"].Value;
            await AssertServed($"/lib/noto-sans-sc/{fontFile}", "font/woff2");
            await AssertServed("/api/status", "application/json");

            Assert.True(File.Exists(Path.Combine(data, "liveboard.db")), "the database is in Storage:DataDirectory");
            Assert.False(Directory.Exists(Path.Combine(elsewhere, "data")), "nothing is written to the working directory");
            output.WriteLine($"{pages.Count} pages, every overlay's CSP, /lib and /api/status checked in {watch.Elapsed.TotalSeconds:0.0} s");
        }
        catch (Exception ex)
        {
            throw new XunitException($"{ex.GetType().Name}: {ex.Message}\n\n{node.Tail()}", ex);
        }
    }

    /// Every .html file under wwwroot/ and displays/, as its URL; a folder's index.html also as the folder itself.
    static IEnumerable<string> Pages()
    {
        foreach (var (root, prefix) in new[] { ("wwwroot", "/"), ("displays", "/displays/") })
        {
            var top = Path.Combine(Repository, root);
            foreach (var file in Directory.EnumerateFiles(top, "*.html", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(top, file).Replace('\\', '/');
                // Left there by builds before the npm assets became static web assets; never served.
                if (relative.StartsWith("lib/", StringComparison.Ordinal)) continue;
                yield return prefix + relative;
                if (Path.GetFileName(relative) == "index.html") yield return prefix + relative[..^"index.html".Length];
            }
        }
    }

    async Task<string> AssertServed(string url, string mediaType)
    {
        using var response = await node!.Http.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// The CSP source that allows the overlay's inline SPX template definition, as the browser hashes it.
    static string SpxDefinitionHash(string overlay)
    {
        var text = File.ReadAllText(overlay).Replace("\r\n", "\n");
        var start = text.IndexOf("<script>", StringComparison.Ordinal) + "<script>".Length;
        var body = text[start..text.IndexOf("</script>", start, StringComparison.Ordinal)];
        return $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}'";
    }

    /// What a deployment runs, in the configuration these tests were built in. This project references the server, so it is
    /// built already: --no-build skips straight to the publish steps (static web assets, compression, copying), which keeps
    /// the test short on a busy machine.
    async Task PublishAsync(string destination)
    {
        using var publish = LoggedProcess.Start("dotnet",
            ["publish", Metadata("ServerProject"), "-c", Metadata("Configuration"), "-o", destination, "--no-build",
             // No build servers or reusable nodes: nothing may outlive the command and hold its output open.
             "--disable-build-servers", "-nodeReuse:false", "-tl:off", "-nologo"],
            Path.Combine(folder, "publish.log"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            var exitCode = await publish.WaitForExitAsync(timeout.Token);
            Assert.True(exitCode == 0, $"dotnet publish exited with {exitCode}\n{publish.Tail()}");
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"dotnet publish took more than 90 s\n{publish.Tail()}");
        }
    }
}
