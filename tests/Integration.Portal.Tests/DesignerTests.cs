using System.Text.Json.Nodes;
using Integration.Portal.Api;
using Integration.Portal.Designer;

namespace Integration.Portal.Tests;

/// <summary>What the designer's forms and lists make of values and of the service's answers, without a browser.</summary>
public sealed class DesignerTests
{
    private static ActivityInput Input(string type, InputKind kind = InputKind.Literal) => new("x", type, kind, false, "An input");

    [Theory]
    [InlineData("number", "3", "3")]
    [InlineData("number", "0.5", "0.5")]
    [InlineData("string", "ticket-classifier", "\"ticket-classifier\"")]
    [InlineData("array", "role:reviewer\n\n  user:rex  ", "[\"role:reviewer\",\"user:rex\"]")]
    [InlineData("boolean", "true", "true")]
    public void A_literal_is_typed_as_its_input_declares(string type, string text, string json)
    {
        var (value, error) = InputValues.FromText(Input(type), text, asJson: false);
        Assert.Null(error);
        Assert.Equal(json, value!.ToJsonString());
    }

    [Fact]
    public void Expressions_and_templates_stay_text_an_empty_box_removes_the_input_and_a_wrong_number_says_what_to_type()
    {
        Assert.Equal("steps.classify.label == 'billing'", InputValues.FromText(Input("expression", InputKind.Expression), "steps.classify.label == 'billing'", false).Value!.GetValue<string>());
        Assert.Equal("\"3\"", InputValues.FromText(Input("template", InputKind.Template), "3", false).Value!.ToJsonString());
        Assert.Equal((null, null), InputValues.FromText(Input("number"), "  ", false));
        Assert.Equal("A number, e.g. 3 or 0.5.", InputValues.FromText(Input("number"), "three", false).Error);
        Assert.StartsWith("This is not JSON yet", InputValues.FromText(Input("object"), "{ \"type\": ", true).Error);
    }

    [Fact]
    public void Objects_and_lists_of_objects_are_edited_as_JSON_and_read_back_unchanged()
    {
        var cases = JsonNode.Parse("""[{"name":"billing","condition":"label == 'billing'"}]""");
        Assert.True(InputValues.EditsAsJson(Input("array"), cases));
        Assert.False(InputValues.EditsAsJson(Input("array"), JsonNode.Parse("""["role:reviewer"]""")));
        Assert.True(InputValues.EditsAsJson(Input("object"), null));
        var text = InputValues.ToText(cases, asJson: true);
        Assert.True(JsonNode.DeepEquals(cases, InputValues.FromText(Input("array"), text, true).Value));
    }

    [Fact]
    public void An_extraction_schema_of_simple_fields_is_a_form_and_comes_back_the_same_while_anything_else_stays_JSON()
    {
        var flagship = JsonNode.Parse("""{"type":"object","properties":{"order_number":{"type":["string","null"]},"amount":{"type":"number"}},"required":["amount"]}""");
        var fields = SchemaFields.From(flagship);
        Assert.Equal([new SchemaField("order_number", "string", true, false), new SchemaField("amount", "number", false, true)], fields);
        Assert.True(JsonNode.DeepEquals(flagship, SchemaFields.To(fields!)));
        Assert.Empty(SchemaFields.From(null)!);
        Assert.Null(SchemaFields.From(JsonNode.Parse("""{"type":"object","properties":{"items":{"type":"array","items":{"type":"string"}}}}""")));
        Assert.Null(SchemaFields.From(JsonNode.Parse("""{"type":"object","properties":{"code":{"type":"string","pattern":"^[A-Z]+$"}}}""")));
        Assert.Equal("""{"type":"object","properties":{"name":{"type":"string"}}}""", SchemaFields.To([new("name", "string", false, false), new(" ", "number", false, true)]).ToJsonString());
    }

    [Fact]
    public void A_validation_error_is_placed_on_the_activity_or_connection_its_path_names()
    {
        var definition = JsonNode.Parse("""{"activities":[{"id":"start"},{"id":"classify"}],"connections":[{"from":"start","to":"nowhere"}]}""")!.AsObject();
        var errors = new Dictionary<string, string[]>
        {
            ["$.activities[1].inputs.model"] = ["Classify needs 'model'."],
            ["$.connections[0].to"] = ["There is no activity 'nowhere'."],
            ["$.name"] = ["The workflow needs a name."],
        };

        var located = ProblemLocations.Of(errors, definition);

        var model = Assert.Single(located, p => p.Activity == 1);
        Assert.Equal(("classify", ".inputs.model", "classify.inputs.model"), (model.ActivityId, model.Rest, model.Where));
        Assert.Equal(0, Assert.Single(located, p => p.Connection is not null).Connection);
        Assert.Equal("$.name", Assert.Single(located, p => p.Activity is null && p.Connection is null).Where);
        var canvas = JsonNode.Parse(ProblemLocations.CanvasJson(located))!;
        Assert.Equal("Classify needs 'model'.", canvas["activities"]!["1"]![0]!.GetValue<string>());
        Assert.NotNull(canvas["connections"]!["0"]);
    }

