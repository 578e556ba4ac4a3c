namespace Integration.Hosting.Tests;

/// <summary>A builder for a model made up in a test: free ports, its own state directory, logs kept in memory.</summary>
internal sealed class TestModel : IDisposable
{
    public string StateDirectory { get; } = Directory.CreateTempSubdirectory("hosting-test-").FullName;

    public DistributedApplicationBuilder CreateBuilder(bool randomizePorts = true, string[]? args = null) =>
        new(args ?? [], new Dictionary<string, string?>
        {
            ["Hosting:RandomizePorts"] = randomizePorts ? "true" : "false",
            ["Hosting:StateDirectory"] = StateDirectory,
            ["Hosting:StreamLogsToConsole"] = "false",
            ["Logging:LogLevel:Integration.Hosting"] = "Warning",
            ["Hosting:ResourceStartupTimeout"] = "00:00:30",
            ["Hosting:ShutdownTimeout"] = "00:00:05",
        });

    public void Dispose() => Directory.Delete(StateDirectory, recursive: true);
}
