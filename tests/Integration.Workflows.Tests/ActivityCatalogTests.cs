using Integration.Workflows.Activities;
using Integration.Workflows.Activities.Connectors;

namespace Integration.Workflows.Tests;

/// <summary>The catalog is what is registered: each activity class describes itself, and a type registered again replaces the earlier one.</summary>
public sealed class ActivityCatalogTests
{
    [Fact]
    public void Every_shipped_activity_describes_itself_from_its_class_and_its_inputs_record()
    {
        var catalog = ActivityCatalog.Shipped;
        var gate = catalog.Find("approval.gate")!;
        var retrieve = catalog.Find("llm.retrieve")!;

        Assert.Equal(22, catalog.All.Count);
        Assert.Equal(catalog.All.Count, catalog.All.Select(a => a.Type).Distinct().Count());
        Assert.Equal(["assignees", "mode", "quorum", "subject", "proposal", "outputSchema", "sla", "onSlaBreach"], gate.Inputs.Select(i => i.Name));
        Assert.Equal((true, "array"), (gate.Inputs[0].Required, gate.Inputs[0].Type));
        Assert.Equal(["first", "all", "quorum"], gate.Inputs[1].Choices);
        Assert.Equal("first", gate.Inputs[1].Default?.GetString());
        Assert.Equal((false, "template", InputKind.Template), (gate.Inputs[3].Required, gate.Inputs[3].Type, gate.Inputs[3].Kind));
        Assert.Equal(["approved", "rejected", "changes-requested"], gate.Outcomes);
        Assert.Equal([("collection", false, "\"support\""), ("query", true, null), ("top", false, "5")],
            retrieve.Inputs.Select(i => (i.Name, i.Required, i.Default?.GetRawText())));
        Assert.Equal(ActivityRunner.Services, retrieve.Runner);
        Assert.True(catalog.Find("flow.delay")!.Waits);
        Assert.True(catalog.Find("workflow.call")!.Waits);
    }

    [Fact]
    public void A_type_registered_again_replaces_the_shipped_one_in_its_place()
    {
        var catalog = new ActivityCatalog([.. ActivityRegistration.Shipped(), new CompanyConnectorCall()]);

        Assert.IsType<CompanyConnectorCall>(catalog.Activity("connector.call"));
        Assert.Equal(ActivityCatalog.Shipped.All.Select(a => a.Type), catalog.All.Select(a => a.Type));
    }

    private sealed class CompanyConnectorCall : IActivity
    {
        public ActivityDescriptor Descriptor { get; } = new ConnectorCall().Descriptor;

        public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult(StepResult.Done());
    }
}
