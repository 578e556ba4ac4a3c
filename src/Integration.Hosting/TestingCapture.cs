namespace Integration.Hosting;

/// <summary>
/// Lets Integration.Hosting.Testing run an app host's Main up to <c>Build()</c> and take its builder,
/// the way Aspire.Hosting.Testing does, so tests start exactly the model the app host defines.
/// </summary>
internal sealed class TestingCapture(IReadOnlyDictionary<string, string?> configurationOverrides)
{
    private static readonly AsyncLocal<TestingCapture?> CurrentCapture = new();

    public static TestingCapture? Current => CurrentCapture.Value;

    public IReadOnlyDictionary<string, string?> ConfigurationOverrides { get; } = configurationOverrides;

    public DistributedApplicationBuilder? Builder { get; private set; }

    /// <summary>The app host project's folder, so that its appsettings.json applies in tests too.</summary>
    public string? ContentRoot { get; init; }

    public static IDisposable Enter(TestingCapture capture)
    {
        CurrentCapture.Value = capture;
        return new Exit();
    }

    public void Capture(DistributedApplicationBuilder builder)
    {
        Builder = builder;
        throw new BuilderCapturedException();
    }

    internal sealed class BuilderCapturedException() : Exception("The app host's builder was taken by a test.");

    private sealed class Exit : IDisposable
    {
        public void Dispose() => CurrentCapture.Value = null;
    }
}
