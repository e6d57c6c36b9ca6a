using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;

namespace LiveBoard.Server.Hosting;

/// Response headers that tell browsers what a LiveBoard page may do: run only our own scripts, talk only to this server,
/// never be framed, never leak its address (display keys ride in screen URLs) to anyone. See docs/security.md, "Headers".
public static partial class SecurityHeaders
{
    // Every page loads its scripts, styles, fonts and the SignalR client from this server and talks only to it (fetch and
    // the hub's WebSocket: 'self' covers ws:/wss: to the same host in current browsers). img-src needs data: for the
    // pages' empty favicon (<link rel="icon" href="data:,">). Styles are all in .css files; scripts set element.style
    // through the CSSOM, which style-src does not restrict, so no 'unsafe-inline' anywhere.
    const string Policy =
        "default-src 'self'; script-src 'self'{0}; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    // No page uses the camera (judges scan their QR code with the tablet's own camera app, which opens a plain link), the
    // microphone, location, payments or USB. The control desk's "copy link" button needs the clipboard, allowed by default.
    const string Permissions = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    public static WebApplicationBuilder AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        // "Server: Kestrel" tells a scanner what to try; nobody else needs it.
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        return builder;
    }

    /// Registers before everything else, and sets the headers as the response starts: the exception handler and the
    /// status-code pages clear headers, and every answer (page, file, JSON, problem, 404, hub) gets them all the same.
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        // Off by default: venue installs often run plain HTTP on a closed network. UseHsts only answers HTTPS requests
        // (and never localhost), so it is safe to turn on wherever Kestrel itself serves HTTPS. See docs/security.md.
        if (app.Configuration.GetValue<bool>("Hosting:Hsts")) app.UseHsts();
        var pages = string.Format(Policy, "");
        var overlays = string.Format(Policy, string.Concat(SpxDefinitionHashes(app.Environment.WebRootFileProvider).Select(h => $" '{h}'")));
        app.Use((context, next) =>
        {
            var response = context.Response;
            var overlay = context.Request.Path.StartsWithSegments("/displays/overlays");
            response.OnStarting(() =>
            {
                var headers = response.Headers;
                headers.ContentSecurityPolicy = overlay ? overlays : pages;
                headers.XContentTypeOptions = "nosniff";
                // Old embedded browsers (a broadcast tool's bundled Chromium) may predate frame-ancestors.
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = Permissions;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// SPX Graphics Controller reads each overlay's template definition from the file's text, in an inline script
    /// (`window.SPXGCTemplateDefinition = {…}`) in the page head; moving it to a .js file would hide it from SPX. Each such
    /// block is allowed by the hash of its exact text, computed here from the files served, so an edit to a definition
    /// needs no edit here, and no other inline script runs.
    /// The overlays are read through the web root's file provider: the same files the server sends, from the repository when
    /// run from source and from the published wwwroot/ otherwise.
    public static IReadOnlyList<string> SpxDefinitionHashes(IFileProvider webRoot)
    {
        return webRoot.GetDirectoryContents("displays/overlays")
            .Where(file => !file.IsDirectory && file.Name.EndsWith(".html", StringComparison.Ordinal))
            .SelectMany(file => InlineScript().Matches(ReadAllText(file)))
            // The browser hashes the script's text as parsed, and HTML parsing turns CRLF (a Windows checkout) into LF.
            .Select(m => m.Groups["body"].Value.Replace("\r\n", "\n").Replace('\r', '\n'))
            .Where(body => body.Contains("window.SPXGCTemplateDefinition ="))
            .Select(body => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body))))
            .Distinct().Order(StringComparer.Ordinal).ToList();
    }

    static string ReadAllText(IFileInfo file)
    {
        using var reader = new StreamReader(file.CreateReadStream(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"<script>(?<body>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
