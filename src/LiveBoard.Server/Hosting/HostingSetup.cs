using System.Text.Json.Serialization;

namespace LiveBoard.Server.Hosting;

public static class HostingSetup
{
    public static WebApplicationBuilder AddHosting(this WebApplicationBuilder builder)
    {
        // The pages are this project's static web assets. From build output (dotnet run, tests) the build's manifest maps
        // them to the repository's wwwroot/, displays/ and node_modules/; a published app has no such manifest and serves
        // its own wwwroot/. Always on, not only in Development, so every environment serves the same pages.
        builder.WebHost.UseStaticWebAssets();
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

    public static WebApplication UseHosting(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // "/" and "/admin/" answer their index.html. The path is rewritten before routing, so the static asset endpoint
        // of index.html is the one chosen.
        app.UseDefaultFiles();
        app.UseRouting();
        // After routing: each endpoint's body limit is read from its metadata.
        app.UseBodyLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // wwwroot/ at /... and displays/ at /displays/..., with the npm assets at /lib/... (see LiveBoard.Server.csproj).
        // Files that keep their name answer "no-cache" with an ETag, so an update never leaves a tablet on old code.
        app.MapStaticAssets();
        app.MapOpenApi();
        return app;
    }
}
