using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;

namespace Integration.Workflows.Tests;

/// <summary>Instances as Orleans grains: started by hand or by a trigger event, persisted, woken by their timers.</summary>
public sealed class InstanceTests(WorkflowsFactory service) : IClassFixture<WorkflowsFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Designer => service.CreateClient("dora", Roles.Designer);

    private Task Publish(object definition, string id) => service.PublishAsync(definition, id);

    private async Task<JsonElement> Until(string instance, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            // An instance a trigger event starts exists a moment after the event is accepted: 404 until then.
            using var response = await Designer.GetAsync($"/v1/instances/{instance}", Cancel);
            var state = response.StatusCode == HttpStatusCode.NotFound ? default : await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
            if (state.ValueKind == JsonValueKind.Object && state.GetProperty("status").GetString() == status)
            {
                return state;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Instance {instance} is {(state.ValueKind == JsonValueKind.Object ? state.GetProperty("status").GetString() : "not started")}, not {status}, after 20 s: {state}");
            await Task.Delay(100, Cancel);
        }
    }

    [Fact]
    public async Task Instances_are_listed_newest_first_filtered_searched_and_paged_without_repeats()
    {
        var id = $"listed-{Guid.NewGuid():N}"[..20];
        await Publish(new
        {
            id, name = "Listed",
            activities = new object[]
            {
                new { id = "start", type = "trigger.manual" },
                new { id = "wait", type = "flow.decision", inputs = new { condition = "input.wait" } },
                new { id = "pause", type = "flow.delay", inputs = new { duration = "PT1H" } },
                new { id = "end", type = "flow.end" },
            },
            connections = new[]
            {
                new { from = "start", to = "wait", outcome = "done" }, new { from = "wait", to = "pause", outcome = "true" },
                new { from = "wait", to = "end", outcome = "false" }, new { from = "pause", to = "end", outcome = "done" },
            },
        }, id);
        var ids = new List<string>();
        foreach (var (key, wait) in new[] { ("order-100", false), ("order-101", true), ("ticket-7", false), ("order-102", true), ("order-103", false) })
        {
            using var started = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { wait }, businessKey = key }, Cancel);
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
            ids.Add((await started.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!);
            await Task.Delay(5, Cancel);
        }

        await Until(ids[4], "Completed");
        async Task<JsonElement> Page(string query) => await Designer.GetFromJsonAsync<JsonElement>($"/v1/instances?workflow={id}&{query}", Cancel);
        static List<string> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];

        var all = await Page("limit=50");
        Assert.Equal(Enumerable.Reverse(ids), Ids(all));
        Assert.Equal("order-103", all.GetProperty("items")[0].GetProperty("businessKey").GetString());
        Assert.Equal([ids[3], ids[1]], Ids(await Page("status=waiting")));
        Assert.Equal(new[] { ids[0], ids[1], ids[3], ids[4] }.Order(), Ids(await Page("search=ORDER-10")).Order());
        Assert.Equal([ids[2]], Ids(await Page("search=ticket")));

        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Page("limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            paged.AddRange(Ids(page));
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.String ? page.GetProperty("next").GetString() : null;
        }
        while (cursor is not null && paged.Count < 10);
        Assert.Equal(Enumerable.Reverse(ids), paged);

        using var bad = await Designer.GetAsync("/v1/instances?status=sleeping&limit=0&cursor=x", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("status", out _) && errors.TryGetProperty("limit", out _) && errors.TryGetProperty("cursor", out _), errors.ToString());
    }

    [Fact]
    public async Task A_manual_start_runs_waits_on_its_delay_and_completes_with_its_outputs()
    {
        var id = $"manual-{Guid.NewGuid():N}"[..20];
        await Publish(new
        {
            id, name = "Manual",
            activities = new object[]
            {
                new { id = "start", type = "trigger.manual" },
                new { id = "double", type = "flow.setVariable", inputs = new { variable = "x", value = "input.n * 2" } },
                new { id = "pause", type = "flow.delay", inputs = new { duration = "PT1S" } },
                new { id = "end", type = "flow.end", inputs = new { outputs = "({ x: vars.x })" } },
            },
            connections = new[] { new { from = "start", to = "double" }, new { from = "double", to = "pause" }, new { from = "pause", to = "end" } },
        }, id);

        using var started = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { n = 21 }, businessKey = "ticket-1" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var instance = (await started.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
        using var again = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { n = 99 }, businessKey = "ticket-1" }, Cancel);
        Assert.Equal(instance, (await again.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString());
        var byKey = await Designer.GetFromJsonAsync<JsonElement>($"/v1/workflows/{id}/instances/by-key/ticket-1", Cancel);
        Assert.Equal(instance, byKey.GetProperty("id").GetString());
        using var noKey = await Designer.GetAsync($"/v1/workflows/{id}/instances/by-key/ticket-2", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, noKey.StatusCode);

        var done = await Until(instance, "Completed");
        Assert.Equal(42, done.GetProperty("outputs").GetProperty("x").GetInt32());
        Assert.Contains(done.GetProperty("journal").EnumerateArray(), e => e.GetProperty("activityId").GetString() == "pause" && e.GetProperty("event").GetString() == "resumed");
        var kpis = await Designer.GetFromJsonAsync<JsonElement>($"/v1/kpis/{id}", Cancel);
        Assert.Equal(1, kpis.GetProperty("completed").GetInt32());
        Assert.Equal(1, kpis.GetProperty("completedWithoutEditShare").GetDouble());
    }

    [Fact]
    public async Task A_trigger_event_starts_one_instance_of_each_matching_workflow_once()
    {
        var id = $"events-{Guid.NewGuid():N}"[..20];
        var type = $"test.{Guid.NewGuid():N}.created";
        await Publish(new
        {
            id, name = "On event",
            activities = new object[]
            {
                new { id = "on-event", type = "trigger.connectorEvent", inputs = new { eventType = type } },
                new { id = "end", type = "flow.end", inputs = new { outputs = "({ subject: event.subject })" } },
            },
            connections = new[] { new { from = "on-event", to = "end" } },
        }, id);
        var connectors = service.CreateClient("connectors", Roles.Service);
        var trigger = new { id = Guid.NewGuid().ToString(), source = "zendesk:zendesk", type, subject = "ticket:7", time = DateTimeOffset.UtcNow, data = new { id = 7 } };

        var first = await (await connectors.PostAsJsonAsync("/v1/triggers/events", trigger, Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var second = await (await connectors.PostAsJsonAsync("/v1/triggers/events", trigger, Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);

        var instance = Assert.Single(first.GetProperty("started").EnumerateArray()).GetString()!;
        Assert.Equal(instance, Assert.Single(second.GetProperty("started").EnumerateArray()).GetString());
        var done = await Until(instance, "Completed");
        Assert.Equal("ticket:7", done.GetProperty("outputs").GetProperty("subject").GetString());

        // What the event is about finds the instance: its subject is the business key, and a bare ticket id finds it too.
        Assert.Equal("ticket:7", done.GetProperty("businessKey").GetString());
        foreach (var key in new[] { "ticket:7", "7" })
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            HttpResponseMessage found;
            while ((found = await Designer.GetAsync($"/v1/workflows/{id}/instances/by-key/{Uri.EscapeDataString(key)}", Cancel)).StatusCode == HttpStatusCode.NotFound &&
                   DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, Cancel); // the listing index follows the instance's checkpoint
            }

            Assert.Equal(instance, (await found.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString());
        }

        using var other = await Designer.GetAsync($"/v1/workflows/{id}/instances/by-key/ticket:70", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Contains("subject", await other.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task A_trigger_event_delivered_again_and_again_starts_its_instance_once()
    {
        var id = $"redeliver-{Guid.NewGuid():N}"[..20];
        var type = $"test.{Guid.NewGuid():N}.created";
        await Publish(new
        {
            id, name = "On event, redelivered",
            activities = new object[]
            {
                new { id = "on-event", type = "trigger.connectorEvent", inputs = new { eventType = type } },
                new { id = "end", type = "flow.end" },
            },
            connections = new[] { new { from = "on-event", to = "end" } },
        }, id);
        var connectors = service.CreateClient("connectors", Roles.Service);
        var trigger = new { id = Guid.NewGuid().ToString(), source = "zendesk:zendesk", type, subject = "ticket:8", time = DateTimeOffset.UtcNow, data = new { id = 8 } };

        // At-least-once delivery: the connector service may send one event several times, even at once.
        var deliveries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => connectors.PostAsJsonAsync("/v1/triggers/events", trigger, Cancel)));

        Assert.All(deliveries, d => Assert.Equal(HttpStatusCode.Accepted, d.StatusCode));
        var instance = Assert.Single((await deliveries[0].Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("started").EnumerateArray()).GetString()!;
        var done = await Until(instance, "Completed");
        Assert.Single(done.GetProperty("journal").EnumerateArray(), e => e.GetProperty("activityId").GetString() == "on-event" && e.GetProperty("event").GetString() == "completed");
        // KPI counters are written after the step, without holding it up: wait for the completion to be counted.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement kpis;
        while ((kpis = await Designer.GetFromJsonAsync<JsonElement>($"/v1/kpis/{id}", Cancel)).GetProperty("completed").GetInt64() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The completion was not counted within 10 s: {kpis}");
            await Task.Delay(100, Cancel);
        }

        Assert.Equal(1, kpis.GetProperty("started").GetInt64());
        Assert.Equal(1, kpis.GetProperty("completed").GetInt64());
    }

    [Fact]
    public async Task A_draft_version_is_tried_by_its_number_while_a_plain_start_runs_the_published_one()
    {
        var id = $"tried-{Guid.NewGuid():N}"[..20];
        object Definition(string value) => new
        {
            id, name = "Tried",
            activities = new object[]
            {
                new { id = "start", type = "trigger.manual" },
                new { id = "end", type = "flow.end", inputs = new { outputs = $"({{ said: '{value}' }})" } },
            },
            connections = new[] { new { from = "start", to = "end" } },
        };
        await Publish(Definition("published"), id);
        using var draft = await Designer.PutAsJsonAsync($"/v1/definitions/{id}", Definition("draft"), Cancel);
        var draftVersion = (await draft.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32();

        async Task<(int Version, string Said)> RunAsync(object request)
        {
            using var started = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", request, Cancel);
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
            var done = await Until((await started.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!, "Completed");
            return (done.GetProperty("version").GetInt32(), done.GetProperty("outputs").GetProperty("said").GetString()!);
        }

        Assert.Equal((2, "draft"), await RunAsync(new { input = new { }, version = draftVersion }));
        Assert.Equal((1, "published"), await RunAsync(new { input = new { } }));
        using var missing = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { version = 9 }, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("has no version 9", await missing.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task A_workflow_an_event_starts_is_tried_with_a_sample_event_as_a_run_of_its_own()
    {
        var id = $"sampled-{Guid.NewGuid():N}"[..20];
        await Publish(new
        {
            id, name = "On a ticket",
            activities = new object[]
            {
                new { id = "on-ticket", type = "trigger.connectorEvent", inputs = new { eventType = "zendesk.ticket.created" } },
                new { id = "end", type = "flow.end", inputs = new { outputs = "({ subject: event.data.subject, about: event.subject })" } },
            },
            connections = new[] { new { from = "on-ticket", to = "end" } },
        }, id);
        var sample = new { id = "evt-1", source = "zendesk:zendesk", type = "zendesk.ticket.created", subject = "ticket:61", time = DateTimeOffset.UtcNow, data = new { id = 61, subject = "Printer on fire" } };

        // Twice with the same event: two runs, each known by the event's subject (the trigger's own instance would be a third).
        var runs = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var started = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { version = 1, @event = sample }, Cancel);
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
            var done = await Until((await started.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!, "Completed");
            Assert.Equal("Printer on fire", done.GetProperty("outputs").GetProperty("subject").GetString());
            Assert.Equal("ticket:61", done.GetProperty("outputs").GetProperty("about").GetString());
            Assert.Equal("ticket:61", done.GetProperty("businessKey").GetString());
            runs.Add(done.GetProperty("id").GetString()!);
        }

        Assert.NotEqual(runs[0], runs[1]);

        // An event of another type names what the workflow listens to; an input alone says to send an event; a typeless event is 400 at its path.
        using var other = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { @event = sample with { type = "salesforce.case.changed" } }, Cancel);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Contains("no connector-event trigger for 'salesforce.case.changed'; it listens to zendesk.ticket.created", await other.Content.ReadAsStringAsync(Cancel));
        using var byHand = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { } }, Cancel);
        Assert.Equal(HttpStatusCode.Conflict, byHand.StatusCode);
        Assert.Contains("start it with a sample event", await byHand.Content.ReadAsStringAsync(Cancel));
        using var typeless = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { @event = new { id = "evt-2", data = new { } } }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, typeless.StatusCode);
        Assert.Contains("$.event.type", await typeless.Content.ReadAsStringAsync(Cancel));
    }

    /// <summary>A trigger-to-end workflow, published, and two of its instances run to completion; its id.</summary>
    private async Task<string> CompletedTwiceAsync(string prefix)
    {
        var id = $"{prefix}-{Guid.NewGuid():N}"[..20];
        await Publish(new
        {
            id, name = "Counted",
            activities = new object[] { new { id = "start", type = "trigger.manual" }, new { id = "end", type = "flow.end" } },
            connections = new[] { new { from = "start", to = "end" } },
        }, id);
        for (var i = 0; i < 2; i++)
        {
            using var started = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { } }, Cancel);
            await Until((await started.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!, "Completed");
        }

        return id;
    }

    [Fact]
    public async Task Instances_are_counted_per_day_for_a_dashboard_over_a_time_range()
    {
        var id = await CompletedTwiceAsync("daily");

        var to = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1); // a day past today: a run across midnight UTC is still in range
        var from = to.AddDays(-29);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<JsonElement> days;
        // Counted after the step, without holding it up: wait for both completions.
        while ((days = (await Designer.GetFromJsonAsync<JsonElement>($"/v1/kpis/{id}/daily?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}", Cancel)).EnumerateArray().ToList())
               .Sum(d => d.GetProperty("completed").GetInt64()) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Two completions were not counted by day within 10 s: {string.Join(", ", days)}");
            await Task.Delay(100, Cancel);
        }

        Assert.Equal(30, days.Count);
        Assert.Equal(from.ToString("yyyy-MM-dd"), days[0].GetProperty("day").GetString());
        Assert.Equal(2, days.Sum(d => d.GetProperty("started").GetInt64()));
        Assert.Equal(0, days.Sum(d => d.GetProperty("failed").GetInt64()));
        Assert.All(days.Take(25), d => Assert.Equal(0, d.GetProperty("started").GetInt64())); // nothing ran weeks ago

        using var inverted = await Designer.GetAsync($"/v1/kpis/{id}/daily?from=2026-12-02&to=2026-12-01", Cancel);
        using var tooLong = await Designer.GetAsync($"/v1/kpis/{id}/daily?from=2020-01-01&to=2026-12-01", Cancel);
        using var unpublished = await Designer.GetAsync("/v1/kpis/no-such-workflow/daily", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, inverted.StatusCode);
        Assert.Contains("must be before 'to'", await inverted.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unpublished.StatusCode);
    }

    [Fact]
    public async Task The_kpis_are_of_a_range_of_days_when_one_is_asked_for_and_of_the_whole_life_otherwise()
    {
        var id = await CompletedTwiceAsync("range");

        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1); // a run across midnight UTC is still in range
        var week = $"/v1/kpis/{id}?from={tomorrow.AddDays(-7):yyyy-MM-dd}&to={tomorrow:yyyy-MM-dd}";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement recent;
        while ((recent = await Designer.GetFromJsonAsync<JsonElement>(week, Cancel)).GetProperty("completed").GetInt64() < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Two completions were not counted in the week's range within 10 s: {recent}");
            await Task.Delay(100, Cancel);
        }

        var earlier = await Designer.GetFromJsonAsync<JsonElement>($"/v1/kpis/{id}?from={tomorrow.AddDays(-60):yyyy-MM-dd}&to={tomorrow.AddDays(-30):yyyy-MM-dd}", Cancel);
        var whole = await Designer.GetFromJsonAsync<JsonElement>($"/v1/kpis/{id}", Cancel);

        Assert.Equal((2, 2), (recent.GetProperty("started").GetInt64(), recent.GetProperty("completed").GetInt64()));
        Assert.Equal(tomorrow.AddDays(-7).ToString("yyyy-MM-dd"), recent.GetProperty("from").GetString());
        Assert.True(recent.GetProperty("stepLatencyMs").GetProperty("samples").GetInt32() >= 2);
        Assert.Equal((0, 0), (earlier.GetProperty("started").GetInt64(), earlier.GetProperty("completed").GetInt64())); // nothing ran a month ago
        Assert.Equal(JsonValueKind.Null, earlier.GetProperty("stepLatencyMs").ValueKind);
        Assert.Equal(2, whole.GetProperty("started").GetInt64());
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("from").ValueKind);
        // A day's figures are kept for a year and a little more, then go by themselves.
        await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(service.Redis.ConnectionString))
        {
            // Today's, or yesterday's when the runs were just before midnight UTC.
            var db = redis.GetDatabase();
            var day = $"workflows:kpi:{id}:1:day:{DateTime.UtcNow:yyyy-MM-dd}";
            day = await db.KeyExistsAsync(day) ? day : $"workflows:kpi:{id}:1:day:{DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}";
            foreach (var key in new[] { day, $"{day}:steps" })
            {
                Assert.InRange((await db.KeyTimeToLiveAsync(key))?.TotalDays ?? 0, 399, 400);
            }
        }

        using var inverted = await Designer.GetAsync($"/v1/kpis/{id}?from=2026-12-02&to=2026-12-01", Cancel);
        using var tooLong = await Designer.GetAsync($"/v1/kpis/{id}?from=2020-01-01&to=2026-12-01", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, inverted.StatusCode);
        Assert.Contains("must be before 'to'", await inverted.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task An_unpublished_workflow_is_started_by_no_event_and_no_hand_until_it_is_published_again()
    {
        var id = $"retired-{Guid.NewGuid():N}"[..20];
        var type = $"test.retired.{Guid.NewGuid():N}";
        await Publish(new
        {
            id, name = "Retired",
            activities = new object[]
            {
                new { id = "on-event", type = "trigger.connectorEvent", inputs = new { eventType = type } },
                new { id = "start", type = "trigger.manual" },
                new { id = "end", type = "flow.end" },
            },
            connections = new[] { new { from = "on-event", to = "end" }, new { from = "start", to = "end" } },
        }, id);
        var connectors = service.CreateClient("connectors", Roles.Service);
        object Event() => new { id = Guid.NewGuid().ToString(), source = "test", type, subject = "thing:1", time = DateTimeOffset.UtcNow, data = new { } };

        using var unpublished = await Designer.PostAsync($"/v1/definitions/{id}/unpublish", null, Cancel);
        using var again = await Designer.PostAsync($"/v1/definitions/{id}/unpublish", null, Cancel);
        using var unknown = await Designer.PostAsync("/v1/definitions/no-such-workflow/unpublish", null, Cancel);
        using var reviewer = await service.CreateClient("rex", Roles.Reviewer).PostAsync($"/v1/definitions/{id}/unpublish", null, Cancel);
        var ignored = await (await connectors.PostAsJsonAsync("/v1/triggers/events", Event(), Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);
        using var byHand = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { } }, Cancel);

        Assert.Equal(HttpStatusCode.OK, unpublished.StatusCode);
        Assert.Equal(1, (await unpublished.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reviewer.StatusCode);
        Assert.Empty(ignored.GetProperty("started").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, byHand.StatusCode);
        Assert.Contains("has no published version", await byHand.Content.ReadAsStringAsync(Cancel));

        // Published again, the same event type starts it.
        using (var republished = await Designer.PostAsync($"/v1/definitions/{id}/versions/1/publish", null, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, republished.StatusCode);
        }

        var started = await (await connectors.PostAsJsonAsync("/v1/triggers/events", Event(), Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);
        await Until(Assert.Single(started.GetProperty("started").EnumerateArray()).GetString()!, "Completed");
    }

    [Fact]
    public async Task An_unknown_instance_is_404_and_only_designers_start_by_hand()
    {
        using var missing = await Designer.GetAsync("/v1/instances/nope", Cancel);
        using var reviewer = await service.CreateClient("rex", Roles.Reviewer).PostAsJsonAsync("/v1/workflows/zendesk-ticket-triage/instances", new { input = new { } }, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reviewer.StatusCode);
    }

    [Fact]
    public async Task A_schedule_starts_instances_on_its_cron()
    {
        var id = $"cron-{Guid.NewGuid():N}"[..20];
        await Publish(new
        {
            id, name = "Every second",
            activities = new object[]
            {
                new { id = "tick", type = "trigger.schedule", inputs = new { cron = "* * * * * *" } },
                new { id = "end", type = "flow.end", inputs = new { outputs = "({ firedAt: steps.tick.firedAt })" } },
            },
            connections = new[] { new { from = "tick", to = "end" } },
        }, id);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await Designer.GetFromJsonAsync<JsonElement>($"/v1/kpis/{id}", Cancel)).GetProperty("completed").GetInt32() < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "The schedule did not start two instances within 20 s.");
            await Task.Delay(200, Cancel);
        }
    }
}
