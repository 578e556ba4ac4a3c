namespace Integration.AppHost;

internal static class SuiteResourceExtensions
{
    /// <summary>What every service of the suite needs: Redis (waited for), the token signing key, a health probe.</summary>
    public static IResourceBuilder<ProjectResource> WithSuiteDefaults(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<IResourceWithConnectionString> redis, IResourceBuilder<ParameterResource> signingKey) =>
        service
            .WithReference(redis)
            .WaitFor(redis)
            .WithEnvironment("Auth__SigningKey", signingKey)
            .WithHttpHealthCheck("/health");

    /// <summary>
    /// Local silos listen on and advertise 127.0.0.1 (Orleans would take the machine's external address). A deployment
    /// lets each silo advertise its own address, so the manifest does not carry this.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLocalSilosOnLoopback(this IResourceBuilder<ProjectResource> silo, IDistributedApplicationBuilder builder) =>
        builder.ExecutionContext.IsRunMode ? silo.WithEnvironment("Orleans__Endpoints__AdvertisedIPAddress", "127.0.0.1") : silo;

    /// <summary>
    /// A secret the suite makes up on the first local run (a signing key, a stand-in credential), kept in the app host's
    /// user secrets so that it is the same on every run; configuration (Parameters:NAME) overrides it.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder, string name, int minLength) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = minLength, Special = false }, secret: true, persist: true);
}
