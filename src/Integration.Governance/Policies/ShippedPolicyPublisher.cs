using Integration.Governance.Audit;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Integration.Governance.Policies;

/// <summary>
/// Saves and publishes the policies shipped under Policies/Shipped (named by their file) that are not there yet, and a
/// newer shipped text of one whose published version is still the shipped one; a policy an admin has published another
/// version of is theirs and stays so. A shipped policy that does not parse stops the service with its errors. Replicas
/// starting together take turns (a Redis lock), so each text is saved once.
/// </summary>
public sealed class ShippedPolicyPublisher(PolicyStore store, AuditLog audit, IConnectionMultiplexer redis, IOptions<GovernanceOptions> options,
    ILogger<ShippedPolicyPublisher> logger) : IHostedService
{
    public const string Author = "shipped";

    private const string LockKey = "governance:shipped-policies:lock";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.PublishShippedPolicies)
        {
            return;
        }

        var token = Guid.NewGuid().ToString("N");
        while (!await redis.GetDatabase().LockTakeAsync(LockKey, token, TimeSpan.FromSeconds(30)))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Policies", "Shipped"), "*.yaml").Order(StringComparer.Ordinal))
            {
                await PublishAsync(Path.GetFileNameWithoutExtension(file), await File.ReadAllTextAsync(file, cancellationToken));
            }
        }
        finally
        {
            await redis.GetDatabase().LockReleaseAsync(LockKey, token);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task PublishAsync(string name, string source)
    {
        var (document, errors) = PolicyParser.Parse(source);
        if (document is null)
        {
            throw new InvalidOperationException($"The shipped policy {name}.yaml is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }

        var versions = await store.VersionsAsync(name);
        var published = await store.PublishedVersionAsync(name) is int number ? versions.FirstOrDefault(v => v.Version == number) : null;
        if (versions.Count > 0 && (published is null || published.CreatedBy != Author || published.Source == source))
        {
            return;
        }

        var saved = await store.PublishAsync(await store.SaveDraftAsync(name, source, document, Author), Author);
        await audit.AppendAsync(new AuditEvent(Author, [], "policy.publish", "published, shipped with the suite", saved.Label));
        logger.LogInformation("Published the shipped policy {Name} as version {Version}", name, saved.Version);
    }
}
