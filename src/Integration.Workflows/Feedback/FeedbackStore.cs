using System.Text.Json;
using Integration.ServiceDefaults.Protection;
using Integration.Workflows.Approvals;
using StackExchange.Redis;

namespace Integration.Workflows.Feedback;

/// <summary>Which records a reader wants; each part optional.</summary>
public sealed record FeedbackFilter(string? Workflow = null, ApprovalStatus? Decision = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    public bool Matches(FeedbackRecord record) =>
        (Workflow is null || record.Workflow == Workflow) && (Decision is null || record.Decision == Decision) &&
        (From is null || record.At >= From) && (To is null || record.At < To);
}

/// <summary>A page of records, oldest first, and the cursor to read on from (the last entry looked at; null when there was none).</summary>
public sealed record FeedbackPage(IReadOnlyList<FeedbackRecord> Records, string? Next);

/// <summary>
/// Feedback records in a Redis stream, in the order the gates were decided, encrypted (a record quotes what the
/// reviewers saw). The stream's entry ids are the readers' cursors.
/// </summary>
public sealed class FeedbackStore(IConnectionMultiplexer redis, SensitiveData sensitive)
{
    public const string Stream = "workflows:feedback";
    private const string Field = "example";

    // A filtered read looks at this many entries at most before it answers with what it found and where it stopped.
    private const int MaxScanned = 5_000;

    public Task AddAsync(FeedbackRecord record) =>
        redis.GetDatabase().StreamAddAsync(Stream, Field, sensitive.Protect(JsonSerializer.Serialize(record, JsonSerializerOptions.Web)));

    public async Task<FeedbackPage> ReadAsync(string? cursor, int count, FeedbackFilter filter)
    {
        var db = redis.GetDatabase();
        var records = new List<FeedbackRecord>();
        var from = cursor is null ? "-" : "(" + cursor;
        var scanned = 0;
        string? last = null;
        while (records.Count < count && scanned < MaxScanned)
        {
            var entries = await db.StreamRangeAsync(Stream, from, "+", Math.Min(500, MaxScanned - scanned));
            if (entries.Length == 0)
            {
                break;
            }

            foreach (var entry in entries)
            {
                scanned++;
                last = entry.Id.ToString();
                if (Read(entry) is { } record && filter.Matches(record))
                {
                    records.Add(record);
                    if (records.Count == count)
                    {
                        break;
                    }
                }
            }

            from = "(" + last;
        }

        return new FeedbackPage(records, last);
    }

    /// <summary>The newest records first, for a quick look.</summary>
    public async Task<IReadOnlyList<FeedbackRecord>> RecentAsync(int count) =>
        (await redis.GetDatabase().StreamRangeAsync(Stream, "-", "+", count, Order.Descending)).Select(Read).OfType<FeedbackRecord>().ToList();

    /// <summary>A record; one an earlier version wrote lacks the newer parts, which read as empty.</summary>
    private FeedbackRecord? Read(StreamEntry entry)
    {
        try
        {
            var record = JsonSerializer.Deserialize<FeedbackRecord>(sensitive.Unprotect(entry[Field].ToString()), JsonSerializerOptions.Web);
            return record is null ? null : record with { Corrections = record.Corrections ?? [], Models = record.Models ?? [], DecidedBy = record.DecidedBy ?? [] };
        }
        catch (Exception e) when (e is JsonException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
