using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;

namespace Integration.Governance.Policies;

public enum PolicyVersionStatus { Draft, Published, Retired }

/// <summary>One saved version: the source as the admin wrote it, what it means, and who did what when.</summary>
public sealed record PolicyVersion(
    string Name,
    int Version,
    string Source,
    PolicyDocument Document,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? PublishedBy = null,
    DateTimeOffset? PublishedAt = null,
    int? RollbackOf = null);

public sealed record PolicySummary(string Name, int LatestVersion, int? PublishedVersion);

/// <summary>
/// Versioned policies in Redis. Every save is a new version (a draft); publishing points the policy at a
/// version; rollback saves an earlier version's source again as a new version and publishes that, so
/// history only ever grows.
/// </summary>
public sealed class PolicyStore(IConnectionMultiplexer redis, TimeProvider time)
{
    private const string NamesKey = "governance:policies";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static RedisKey VersionsKey(string name) => $"governance:policy:{name}:versions";
    private static RedisKey LatestKey(string name) => $"governance:policy:{name}:latest";
    private static RedisKey PublishedKey(string name) => $"governance:policy:{name}:published";

    private IDatabase Db => redis.GetDatabase();

    public async Task<PolicyVersion> SaveDraftAsync(string name, string source, PolicyDocument document, string author, int? rollbackOf = null)
    {
        // INCR hands out each version number once, even to concurrent saves.
        var version = (int)await Db.StringIncrementAsync(LatestKey(name));
        var saved = new PolicyVersion(name, version, source, document, author, time.GetUtcNow(), RollbackOf: rollbackOf);
        await Db.HashSetAsync(VersionsKey(name), version, JsonSerializer.Serialize(saved, Json));
        await Db.SetAddAsync(NamesKey, name);
        return saved;
    }

    public async Task<PolicyVersion?> GetAsync(string name, int version)
    {
        var json = await Db.HashGetAsync(VersionsKey(name), version);
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<PolicyVersion>(json.ToString(), Json);
    }

    public async Task<IReadOnlyList<PolicyVersion>> VersionsAsync(string name) =>
        [.. (await Db.HashValuesAsync(VersionsKey(name)))
            .Select(v => JsonSerializer.Deserialize<PolicyVersion>(v.ToString(), Json)!)
            .OrderBy(v => v.Version)];

    public async Task<int?> PublishedVersionAsync(string name)
    {
        var value = await Db.StringGetAsync(PublishedKey(name));
        return value.IsNullOrEmpty ? null : (int)value;
    }

    public async Task<PolicyVersion> PublishAsync(PolicyVersion version, string publisher)
    {
        var published = version with { PublishedBy = publisher, PublishedAt = time.GetUtcNow() };
        var transaction = Db.CreateTransaction();
        _ = transaction.HashSetAsync(VersionsKey(version.Name), version.Version, JsonSerializer.Serialize(published, Json));
        _ = transaction.StringSetAsync(PublishedKey(version.Name), version.Version);
        await transaction.ExecuteAsync();
        return published;
    }

    public async Task<IReadOnlyList<PolicySummary>> ListAsync()
    {
        var names = (await Db.SetMembersAsync(NamesKey)).Select(n => n.ToString()).Order(StringComparer.Ordinal).ToList();
        var summaries = new List<PolicySummary>(names.Count);
        foreach (var name in names)
        {
            var latest = (int)await Db.StringGetAsync(LatestKey(name));
            summaries.Add(new PolicySummary(name, latest, await PublishedVersionAsync(name)));
        }

        return summaries;
    }

    /// <summary>Every published version in force, to choose the one for a workflow.</summary>
    public async Task<IReadOnlyList<PolicyVersion>> PublishedAsync()
    {
        var result = new List<PolicyVersion>();
        foreach (var summary in await ListAsync())
        {
            if (summary.PublishedVersion is int version && await GetAsync(summary.Name, version) is { } policy)
            {
                result.Add(policy);
            }
        }

        return result;
    }

    public static PolicyVersionStatus StatusOf(PolicyVersion version, int? publishedVersion) =>
        version.Version == publishedVersion ? PolicyVersionStatus.Published
        : version.PublishedAt is not null ? PolicyVersionStatus.Retired
        : PolicyVersionStatus.Draft;
}
