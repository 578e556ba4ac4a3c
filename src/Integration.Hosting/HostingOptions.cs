using System.Reflection;

namespace Integration.Hosting;

/// <summary>Settings of the local orchestrator, bound from the app host's configuration section "Hosting".</summary>
public sealed class HostingOptions
{
    public const string SectionName = "Hosting";

    /// <summary>Where Redis data and generated parameters live. Default: the app host project's .state folder.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>Ignore fixed ports and take free ones (tests, or several suites on one machine).</summary>
    public bool RandomizePorts { get; set; }

    /// <summary>Stream each resource's output to the console, prefixed with its name.</summary>
    public bool StreamLogsToConsole { get; set; } = true;

    public TimeSpan ResourceStartupTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a resource may take to stop after SIGTERM before it is killed.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);

    internal string ResolveStateDirectory()
    {
        if (!string.IsNullOrWhiteSpace(StateDirectory))
        {
            return Path.GetFullPath(StateDirectory);
        }

        // The app host project stamps its own folder into its assembly (see build/Integration.Hosting.targets).
        var projectDirectory = Assembly.GetEntryAssembly()?
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AppHostProjectDirectory")?.Value;
        return Path.Combine(projectDirectory ?? Directory.GetCurrentDirectory(), ".state");
    }
}
