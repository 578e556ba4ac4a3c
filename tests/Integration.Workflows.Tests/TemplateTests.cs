using System.Text.Json.Nodes;
using Integration.Workflows.Definitions;
using Integration.Workflows.Runtime;

namespace Integration.Workflows.Tests;

/// <summary>Liquid (Fluid) over an instance's scope, as prompts, subjects and replies use it.</summary>
public sealed class TemplateTests
{
    private static readonly JsonObject Data = JsonNode.Parse("""
        {
          "event": { "data": { "id": 42, "subject": "Order never arrived", "tags": ["shipping", "urgent"] } },
          "steps": { "classify": { "label": "shipping", "confidence": 0.93 } },
          "vars": { "amount": 12.5, "count": 3, "vip": true }
        }
        """)!.AsObject();

    private static readonly Scope Scope = new([], Data["event"]!.AsObject(), Data["vars"]!.AsObject(), Data["steps"]!.AsObject());

    [Theory]
    [InlineData("Ticket {{ event.data.id }}: {{ event.data.subject }}", "Ticket 42: Order never arrived")]
    [InlineData("{{ steps.classify.label | upcase }} at {{ steps.classify.confidence }}", "SHIPPING at 0.93")]
    [InlineData("{% for tag in event.data.tags %}[{{ tag }}]{% endfor %}", "[shipping][urgent]")]
    [InlineData("{% if vars.vip %}VIP {% endif %}{{ vars.count | plus: 1 }} x {{ vars.amount }}", "VIP 4 x 12.5")]
    [InlineData("Hello {{ vars.nobody }}!", "Hello !")]
    public void A_template_renders_over_the_instance_scope(string template, string expected) =>
        Assert.Equal(expected, Templates.Render(template, Scope));

    [Fact]
    public void A_template_that_does_not_parse_is_refused_with_the_parsers_reason()
    {
        Assert.Throws<TemplateException>(() => Templates.Render("{% if vars.vip %}unclosed", Scope));
        Assert.StartsWith("The Liquid template does not parse: ", DefinitionValidator.TemplateProblem("{{ event.data.subject "));
        Assert.Null(DefinitionValidator.TemplateProblem("{{ event.data.subject }}"));
    }
}
