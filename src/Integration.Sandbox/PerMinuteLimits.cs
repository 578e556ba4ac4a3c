using System.Collections.Concurrent;

namespace Integration.Sandbox;

/// <summary>
/// Requests counted per minute of the clock, per limit (a vendor's whole API, or one family of endpoints), as vendors
/// count them for their rate limits. One per process: a limit is the process's, as fault settings are.
/// </summary>
public sealed class PerMinuteLimits(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Limit, long Minute), int> _counts = new();

    /// <summary>Counts one request; returns how many this minute has had so far, and the seconds until the next minute.</summary>
    public (int Used, long SecondsLeft) Count(string limit)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var minute = now / 60;
        foreach (var old in _counts.Keys.Where(k => k.Minute < minute))
        {
            _counts.TryRemove(old, out _);
        }

        return (_counts.AddOrUpdate((limit, minute), 1, (_, n) => n + 1), 60 - now % 60);
    }
}
