extern alias workflows;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Auth;
using Microsoft.Extensions.DependencyInjection;
using workflows::Integration.Workflows.Activities;
using workflows::Integration.Workflows.Activities.Models;
using workflows::Integration.Workflows.Definitions;
using workflows::Integration.Workflows.Runtime;
using workflows::Integration.Workflows.Services;

namespace Integration.Inference.Tests;

/// <summary>
/// A ticket far longer than a model takes (a mail thread pasted whole) is cut before the guard and the model see it, and
/// the step says so, instead of failing as an incident at the gateway's limit (issue 26: 200,011 characters).
/// </summary>
public sealed class LongTextTests(InferenceFactory service, GovernanceInProcess governance) : IClassFixture<InferenceFactory>, IClassFixture<GovernanceInProcess>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_ticket_of_200011_characters_is_classified_from_its_beginning_and_the_step_says_it_was_cut()
    {
        var ticket = "My parcel never arrived and the tracking has not moved for a week. " + string.Concat(Enumerable.Repeat("Forwarded message follows. ", 7400));
        ticket += new string('x', 200_011 - ticket.Length);

        var outputs = await RunAsync(new Classify(), new JsonObject { ["model"] = "ticket-classifier", ["text"] = ticket });

        Assert.Equal("shipping", outputs["label"]!.GetValue<string>());
        var cut = outputs["guard"]!["cut"]!;
        Assert.Equal(200_011, cut["characters"]!.GetValue<int>());
        Assert.InRange(cut["kept"]!.GetValue<int>(), ModelStep.MaxModelText / 2, ModelStep.MaxModelText);
    }

    [Fact]
    public void A_text_within_the_limit_is_sent_whole_and_a_long_one_ends_at_a_word()
    {
        var (whole, none) = ModelStep.Cut("Where is my parcel?");
        var (cut, note) = ModelStep.Cut(string.Concat(Enumerable.Repeat("word ", 10_000)));

        Assert.Equal("Where is my parcel?", whole);
        Assert.Null(none);
        Assert.EndsWith("word…", cut);
        Assert.Equal(50_000, note!.Characters);
        Assert.True(cut.Length <= ModelStep.MaxModelText);
    }

    private async Task<JsonObject> RunAsync(IActivity activity, JsonObject inputs)
    {
        var inference = service.CreateDefaultClient(new ServedModelHandler());
        inference.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", InferenceFactory.IssueToken(service.SigningKey, "workflows", [Roles.Service], TimeSpan.FromHours(1)));
        var guards = governance.CreateClient();
        guards.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GovernanceInProcess.IssueToken(governance.SigningKey, "workflows", [Roles.Service], TimeSpan.FromHours(1)));
        var services = new ServiceCollection().AddSingleton(new GovernanceClient(guards)).AddSingleton(new InferenceClient(inference)).BuildServiceProvider();
        var state = new InstanceState { Id = "long-text", DefinitionId = "zendesk-ticket-triage", Version = 1 };

        var result = (StepResult.Completed)await activity.RunAsync(
            new StepContext(state, new ActivityNode("step", activity.Descriptor.Type), inputs, "long-text:step:1", 1, services, TimeProvider.System), Cancel);
        return result.Outputs;
    }
}
