using Integration.Governance.Audit;
using Integration.Testing;
using StackExchange.Redis;

namespace Integration.Governance.Tests;

/// <summary>The hash chain holds under concurrent writers, and every kind of tampering is found at its entry.</summary>
public sealed class AuditLogTests : IAsyncLifetime
{
    private TestRedis _redis = null!;
    private ConnectionMultiplexer _connection = null!;
    private AuditLog _log = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await TestRedis.StartAsync(TestContext.Current.CancellationToken);
        _connection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        _log = new AuditLog(_connection, TimeProvider.System);
    }

    private static AuditEvent Decision(int n) =>
        new("workflows", ["service"], "pii.redact", "redacted", Findings: new Dictionary<string, int> { ["Email"] = n });

    private IDatabase Db => _connection.GetDatabase();

    private async Task AppendAsync(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await _log.AppendAsync(Decision(i));
        }
    }

    [Fact]
    public async Task An_untouched_log_verifies()
    {
        await AppendAsync(5);

        var result = await _log.VerifyAsync(TestContext.Current.CancellationToken);

        Assert.True(result.Intact, result.Reason);
        Assert.Equal(5, result.EntriesChecked);
    }

    [Fact]
    public async Task Concurrent_writers_never_fork_the_chain()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await _log.AppendAsync(Decision(writer * 100 + i));
            }
        })));

        var result = await _log.VerifyAsync(TestContext.Current.CancellationToken);

        Assert.True(result.Intact, result.Reason);
        Assert.Equal(200, result.EntriesChecked);
    }

    [Fact]
    public async Task A_deleted_entry_is_found()
    {
        await AppendAsync(5);
        var third = (await Db.StreamRangeAsync(AuditLog.StreamKey))[2].Id;
        await Db.StreamDeleteAsync(AuditLog.StreamKey, [third]);

        var result = await _log.VerifyAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Intact);
        Assert.Equal(4, result.BrokenAtSequence);
        Assert.Contains("expected entry 3", result.Reason);
    }

    [Fact]
    public async Task A_rewritten_entry_is_found_even_with_its_old_hash_kept()
    {
        await AppendAsync(5);
        // Streams cannot be edited in place, so an attacker rewrites the whole stream with one decision changed.
        var entries = (await Db.StreamRangeAsync(AuditLog.StreamKey)).Select(e => AuditChain.FromJson(e["entry"]!)).ToList();
        await Db.KeyDeleteAsync(AuditLog.StreamKey);
        foreach (var entry in entries)
        {
            var written = entry.Sequence == 2 ? entry with { Event = entry.Event with { Decision = "approved" } } : entry;
            await Db.StreamAddAsync(AuditLog.StreamKey, "entry", written.ToJson());
        }

        var result = await _log.VerifyAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Intact);
        Assert.Equal(2, result.BrokenAtSequence);
        Assert.Equal("its content does not match its hash", result.Reason);
    }

    [Fact]
    public async Task An_entry_added_behind_the_logs_back_is_found()
    {
        await AppendAsync(3);
        var forged = AuditChain.Create(4, DateTimeOffset.UtcNow, Decision(9), AuditChain.GenesisHash);
        await Db.StreamAddAsync(AuditLog.StreamKey, "entry", forged.ToJson());

        var result = await _log.VerifyAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Intact);
        Assert.Equal(4, result.BrokenAtSequence);
        Assert.Equal("its link to the previous entry does not match", result.Reason);
    }

    [Fact]
    public async Task Entries_cut_off_the_end_are_found()
    {
        await AppendAsync(4);
        var last = (await Db.StreamRangeAsync(AuditLog.StreamKey))[^1].Id;
        await Db.StreamDeleteAsync(AuditLog.StreamKey, [last]);

        var result = await _log.VerifyAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Intact);
        Assert.Contains("ends at entry 3 but its head says 4", result.Reason);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