    [Fact]
    public void The_diff_between_two_versions_names_what_was_added_removed_changed_and_only_moved()
    {
        var before = JsonNode.Parse("""
            {"name":"Triage","activities":[
              {"id":"start","type":"trigger.manual","position":{"x":0,"y":0}},
              {"id":"classify","type":"llm.classify","inputs":{"model":"a","text":"{{ input.text }}"},"position":{"x":0,"y":100}},
              {"id":"old","type":"flow.end","position":{"x":0,"y":200}}],
             "connections":[{"from":"start","to":"classify","outcome":"done"},{"from":"classify","to":"old","outcome":"done"}]}
            """)!.AsObject();
        var after = JsonNode.Parse("""
            {"name":"Triage v2","activities":[
              {"id":"start","type":"trigger.manual","position":{"x":40,"y":0}},
              {"id":"classify","type":"llm.classify","inputs":{"model":"b","text":"{{ input.text }}"},"position":{"x":0,"y":100}},
              {"id":"done","type":"flow.end","position":{"x":0,"y":200}}],
             "connections":[{"from":"start","to":"classify","outcome":"done"},{"from":"classify","to":"done","outcome":"done"}]}
            """)!.AsObject();

        var changes = DefinitionDiff.Between(before, after).Select(c => $"{c.Kind} {c.What}: {c.Detail}").ToList();

        Assert.Equal(
        [
            "Changed workflow name: \"Triage\" → \"Triage v2\"",
            "Added activity done: flow.end",
            "Removed activity old: flow.end",
            "Changed activity classify: inputs.model",
            "Moved activity start: moved on the canvas",
            "Added connection: classify —done→ done",
            "Removed connection: classify —done→ old",
        ], changes.OrderBy(c => c.Contains("connection") ? 1 : 0).ThenBy(c => c.StartsWith("Moved", StringComparison.Ordinal) ? 1 : 0));
        Assert.Empty(DefinitionDiff.Between(after, (JsonObject)after.DeepClone()));

        // Drawn as one: the later version with what the earlier one lost, each marked.
        var (drawn, marks) = DefinitionDiff.Canvas(before, after);
        Assert.Equal(["start", "classify", "done", "old"], drawn["activities"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
        Assert.Equal(new Dictionary<string, string> { ["start"] = "moved", ["classify"] = "changed", ["done"] = "added", ["old"] = "removed" }, marks.Activities);
        Assert.Equal(new Dictionary<string, string> { ["classify>done>done"] = "added", ["classify>done>old"] = "removed" }, marks.Connections);
        Assert.Equal(3, drawn["connections"]!.AsArray().Count);
    }

    [Fact]
    public void An_instances_path_is_the_outcomes_its_steps_took_not_every_connection_out_of_a_step_that_ran()
    {
        JournalEntry Entry(int n, string id, JournalEvent @event, string? outcome) => new(n, DateTimeOffset.UnixEpoch, id, "x", @event, Outcome: outcome);
        var instance = new InstanceView("i", "w", 1, InstanceStatus.Waiting, [], null, [], [], null, null, [], [new Bookmark("t", "review", BookmarkKind.Approval, null, null)],
            new Dictionary<string, int>(), new Dictionary<string, int>(), new Dictionary<string, int>(),
        [
            Entry(1, "start", JournalEvent.Completed, "done"), Entry(2, "review", JournalEvent.Waiting, null),
            Entry(3, "review", JournalEvent.Resumed, "changes-requested"), Entry(4, "branches", JournalEvent.Completed, null),
            Entry(5, "draft", JournalEvent.Failed, null),
        ], 5, 0, null, DateTimeOffset.UnixEpoch, null);

        var path = InstanceFlowchart.PathOf(instance);

        Assert.Equal(["branches:*", "review:changes-requested", "start:done"], path.Taken);
        Assert.Equal(new Dictionary<string, string> { ["start"] = "completed", ["review"] = "active", ["branches"] = "completed", ["draft"] = "failed" }, path.States);
    }

    [Theory]
    [InlineData("({ ticketId: vars.ticketId, body: steps.review.output.text, public: true, status: 'pending' })", 4)]
    [InlineData("({ fields: { Subject: event.data.subject, Type: steps.review.output.category ?? steps.classify.label } })", 1)]
    [InlineData("({ filter: \"SalesOrder eq '\" + steps.extract.data.order_number.replace(/'/g, \"''\") + \"'\", top: 1 })", 2)]
    [InlineData("({ 'odd key': 1 })", 1)]
    public void A_connector_calls_input_is_read_as_fields_and_written_back_exactly(string expression, int count)
    {
        var fields = ObjectFields.From(expression);

        Assert.Equal(count, fields!.Count);
        Assert.Equal(expression, ObjectFields.To(fields));
    }

    [Theory]
    [InlineData("steps.build.output")]
    [InlineData("({ ...steps.draft, public: true })")]
    [InlineData("({ [name]: 1 })")]
    [InlineData("({ a: 1, a: 2 })")]
    [InlineData("({ a: ")]
    public void An_input_built_otherwise_stays_one_expression(string expression) => Assert.Null(ObjectFields.From(expression));

    [Fact]
    public void Fields_without_a_value_are_left_out_and_none_is_no_input()
    {
        Assert.Empty(ObjectFields.From(null)!);
        Assert.Equal("({ ticketId: 61, 'x-y': 'z' })", ObjectFields.To([new("ticketId", " 61 "), new("body", ""), new("x-y", "'z'")]));
        Assert.Null(ObjectFields.To([new("body", "  ")]));
    }
}
