using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;

namespace Integration.Governance.Policies;

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
    int? RollbackOf = null)
{
    /// <summary>How decisions and audit entries name it: <c>support@3</c>.</summary>
    public string Label => $"{Name}@{Version}";
}

/// <summary>
/// Versioned policies in Redis. Every save is a new version (a draft); publishing points the policy at a
/// version; rollback saves an earlier version's source again as a new version and publishes that, so
/// history only ever grows.
/// </summary>
public sealed class PolicyStore(IConnectionMultiplexer redis, TimeProvider time)
{
    private const string NamesKey = "governance:policies";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>What Redis keeps: the source is the one truth; the document is parsed from it again on load.</summary>
    private sealed record Stored(
        string Name, int Version, string Source, string CreatedBy, DateTimeOffset CreatedAt,
        string? PublishedBy, DateTimeOffset? PublishedAt, int? RollbackOf);

    private static string Serialize(PolicyVersion v) => JsonSerializer.Serialize(
        new Stored(v.Name, v.Version, v.Source, v.CreatedBy, v.CreatedAt, v.PublishedBy, v.PublishedAt, v.RollbackOf), Json);

    private static PolicyVersion Deserialize(RedisValue json)
    {
        var s = JsonSerializer.Deserialize<Stored>(json.ToString(), Json)!;
        var document = PolicyParser.Parse(s.Source).Document
            ?? throw new InvalidOperationException($"Stored policy {s.Name}@{s.Version} no longer parses; it was valid when saved.");
        return new PolicyVersion(s.Name, s.Version, s.Source, document, s.CreatedBy, s.CreatedAt, s.PublishedBy, s.PublishedAt, s.RollbackOf);
    }

    private static RedisKey VersionsKey(string name) => $"governance:policy:{name}:versions";
    private static RedisKey LatestKey(string name) => $"governance:policy:{name}:latest";
    private static RedisKey PublishedKey(string name) => $"governance:policy:{name}:published";

    private IDatabase Db => redis.GetDatabase();

    public async Task<PolicyVersion> SaveDraftAsync(string name, string source, PolicyDocument document, string author, int? rollbackOf = null)
    {
        // INCR hands out each version number once, even to concurrent saves.
        var version = (int)await Db.StringIncrementAsync(LatestKey(name));
        var saved = new PolicyVersion(name, version, source, document, author, time.GetUtcNow(), RollbackOf: rollbackOf);
        await Db.HashSetAsync(VersionsKey(name), version, Serialize(saved));
        await Db.SetAddAsync(NamesKey, name);
        return saved;
    }

    public async Task<PolicyVersion?> GetAsync(string name, int version)
    {
        var json = await Db.HashGetAsync(VersionsKey(name), version);
        return json.IsNullOrEmpty ? null : Deserialize(json);
    }

    public async Task<IReadOnlyList<PolicyVersion>> VersionsAsync(string name) =>
        [.. (await Db.HashValuesAsync(VersionsKey(name)))
            .Select(Deserialize)
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
        _ = transaction.HashSetAsync(VersionsKey(version.Name), version.Version, Serialize(published));
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
