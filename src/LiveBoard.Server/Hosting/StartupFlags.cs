namespace LiveBoard.Server.Hosting;

/// `--demo` and `--simulate` are bare flags; the configuration parser would read the next argument as their value,
/// so they are taken out before the host sees the arguments.
public sealed record StartupFlags(bool Demo, bool Simulate)
{
    public static (StartupFlags Flags, string[] Remaining) Parse(string[] args)
    {
        bool Has(string flag) => args.Any(a => a.Equals(flag, StringComparison.OrdinalIgnoreCase));
        var simulate = Has("--simulate");
        // Simulating needs the demo's competitions, so --simulate implies --demo.
        var flags = new StartupFlags(Has("--demo") || simulate, simulate);
        return (flags, [.. args.Where(a => !a.Equals("--demo", StringComparison.OrdinalIgnoreCase) && !a.Equals("--simulate", StringComparison.OrdinalIgnoreCase))]);
    }
}
