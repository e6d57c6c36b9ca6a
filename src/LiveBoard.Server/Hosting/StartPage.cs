namespace LiveBoard.Server.Hosting;

public static class StartPage
{
    public static IEndpointRouteBuilder MapStartPage(this IEndpointRouteBuilder routes)
    {
        // The start page itself is wwwroot/index.html; this tells it what the server is running.
        routes.MapGet("/api/status", (IWebHostEnvironment env, TimeProvider time) => new
        {
            name = "LiveBoard",
            version = typeof(StartPage).Assembly.GetName().Version?.ToString(),
            environment = env.EnvironmentName,
            now = time.GetUtcNow(),
        }).WithTags("Status");
        return routes;
    }
}
