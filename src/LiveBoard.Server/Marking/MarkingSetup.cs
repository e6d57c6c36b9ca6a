namespace LiveBoard.Server.Marking;

public static class MarkingSetup
{
    public static WebApplicationBuilder AddMarking(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MarkingOptions>().BindConfiguration("Marking").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<MarkingService>();
        builder.Services.AddSingleton<MarkWriter>();
        builder.Services.AddSingleton<MarkingTargets>();
        builder.Services.AddScoped<ModuleControl>();
        return builder;
    }
}
