using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Workflows.Activities;
using Integration.Workflows.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Integration.Workflows.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Integration.Workflows.Tests;

/// <summary>The interpreter's semantics with fake time and a scripted connector call in place of the connector service.</summary>
public sealed class FlowEngineTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));

    private static ActivityNode Node(string id, string type, object? inputs = null, RetryPolicy? retry = null) =>
        new(id, type, Inputs: inputs is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(inputs)), Retry: retry);

    private static WorkflowDefinition Flow(ActivityNode[] activities, params (string From, string To, string Outcome)[] connections)
    {
        var definition = new WorkflowDefinition("test", "Test", null, [], [], [], activities, connections.Select(c => new Connection(c.From, c.To, c.Outcome)).ToList());
        Assert.Empty(DefinitionValidator.Validate(definition, ActivityCatalog.Shipped)); // every flow here is one a designer could save
        return definition;
    }

    private InstanceState NewInstance(JsonObject? input = null) => new() { Id = "i-1", DefinitionId = "test", Version = 1, Input = input ?? [] };

    private async Task<InstanceState> Run(WorkflowDefinition definition, JsonObject? input = null, ScriptedConnector? connector = null)
    {
        var state = NewInstance(input);
        await Engine(definition, connector).StartAsync(state, "start", Cancel);
        return state;
    }

    /// <summary>The engine with the shipped activities, the connector call scripted (a later registration replaces the shipped one).</summary>
    private FlowEngine Engine(WorkflowDefinition definition, ScriptedConnector? connector = null) =>
        new(definition, new ActivityCatalog([.. ActivityRegistration.Shipped(), connector ?? new ScriptedConnector()]), new ServiceCollection().BuildServiceProvider(), _time);

    [Fact]
    public async Task A_decision_takes_the_branch_its_condition_chooses()
    {
        var definition = Flow(
            [Node("start", "trigger.manual"), Node("double", "flow.setVariable", new { variable = "x", value = "input.amount * 2" }),
             Node("big", "flow.decision", new { condition = "vars.x > 10" }),
             Node("yes", "flow.end", new { outputs = "({ size: 'big', x: vars.x })" }), Node("no", "flow.end", new { outputs = "({ size: 'small' })" })],
            ("start", "double", "done"), ("double", "big", "done"), ("big", "yes", "true"), ("big", "no", "false"));

        var large = await Run(definition, new JsonObject { ["amount"] = 7 });
        var small = await Run(definition, new JsonObject { ["amount"] = 2 });

        Assert.Equal(InstanceStatus.Completed, large.Status);
        Assert.Equal("big", large.Outputs!["size"]!.GetValue<string>());
        Assert.Equal(14, large.Outputs["x"]!.GetValue<int>());
        Assert.Equal("small", small.Outputs!["size"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_fork_runs_both_branches_and_the_join_goes_on_once()
    {
        var definition = Flow(
            [Node("start", "trigger.manual"), Node("fork", "flow.fork", new { branches = new[] { "left", "right" } }),
             Node("a", "flow.setVariable", new { variable = "a", value = "1" }), Node("b", "flow.setVariable", new { variable = "b", value = "2" }),
             Node("join", "flow.join"), Node("sum", "flow.setVariable", new { variable = "sum", value = "vars.a + vars.b" }), Node("end", "flow.end", new { outputs = "({ sum: vars.sum })" })],
            ("start", "fork", "done"), ("fork", "a", "left"), ("fork", "b", "right"), ("a", "join", "done"), ("b", "join", "done"), ("join", "sum", "done"), ("sum", "end", "done"));

        var state = await Run(definition);

        Assert.Equal(3, state.Outputs!["sum"]!.GetValue<int>());
        Assert.Single(state.Journal, e => e.ActivityId == "sum" && e.Event == JournalEvent.Completed);
    }

    [Fact]
    public async Task For_each_runs_its_branch_once_per_item()
    {
        var definition = Flow(
            [Node("start", "trigger.manual"), Node("zero", "flow.setVariable", new { variable = "sum", value = "0" }),
             Node("each", "flow.forEach", new { items = "input.amounts", variable = "amount" }),
             Node("add", "flow.setVariable", new { variable = "sum", value = "vars.sum + vars.amount" }), Node("end", "flow.end", new { outputs = "({ sum: vars.sum })" })],
            ("start", "zero", "done"), ("zero", "each", "done"), ("each", "add", "iterate"), ("add", "each", "done"), ("each", "end", "done"));

        var state = await Run(definition, new JsonObject { ["amounts"] = new JsonArray(5, 10, 20) });

        Assert.Equal(35, state.Outputs!["sum"]!.GetValue<int>());
        Assert.Equal(3, state.Journal.Count(e => e.ActivityId == "add" && e.Event == JournalEvent.Completed));
    }

    [Fact]
    public async Task A_failing_step_is_retried_with_backoff_and_the_same_idempotency_key()
    {
        var definition = Flow(
            [Node("start", "trigger.manual"), Node("post", "connector.call", new { operation = "zendesk.ticket.addComment", input = "({ ticketId: 1, body: 'hi' })" },
                new RetryPolicy(MaxAttempts: 3, InitialDelay: "PT2S", BackoffFactor: 2)), Node("end", "flow.end")],
            ("start", "post", "done"), ("post", "end", "done"));
        var connector = new ScriptedConnector { FailuresBeforeSuccess = 2 };
        var engine = Engine(definition, connector);
        var state = NewInstance();

        await engine.StartAsync(state, "start", Cancel);
        Assert.Equal(InstanceStatus.Waiting, state.Status);
        _time.Advance(TimeSpan.FromSeconds(1));
        await engine.ResumeDueAsync(state, _time.GetUtcNow(), Cancel);
        Assert.Single(connector.Calls); // not yet due
        _time.Advance(TimeSpan.FromSeconds(1));
        await engine.ResumeDueAsync(state, _time.GetUtcNow(), Cancel);
        Assert.Equal(2, connector.Calls.Count);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(4), state.Bookmarks.Single().DueAt); // 2 s, then 4 s
        _time.Advance(TimeSpan.FromSeconds(4));
        await engine.ResumeDueAsync(state, _time.GetUtcNow(), Cancel);

        Assert.Equal(InstanceStatus.Completed, state.Status);
        Assert.Equal([1, 2, 3], connector.Calls.Select(c => c.Attempt));
        Assert.Single(connector.Calls.Select(c => c.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task A_step_out_of_attempts_becomes_an_incident_that_resumes_after_a_fix()
    {
        var definition = Flow(
            [Node("start", "trigger.manual"), Node("post", "connector.call", new { operation = "salesforce.case.create" }, new RetryPolicy(MaxAttempts: 1)), Node("end", "flow.end")],
            ("start", "post", "done"), ("post", "end", "done"));
        var connector = new ScriptedConnector { FailuresBeforeSuccess = 1 };
        var engine = Engine(definition, connector);
        var state = NewInstance();

        await engine.StartAsync(state, "start", Cancel);
        Assert.Equal(InstanceStatus.Incident, state.Status);
        Assert.Contains("scripted failure", state.Error);

        await engine.RetryIncidentsAsync(state, Cancel);
        Assert.Equal(InstanceStatus.Completed, state.Status);
    }

    [Fact]
    public async Task A_failed_outcome_is_taken_when_the_definition_connects_one()
    {
        var definition = Flow(
            [Node("start", "trigger.manual"), Node("post", "connector.call", new { operation = "salesforce.case.create" }, new RetryPolicy(MaxAttempts: 1)),
             Node("ok", "flow.end", new { outputs = "({ ok: true })" }), Node("compensate", "flow.end", new { outputs = "({ ok: false, why: steps.post.error })" })],
            ("start", "post", "done"), ("post", "ok", "done"), ("post", "compensate", "failed"));

        var state = await Run(definition, connector: new ScriptedConnector { FailuresBeforeSuccess = 1 });

        Assert.False(state.Outputs!["ok"]!.GetValue<bool>());
        Assert.Contains("scripted failure", state.Outputs["why"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_approval_gate_waits_and_the_decision_resumes_with_the_reviewers_output()
    {
        var definition = Flow(
            [Node("start", "trigger.manual"), Node("review", "approval.gate", new { assignees = new[] { "role:reviewer" }, subject = "Reply to {{ input.customer }}", proposal = "({ text: 'Draft' })" }),
             Node("end", "flow.end", new { outputs = "({ sent: steps.review.output.text })" }), Node("stop", "flow.end", new { outputs = "({ sent: null })" })],
            ("start", "review", "done"), ("review", "end", "approved"), ("review", "stop", "rejected"));
        var engine = Engine(definition);
        var state = NewInstance(new JsonObject { ["customer"] = "Vera" });

        await engine.StartAsync(state, "start", Cancel);
        var gate = Assert.Single(state.Bookmarks);
        Assert.Equal(InstanceStatus.Waiting, state.Status);
        Assert.Equal("Reply to Vera", gate.Data!["subject"]!.GetValue<string>());

        await engine.ResumeAsync(state, gate.TokenId, "approved", new JsonObject { ["output"] = new JsonObject { ["text"] = "Edited by Rex" } }, Cancel);

        Assert.Equal(InstanceStatus.Completed, state.Status);
        Assert.Equal("Edited by Rex", state.Outputs!["sent"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_delay_waits_for_its_time()
    {
        var definition = Flow([Node("start", "trigger.manual"), Node("wait", "flow.delay", new { duration = "PT15M" }), Node("end", "flow.end")],
            ("start", "wait", "done"), ("wait", "end", "done"));
        var engine = Engine(definition);
        var state = NewInstance();

        await engine.StartAsync(state, "start", Cancel);
        _time.Advance(TimeSpan.FromMinutes(14));
        await engine.ResumeDueAsync(state, _time.GetUtcNow(), Cancel);
        Assert.Equal(InstanceStatus.Waiting, state.Status);
        _time.Advance(TimeSpan.FromMinutes(1));
        await engine.ResumeDueAsync(state, _time.GetUtcNow(), Cancel);

        Assert.Equal(InstanceStatus.Completed, state.Status);
    }

    [Fact]
    public async Task Expressions_are_sandboxed_a_runaway_one_makes_an_incident_and_dotnet_is_out_of_reach()
    {
        var runaway = Flow([Node("start", "trigger.manual"), Node("spin", "flow.setVariable", new { variable = "x", value = "(() => { while (true) {} })()" }), Node("end", "flow.end")],
            ("start", "spin", "done"), ("spin", "end", "done"));
        var clr = Flow([Node("start", "trigger.manual"), Node("peek", "flow.setVariable", new { variable = "x", value = "typeof System === 'undefined' && typeof importNamespace === 'undefined'" }), Node("end", "flow.end", new { outputs = "({ sealed: vars.x })" })],
            ("start", "peek", "done"), ("peek", "end", "done"));

        var spun = await Run(runaway);
        var peeked = await Run(clr);

        Assert.Equal(InstanceStatus.Incident, spun.Status);
        Assert.Contains("spin", spun.Error);
        Assert.True(peeked.Outputs!["sealed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Every_step_is_journaled_with_its_inputs_outputs_and_outcome()
    {
        var definition = Flow([Node("start", "trigger.manual"), Node("decide", "flow.decision", new { condition = "input.vip" }), Node("end", "flow.end")],
            ("start", "decide", "done"), ("decide", "end", "true"));

        var state = await Run(definition, new JsonObject { ["vip"] = true });

        var decided = state.Journal.Single(e => e.ActivityId == "decide" && e.Event == JournalEvent.Completed);
        Assert.Equal("true", decided.Outcome);
        Assert.True(state.Journal.Single(e => e.ActivityId == "decide" && e.Event == JournalEvent.Started).Inputs!["condition"]!.GetValue<bool>());
        Assert.Equal(state.Journal.Select(e => e.Sequence).Order(), state.Journal.Select(e => e.Sequence));
    }

    /// <summary>Stands in for connector.call: fails as often as scripted, then answers.</summary>
    private sealed class ScriptedConnector : IActivity
    {
        public ActivityDescriptor Descriptor { get; } = ActivityCatalog.Shipped.Find("connector.call")!;

        public int FailuresBeforeSuccess { get; init; }

        public List<StepContext> Calls { get; } = [];

        public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
        {
            Calls.Add(context);
            return Calls.Count <= FailuresBeforeSuccess
                ? throw new InvalidOperationException($"scripted failure {Calls.Count}")
                : Task.FromResult(StepResult.Done(new JsonObject { ["output"] = new JsonObject { ["ok"] = true } }));
        }
    }
}
