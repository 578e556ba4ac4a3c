extern alias workflows;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.Connectors.Outbox;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;
using Microsoft.Extensions.DependencyInjection;
using workflows::Integration.Workflows.Instances;

namespace Integration.Connectors.Tests;

/// <summary>The workflow service on a real port, with its Orleans silo on free ports.</summary>
public sealed class WorkflowsOnPort : ServiceFactory<workflows::Program>
{
    protected override IReadOnlyDictionary<string, string?> Settings => SiloSettings.OnFreePorts();

    protected override bool OnRealPort => true;
}

/// <summary>The connector service delivering its events to a real workflow service (same signing key).</summary>
public sealed class ConnectorsAndWorkflows : IAsyncLifetime
{
    public WorkflowsOnPort Workflows { get; private set; } = null!;

    public Factory Connectors { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Workflows = new WorkflowsOnPort();
        await Workflows.InitializeAsync();
        Connectors = new Factory(Workflows.Url) { SigningKey = Workflows.SigningKey };
        await Connectors.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Connectors.DisposeAsync();
        await Workflows.DisposeAsync();
    }

    public sealed class Factory(string workflows) : ConnectorFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Connectors:PollInterval"] = "00:00:00",
            ["Connectors:EventsTarget"] = workflows,
        };
    }
}

/// <summary>
/// An event the workflow service refuses for good (here: one an earlier version kept, with no id) goes to the dead letters
/// with the refusal, and the events behind it go on: a ticket's event after it starts its workflow within seconds (issue 26:
/// one such event stopped every workflow from starting). Integrators see the dead letters, resubmit and discard them.
/// </summary>
public sealed class DeadLetterTests(ConnectorsAndWorkflows suite) : IClassFixture<ConnectorsAndWorkflows>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Workflow = "dead-letter-triage";

    [Fact]
    public async Task A_refused_event_is_dead_lettered_and_a_ticket_after_it_starts_its_workflow()
    {
        await PublishAsync();
        var outbox = suite.Connectors.Services.GetRequiredService<EventOutbox>();
        var poisoned = new TriggerEvent("", "zendesk:zendesk", "zendesk.ticket.created", "ticket:1", DateTimeOffset.UtcNow, null);
        var overlong = new TriggerEvent(Guid.NewGuid().ToString(), "zendesk:zendesk", "zendesk.ticket.created", new string('1', 2000), DateTimeOffset.UtcNow, null);
        await outbox.AddAsync(poisoned);
        await outbox.AddAsync(overlong);
        var good = new TriggerEvent(Guid.NewGuid().ToString(), "zendesk:zendesk", "zendesk.ticket.created", "ticket:777", DateTimeOffset.UtcNow, null);
        await outbox.AddAsync(good);

        var instance = await InstanceAsync(InstanceIds.Of(Workflow, good.Id));
        var ian = suite.Connectors.CreateClient("ian", Roles.Integrator);
        var dead = (await ian.GetFromJsonAsync<JsonElement>("/v1/events/dead-letters", Cancel)).EnumerateArray().ToList();

        Assert.Equal("ticket:777", instance.GetProperty("businessKey").GetString());
        Assert.Equal(["", overlong.Id], dead.Select(d => d.GetProperty("eventId").GetString()));
        Assert.All(dead, d => Assert.Equal(400, d.GetProperty("status").GetInt32()));
        Assert.Contains("$.id", dead[0].GetProperty("reason").GetString());
        Assert.Contains("$.subject", dead[1].GetProperty("reason").GetString());
        Assert.Equal(2, (await ian.GetFromJsonAsync<JsonElement>("/v1/events", Cancel)).GetProperty("deadLetters").GetInt32());

        // Discarded: gone. Resubmitted (still wrong): refused again, and back among the dead letters once more.
        using var discarded = await ian.DeleteAsync($"/v1/events/dead-letters/{dead[1].GetProperty("id").GetString()}", Cancel);
        using var again = await ian.DeleteAsync($"/v1/events/dead-letters/{dead[1].GetProperty("id").GetString()}", Cancel);
        using var resubmitted = await ian.PostAsync($"/v1/events/dead-letters/{dead[0].GetProperty("id").GetString()}/resubmit", null, Cancel);
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.OK), (discarded.StatusCode, again.StatusCode, resubmitted.StatusCode));
        await Until(async () => (await ian.GetFromJsonAsync<JsonElement>("/v1/events/dead-letters", Cancel)).EnumerateArray()
            .Select(d => d.GetProperty("id").GetString()).SingleOrDefault() is { } id && id != dead[0].GetProperty("id").GetString());
        using var byDesigner = await suite.Connectors.CreateClient("dora", Roles.Designer).GetAsync("/v1/events/dead-letters", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, byDesigner.StatusCode);
    }

    private async Task PublishAsync()
    {
        var designer = suite.Workflows.CreateClient("dora", Roles.Designer);
        using var saved = await designer.PutAsJsonAsync($"/v1/definitions/{Workflow}", new
        {
            id = Workflow, name = "Dead letter triage",
            activities = new object[] { new { id = "start", type = "trigger.connectorEvent", inputs = new { eventType = "zendesk.ticket.created" } }, new { id = "end", type = "flow.end" } },
            connections = new[] { new { from = "start", to = "end" } },
        }, Cancel);
        saved.EnsureSuccessStatusCode();
        var version = (await saved.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32();
        (await designer.PostAsync($"/v1/definitions/{Workflow}/versions/{version}/publish", null, Cancel)).EnsureSuccessStatusCode();
    }

    private async Task<JsonElement> InstanceAsync(string id)
    {
        var admin = suite.Workflows.CreateClient("ada", Roles.Admin);
        JsonElement found = default;
        await Until(async () =>
        {
            using var response = await admin.GetAsync($"/v1/instances/{id}", Cancel);
            return response.IsSuccessStatusCode && (found = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("status").GetString() == "Completed";
        });
        return found;
    }

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
