extern alias workflows;
extern alias governance;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;
using Microsoft.Extensions.DependencyInjection;
using workflows::Integration.Workflows.Activities;
using workflows::Integration.Workflows.Activities.Models;
using workflows::Integration.Workflows.Definitions;
using workflows::Integration.Workflows.Runtime;
using workflows::Integration.Workflows.Services;

namespace Integration.Inference.Tests;

/// <summary>The governance service in process, with no policy in force: what a workflow's model step asks before a model sees a text.</summary>
public sealed class GovernanceInProcess : ServiceFactory<governance::Program>
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Governance:PiiHashSalt"] = "test-salt-0123456789-0123456789-0123456789",
        ["Governance:PublishShippedPolicies"] = "false",
    };
}

/// <summary>
/// A workflow's classify step asked to compare the arms of an A/B split, run by the workflow service's executor against
/// this service and the governance service, both real: every arm labels the same redacted text, and the step says
/// whether they agree (the inbox puts disagreements first).
/// </summary>
public sealed class CompareArmsTests(InferenceFactory service, GovernanceInProcess governance) : IClassFixture<InferenceFactory>, IClassFixture<GovernanceInProcess>
{
    // The plain arm reads it as billing; the hinted arm's template speaks of a lost parcel (RoutingTests).
    private const string Billing = "I was charged twice for my subscription this month, please refund the duplicate payment.";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_arm_labels_the_case_and_the_step_says_they_disagree()
    {
        foreach (var instance in Enumerable.Range(1, 6).Select(i => $"arms-{i}"))
        {
            var outputs = await ClassifyAsync(instance, "triage-experiment", Billing);
            var arms = outputs["arms"]!.AsObject();

            Assert.Equal(["triage-hinted", "triage-plain"], arms.Select(a => a.Key).Order());
            Assert.Equal(("billing", "shipping"), (arms["triage-plain"]!.GetValue<string>(), arms["triage-hinted"]!.GetValue<string>()));
            Assert.Equal(arms[outputs["model"]!.GetValue<string>()]!.GetValue<string>(), outputs["label"]!.GetValue<string>()); // the serving arm's answer is the step's
            Assert.False(outputs["armsAgree"]!.GetValue<bool>());
        }
    }

    [Fact]
    public async Task A_model_that_is_no_split_has_no_arms_to_compare()
    {
        var outputs = await ClassifyAsync("single", "ticket-classifier", Billing);

        Assert.Equal("billing", outputs["label"]!.GetValue<string>());
        Assert.Null(outputs["arms"]);
        Assert.Null(outputs["armsAgree"]);
    }

    private async Task<JsonObject> ClassifyAsync(string instance, string model, string text)
    {
        var inference = service.CreateDefaultClient(new ServedModelHandler());
        inference.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", InferenceFactory.IssueToken(service.SigningKey, "workflows", [Roles.Service], TimeSpan.FromHours(1)));
        var guards = governance.CreateClient();
        guards.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GovernanceInProcess.IssueToken(governance.SigningKey, "workflows", [Roles.Service], TimeSpan.FromHours(1)));
        var services = new ServiceCollection()
            .AddSingleton(new GovernanceClient(guards)).AddSingleton(new InferenceClient(inference)).BuildServiceProvider();
        var inputs = new JsonObject { ["model"] = model, ["text"] = text, ["compareArms"] = true };
        var node = new ActivityNode("classify", Classify.TypeName);
        var state = new InstanceState { Id = instance, DefinitionId = "compare-arms", Version = 1 };

        var result = (StepResult.Completed)await new Classify().RunAsync(new StepContext(state, node, inputs, $"{instance}:classify:1", 1, services, TimeProvider.System), Cancel);
        return result.Outputs;
    }
}
