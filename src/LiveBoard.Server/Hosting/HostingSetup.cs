using System.Text.Json.Serialization;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace LiveBoard.Server.Hosting;

public static class HostingSetup
{
    public static WebApplicationBuilder AddHosting(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddTimeProvider();
        builder.AddSecurityHeaders();
        // Request-start lines carry full URLs, and URLs can carry tokens (SignalR's access_token, a display's key):
        // they are never logged, whatever the configuration says.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing.EndpointMiddleware", LogLevel.Warning);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadInputProblems>();
        // Unreadable input throws instead of answering a bare 400, so BadInputProblems can name the field.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(o => o.AddSchemaTransformer(EnumNames));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new StrictEnumConverter());
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
            // Lets "NaN" and "Infinity" reach validation, which rejects them by name instead of failing the whole body.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        });
        return builder;
    }

    /// The strict enum converter hides enums from the schema generator; they are described here as the names they travel as.
    static Task EnumNames(Microsoft.OpenApi.OpenApiSchema schema, Microsoft.AspNetCore.OpenApi.OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum)
        {
            schema.Type = Microsoft.OpenApi.JsonSchemaType.String;
            schema.Enum = [.. Enum.GetNames(type).Select(n => (System.Text.Json.Nodes.JsonNode)n)];
        }
        return Task.CompletedTask;
    }

    static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(s => s.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }

    static void Revalidate(StaticFileResponseContext context)
    {
        // Fonts and libraries under /lib are fixed per build and large: cache them; everything else revalidates.
        if (!context.Context.Request.Path.StartsWithSegments("/lib"))
            context.Context.Response.Headers.CacheControl = "no-cache";
    }

    public static WebApplication UseHosting(this WebApplication app)
    {
        var root = RepositoryFolders.Find(app.Environment.ContentRootPath);
        var displays = Path.Combine(root, "displays");
        app.UseSecurityHeaders(displays);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseBodyLimits();
        // wwwroot/ (staff and public pages) and displays/ (screens and overlays) live at the repository root.
        var pages = new PhysicalFileProvider(Path.Combine(root, "wwwroot"));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = pages });
        // Pages and scripts revalidate on every load (cheap with ETags), so an update never leaves a tablet on old code.
        app.UseStaticFiles(new StaticFileOptions { FileProvider = pages, OnPrepareResponse = Revalidate });
        if (Directory.Exists(displays))
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(displays), RequestPath = "/displays", OnPrepareResponse = Revalidate });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi();
        return app;
    }
}

public static class RepositoryFolders
{
    /// Walks up from the content root to the folder holding wwwroot/ and displays/ (the repository root when run from source;
    /// the content root itself when published with them).
    public static string Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "wwwroot")) && File.Exists(Path.Combine(dir.FullName, "LiveBoard.sln")))
                return dir.FullName;
        return start;
    }
}
