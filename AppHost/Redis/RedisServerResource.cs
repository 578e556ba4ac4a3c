namespace Integration.AppHost.Redis;

/// <summary>
/// Debian's <c>redis-server</c> run by DCP as an executable, for machines without a container engine. It has a
/// connection string, so <c>WithReference</c> and <c>WaitFor</c> treat it as they treat Aspire's Redis container.
/// </summary>
public sealed class RedisServerResource(string name, string workingDirectory)
    : ExecutableResource(name, "redis-server", workingDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    /// <summary>127.0.0.1, where it listens: "localhost" would have clients try ::1 first.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
