using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.Connectors.Outbox;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Integration.Connectors.Tests;

/// <summary>
/// Trigger events reach the workflow service at least once, whatever happens on the way: a target that hangs past the
/// delivery timeout or fails, and a process that read an event and died before delivering it.
/// </summary>
public sealed class EventDeliveryTests(DeliveringConnectorFactory connectors) : IClassFixture<DeliveringConnectorFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private EventsReceiver Target => connectors.Receiver;

    [Fact]
    public async Task A_delivery_that_times_out_or_fails_is_tried_again_and_the_forwarder_goes_on()
    {
        var first = Event();
        Target.Script(EventsReceiver.Answer.Hang, EventsReceiver.Answer.Fail);

        await Outbox.AddAsync(first);
        await Until(() => Target.Accepted.Contains(first.Id));
        var second = Event();
        await Outbox.AddAsync(second);
        await Until(() => Target.Accepted.Contains(second.Id));

        Assert.True(Target.Attempts.Count(a => a == first.Id) >= 3, "the hung and the failed attempt, then the accepted one");
        Assert.Single(Target.Accepted, first.Id);
        Assert.Single(Target.Accepted, second.Id);
    }

    [Fact]
    public async Task A_refused_event_waits_among_the_dead_letters_and_is_delivered_when_resubmitted()
    {
        var refused = Event();
        var behind = Event();
        Target.Script(EventsReceiver.Answer.Refuse);

        await Outbox.AddAsync(refused);
        await Outbox.AddAsync(behind);
        await Until(() => Target.Accepted.Contains(behind.Id));
        var ian = connectors.CreateClient("ian", Roles.Integrator);
        var letter = (await ian.GetFromJsonAsync<JsonElement>("/v1/events/dead-letters", Cancel)).EnumerateArray().Single(d => d.GetProperty("eventId").GetString() == refused.Id);
        Assert.Equal((400, "$.subject: Refused by the script."), (letter.GetProperty("status").GetInt32(), letter.GetProperty("reason").GetString()));
        Assert.DoesNotContain(refused.Id, Target.Accepted);

        // The intake takes it now (its cause fixed): resubmitted, it is delivered once, and leaves the dead letters.
        using var resubmitted = await ian.PostAsync($"/v1/events/dead-letters/{letter.GetProperty("id").GetString()}/resubmit", null, Cancel);
        using var twice = await ian.PostAsync($"/v1/events/dead-letters/{letter.GetProperty("id").GetString()}/resubmit", null, Cancel);
        await Until(() => Target.Accepted.Contains(refused.Id));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (resubmitted.StatusCode, twice.StatusCode));
        Assert.Single(Target.Accepted, refused.Id);
        Assert.DoesNotContain((await ian.GetFromJsonAsync<JsonElement>("/v1/events/dead-letters", Cancel)).EnumerateArray(), d => d.GetProperty("eventId").GetString() == refused.Id);
    }

    [Fact]
    public async Task An_event_a_process_read_and_died_with_is_claimed_and_delivered_once()
    {
        var orphan = Event();
        await Outbox.EnsureGroupAsync();
        // A process that is gone now: it added the event and read it, all at once, so that no live forwarder saw it first.
        var db = connectors.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var transaction = db.CreateTransaction();
        _ = transaction.StreamAddAsync(EventOutbox.StreamKey, "entry", JsonSerializer.Serialize(orphan));
        var read = transaction.StreamReadGroupAsync(EventOutbox.StreamKey, "delivery", "a-process-that-died", ">", 10);
        Assert.True(await transaction.ExecuteAsync());
        Assert.Contains(await read, e => e["entry"].ToString().Contains(orphan.Id, StringComparison.Ordinal));

        await Until(() => Target.Accepted.Contains(orphan.Id));
        await Until(async () => (await connectors.CreateClient("ian", Roles.Integrator).GetFromJsonAsync<JsonElement>("/v1/events", Cancel))
            .GetProperty("pending").GetInt64() == 0);

        Assert.Single(Target.Accepted, orphan.Id);
    }

    private EventOutbox Outbox => connectors.Services.GetRequiredService<EventOutbox>();

    private static TriggerEvent Event() =>
        new(Guid.NewGuid().ToString(), "zendesk:zendesk", "zendesk.ticket.created", "ticket:1", DateTimeOffset.UtcNow, null);

    private static Task Until(Func<bool> condition) => Until(() => Task.FromResult(condition()));

    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 30 s.");
            await Task.Delay(100, Cancel);
        }
    }
}

/// <summary>The connector service delivering its events to an <see cref="EventsReceiver"/>, with short timeouts.</summary>
public sealed class DeliveringConnectorFactory : ConnectorFactory
{
    public EventsReceiver Receiver { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        await Receiver.StartAsync();
        await base.InitializeAsync();
    }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Connectors:PollInterval"] = "00:00:00",
        ["Connectors:EventsTarget"] = Receiver.Url,
        ["Connectors:EventsDeliveryTimeout"] = "00:00:01",
        ["Connectors:ClaimPendingAfter"] = "00:00:01",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
