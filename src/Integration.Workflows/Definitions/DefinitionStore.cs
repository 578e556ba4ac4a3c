using System.Collections.Concurrent;
using System.Text.Json;
using StackExchange.Redis;

namespace Integration.Workflows.Definitions;

public sealed record PublishedDefinition(string Id, int Version, WorkflowDefinition Definition);

/// <summary>
/// Definitions in Redis, every version kept: saving makes a new draft version (an unchanged save makes none),
/// publishing marks one version as the one new instances start with. A published version never changes, so an
/// instance keeps the version it started with.
/// </summary>
public sealed class DefinitionStore(IConnectionMultiplexer redis, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // What a saved version says never changes (publishing marks it, a new save makes a new version): read once.
    private readonly ConcurrentDictionary<(string Id, int Version), WorkflowDefinition> _definitions = new();

    private static string Versions(string id) => $"workflows:definition:{id}:versions";

    private static string Published(string id) => $"workflows:definition:{id}:published";

    private const string Ids = "workflows:definitions";

    public async Task<StoredVersion> SaveDraftAsync(WorkflowDefinition definition, string savedBy)
    {
        var id = definition.Id!;
        var db = redis.GetDatabase();
        var latest = await LatestAsync(id);
        if (latest is not null && JsonSerializer.Serialize(latest.Definition, Json) == JsonSerializer.Serialize(definition, Json))
        {
            return latest;
        }

        var version = (int)await db.StringIncrementAsync($"workflows:definition:{id}:next");
        var stored = new StoredVersion(id, version, DefinitionStatus.Draft, definition, savedBy, time.GetUtcNow());
        var transaction = db.CreateTransaction();
        _ = transaction.HashSetAsync(Versions(id), version, JsonSerializer.Serialize(stored, Json));
        _ = transaction.SetAddAsync(Ids, id);
        await transaction.ExecuteAsync();
        return stored;
    }

    public async Task<StoredVersion?> PublishAsync(string id, int version, string publishedBy)
    {
        var found = await VersionAsync(id, version);
        if (found is null)
        {
            return null;
        }

        var published = found with { Status = DefinitionStatus.Published, PublishedBy = found.PublishedBy ?? publishedBy, PublishedAt = found.PublishedAt ?? time.GetUtcNow() };
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.HashSetAsync(Versions(id), version, JsonSerializer.Serialize(published, Json));
        _ = transaction.StringSetAsync(Published(id), version);
        await transaction.ExecuteAsync();
        return published;
    }

    /// <summary>No version serves any more (instances running go on with theirs); the version that did, or null if none.</summary>
    public async Task<int?> UnpublishAsync(string id) => (int?)await redis.GetDatabase().StringGetDeleteAsync(Published(id));

    public async Task<StoredVersion?> VersionAsync(string id, int version)
    {
        var json = await redis.GetDatabase().HashGetAsync(Versions(id), version);
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<StoredVersion>(json.ToString(), Json);
    }

    public async Task<IReadOnlyList<StoredVersion>> VersionsAsync(string id) =>
        (await redis.GetDatabase().HashValuesAsync(Versions(id))).Select(v => JsonSerializer.Deserialize<StoredVersion>(v.ToString(), Json)!)
            .OrderBy(v => v.Version).ToList();

    public async Task<StoredVersion?> LatestAsync(string id) => (await VersionsAsync(id)).LastOrDefault();

    /// <summary>What version <paramref name="version"/> of a workflow says; from memory after the first read.</summary>
    public async Task<WorkflowDefinition?> DefinitionAsync(string id, int version)
    {
        if (_definitions.TryGetValue((id, version), out var known))
        {
            return known;
        }

        var stored = await VersionAsync(id, version);
        return stored is null ? null : _definitions.GetOrAdd((id, version), stored.Definition);
    }

    /// <summary>The version new instances of a workflow start with, and what it says; one Redis read for which version it is.</summary>
    public async Task<PublishedDefinition?> PublishedDefinitionAsync(string id) =>
        (int?)await redis.GetDatabase().StringGetAsync(Published(id)) is { } version && await DefinitionAsync(id, version) is { } definition
            ? new PublishedDefinition(id, version, definition)
            : null;

    /// <summary>Every workflow's published version (those with none are left out).</summary>
    public async Task<IReadOnlyList<PublishedDefinition>> PublishedDefinitionsAsync()
    {
        var published = new List<PublishedDefinition>();
        foreach (var id in (await redis.GetDatabase().SetMembersAsync(Ids)).Select(v => v.ToString()).Order(StringComparer.Ordinal))
        {
            if (await PublishedDefinitionAsync(id) is { } definition)
            {
                published.Add(definition);
            }
        }

        return published;
    }

    public async Task<StoredVersion?> PublishedAsync(string id) =>
        (int?)await redis.GetDatabase().StringGetAsync(Published(id)) is { } version ? await VersionAsync(id, version) : null;

    public async Task<IReadOnlyList<DefinitionSummary>> ListAsync()
    {
        var summaries = new List<DefinitionSummary>();
        foreach (var id in (await redis.GetDatabase().SetMembersAsync(Ids)).Select(v => v.ToString()).Order(StringComparer.Ordinal))
        {
            var latest = await LatestAsync(id);
            summaries.Add(new DefinitionSummary(id, latest?.Definition.Name, latest?.Version ?? 0, (await PublishedAsync(id))?.Version));
        }

        return summaries;
    }
}
