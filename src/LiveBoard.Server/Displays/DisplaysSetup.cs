using Microsoft.AspNetCore.Authentication;

namespace LiveBoard.Server.Displays;

public static class DisplaysSetup
{
    public static WebApplicationBuilder AddDisplays(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, DisplayKeyHandler>(DisplayKeyHandler.Name, _ => { });
        builder.Services.AddScoped<DisplayRegistry>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDisplays(this WebApplication app)
    {
        DisplaysApi.MapDisplays(app);
        app.MapCeremony();
        app.MapDataSources();
        return app;
    }
}
