using Integration.Workflows.Activities;
using System.Text.Json;
using Integration.Workflows.Definitions;

namespace Integration.Workflows.Tests;

public sealed class DefinitionValidatorTests
{
    private static JsonElement Value(object value) => JsonSerializer.SerializeToElement(value);

    private static ActivityNode Node(string id, string type, object? inputs = null) =>
        new(id, type, Inputs: inputs is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(inputs)));

    private static WorkflowDefinition Definition(IReadOnlyList<ActivityNode> activities, IReadOnlyList<Connection> connections) =>
        new("sample", "Sample", null, [], [], [], activities, connections);

    private static readonly ActivityNode Start = Node("start", "trigger.manual");

    [Fact]
    public void The_shipped_flagship_is_valid()
    {
        var definition = JsonSerializer.Deserialize<WorkflowDefinition>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "zendesk-ticket-triage.json")), JsonSerializerOptions.Web)!;

        Assert.Empty(DefinitionValidator.Validate(definition, ActivityCatalog.Shipped));
    }

    [Fact]
    public void A_minimal_flow_is_valid()
    {
        var errors = DefinitionValidator.Validate(Definition([Start, Node("end", "flow.end")], [new("start", "end")]), ActivityCatalog.Shipped);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(3, "PT2S", 2.0, null)]
    [InlineData(1, "PT0S", 1.0, null)]
    [InlineData(0, "PT2S", 2.0, "maxAttempts")]
    [InlineData(21, "PT2S", 2.0, "maxAttempts")]
    [InlineData(3, "two seconds", 2.0, "initialDelay")]
    [InlineData(3, "-PT2S", 2.0, "initialDelay")]
    [InlineData(3, "P2D", 2.0, "initialDelay")]
    [InlineData(3, "PT2S", 0.5, "backoffFactor")]
    [InlineData(3, "PT2S", 11.0, "backoffFactor")]
    public void A_retry_policy_is_one_the_engine_can_follow(int attempts, string delay, double factor, string? wrong)
    {
        var classify = new ActivityNode("classify", "llm.classify", Inputs: new Dictionary<string, JsonElement> { ["model"] = Value("m"), ["text"] = Value("t") },
            Retry: new RetryPolicy(attempts, delay, factor));

        var errors = DefinitionValidator.Validate(Definition([Start, classify], [new("start", "classify")]), ActivityCatalog.Shipped);

        Assert.Equal(wrong is null ? [] : [$"$.activities[1].retry.{wrong}"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Every_error_is_reported_at_once_with_its_path()
    {
        var errors = DefinitionValidator.Validate(new WorkflowDefinition("Bad Id", "", null, [new("1x", "text")], [], [], [
            Start,
            Node("start", "flow.end"),
            Node("mystery", "llm.telepathy"),
            Node("classify", "llm.classify", new { text = "{{ ticket.subject " }),
            Node("decide", "flow.decision", new { condition = "label ==" }),
            Node("tick", "trigger.schedule", new { cron = "every monday" }),
            Node("orphan", "flow.end"),
        ], [
            new("start", "classify"),
            new("start", "classify"),
            new("classify", "nowhere"),
            new("classify", "decide", "maybe"),
        ]), ActivityCatalog.Shipped).ToDictionary(e => e.Path, e => e.Message);

        Assert.Contains("$.id", errors.Keys);
        Assert.Contains("$.name", errors.Keys);
        Assert.Contains("$.inputs[0].name", errors.Keys);
        Assert.Contains("$.inputs[0].type", errors.Keys);
        Assert.Contains("is used by another activity", errors["$.activities[1].id"]);
        Assert.Contains("'llm.telepathy' is not an activity type", errors["$.activities[2].type"]);
        Assert.Contains("needs 'model'", errors["$.activities[3].inputs.model"]);
        Assert.Contains("Liquid template does not parse", errors["$.activities[3].inputs.text"]);
        Assert.Contains("JavaScript expression does not parse", errors["$.activities[4].inputs.condition"]);
        Assert.Contains("cron expression does not parse", errors["$.activities[5].inputs.cron"]);
        Assert.Contains("is there twice", errors["$.connections[1]"]);
        Assert.Contains("No activity has the id 'nowhere'", errors["$.connections[2].to"]);
        Assert.Contains("has no outcome 'maybe'", errors["$.connections[3].outcome"]);
        Assert.Contains("cannot be reached", errors["$.activities[6]"]);
    }

    [Fact]
    public void A_literal_of_the_wrong_type_or_outside_its_choices_is_an_error_at_its_path()
    {
        var errors = DefinitionValidator.Validate(Definition([
            Start,
            Node("review", "approval.gate", new { assignees = "role:reviewer", mode = "majority", onSlaBreach = "escalate" }),
            Node("retrieve", "llm.retrieve", new { query = "{{ input.q }}", top = "five" }),
            Node("end", "flow.end"),
        ], [new("start", "review"), new("review", "retrieve", "approved"), new("retrieve", "end")]), ActivityCatalog.Shipped).ToDictionary(e => e.Path, e => e.Message);

        Assert.Equal("'assignees' is an array.", errors["$.activities[1].inputs.assignees"]);
        Assert.Equal("'mode' is one of first, all, quorum.", errors["$.activities[1].inputs.mode"]);
        Assert.Equal("'onSlaBreach' is one of remind, reassign, reject.", errors["$.activities[1].inputs.onSlaBreach"]);
        Assert.Equal("'top' is a number.", errors["$.activities[2].inputs.top"]);
    }

    [Fact]
    public void An_expression_nested_ten_thousand_deep_is_an_error_at_its_path_not_a_crash()
    {
        var deep = new string('(', 10_000) + "1" + new string(')', 10_000);
        var brackets = "[" + string.Concat(Enumerable.Repeat("[", 9_999)) + string.Concat(Enumerable.Repeat("]", 10_000));

        var errors = DefinitionValidator.Validate(Definition(
            [Start, Node("decide", "flow.decision", new { condition = deep }), Node("set", "flow.setVariable", new { variable = "x", value = brackets }), Node("end", "flow.end")],
            [new("start", "decide"), new("decide", "set", "true"), new("decide", "end", "false"), new("set", "end")]), ActivityCatalog.Shipped).ToDictionary(e => e.Path, e => e.Message);

        Assert.Contains("nested more than 64", errors["$.activities[1].inputs.condition"]);
        Assert.Contains("nested more than 64", errors["$.activities[2].inputs.value"]);
        Assert.Equal(10_000, DefinitionValidator.NestingDepth(deep));
        Assert.Equal(1, DefinitionValidator.NestingDepth("f('(((', \")))\", `[[[`)"));
    }

    [Fact]
    public void A_loop_without_a_waiting_activity_is_refused_and_one_through_a_gate_is_not()
    {
        var spinning = DefinitionValidator.Validate(Definition(
            [Start, Node("a", "flow.setVariable", new { variable = "x", value = "1" }), Node("b", "flow.setVariable", new { variable = "x", value = "2" })],
            [new("start", "a"), new("a", "b"), new("b", "a")]), ActivityCatalog.Shipped);
        var gated = DefinitionValidator.Validate(Definition(
            [Start, Node("draft", "flow.setVariable", new { variable = "x", value = "1" }), Node("review", "approval.gate", new { assignees = new[] { "role:reviewer" } }), Node("end", "flow.end")],
            [new("start", "draft"), new("draft", "review"), new("review", "draft", "changes-requested"), new("review", "end", "approved")]), ActivityCatalog.Shipped);

        Assert.Contains(spinning, e => e.Path == "$.connections[1]" && e.Message.Contains("no waiting activity"));
        Assert.Empty(gated);
    }

    [Fact]
    public void Switch_cases_and_fork_branches_become_outcomes()
    {
        var errors = DefinitionValidator.Validate(Definition(
            [Start, Node("route", "flow.switch", new { cases = new object[] { new { name = "billing", condition = "label == 'billing'" }, new { name = "other", condition = "true" } } }),
             Node("fork", "flow.fork", new { branches = new[] { "left", "right" } }), Node("join", "flow.join"), Node("end", "flow.end")],
            [new("start", "route"), new("route", "fork", "billing"), new("route", "end", "other"), new("route", "end", "default"),
             new("fork", "join", "left"), new("fork", "join", "right"), new("join", "end"), new("route", "end", "unknown")]), ActivityCatalog.Shipped);

        var error = Assert.Single(errors);
        Assert.Equal("$.connections[7].outcome", error.Path);
    }

    [Fact]
    public void A_workflow_needs_a_trigger_and_nothing_leads_into_one()
    {
        var errors = DefinitionValidator.Validate(Definition([Node("end", "flow.end")], []), ActivityCatalog.Shipped);
        var intoTrigger = DefinitionValidator.Validate(Definition([Start, Node("end", "flow.end")], [new("start", "end"), new("end", "start")]), ActivityCatalog.Shipped);

        Assert.Contains(errors, e => e.Path == "$.activities" && e.Message.Contains("starts with a trigger"));
        Assert.Contains(intoTrigger, e => e.Path == "$.connections[1].outcome" || e.Path == "$.connections[1].to");
    }
}
