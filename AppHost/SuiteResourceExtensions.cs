using Integration.Hosting;
using Integration.Hosting.ApplicationModel;

namespace Integration.AppHost;

internal static class SuiteResourceExtensions
{
    /// <summary>What every service of the suite needs: Redis (waited for), the token signing key, a health probe.</summary>
    public static IResourceBuilder<ProjectResource> WithSuiteDefaults(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<RedisResource> redis, IResourceBuilder<ParameterResource> signingKey) =>
        service
            .WithReference(redis)
            .WaitFor(redis)
            .WithEnvironment("Auth__SigningKey", signingKey)
            .WithHttpHealthCheck("/health");
}
