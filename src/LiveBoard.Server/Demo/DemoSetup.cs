namespace LiveBoard.Server.Demo;

public sealed class SimulatorOptions
{
    // Pause between rounds; each round every live module gets one more mark, as each venue's panel works in parallel.
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "Simulator:Interval must be between 1 ms and 1 day")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1.5);
}

public static class DemoSetup
{
    // Seeding is not registered here: it runs once at startup, after migrations (StorageSetup).
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder, bool simulate)
    {
        builder.Services.AddOptions<SimulatorOptions>().BindConfiguration("Simulator")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (simulate)
            builder.Services.AddHostedService<MarkSimulator>();
        return builder;
    }
}
