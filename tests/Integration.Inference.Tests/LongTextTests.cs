extern alias workflows;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Auth;
using workflows::Integration.Workflows.Activities;
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

        var outputs = await RunAsync(ActivityTypes.Classify, new JsonObject { ["model"] = "ticket-classifier", ["text"] = ticket });

        Assert.Equal("shipping", outputs["label"]!.GetValue<string>());
        var cut = outputs["guard"]!["cut"]!;
        Assert.Equal(200_011, cut["characters"]!.GetValue<int>());
        Assert.InRange(cut["kept"]!.GetValue<int>(), ServiceActivityExecutor.MaxModelText / 2, ServiceActivityExecutor.MaxModelText);
    }

    [Fact]
    public void A_text_within_the_limit_is_sent_whole_and_a_long_one_ends_at_a_word()
    {
        var (whole, none) = ServiceActivityExecutor.Cut("Where is my parcel?");
        var (cut, note) = ServiceActivityExecutor.Cut(string.Concat(Enumerable.Repeat("word ", 10_000)));

        Assert.Equal("Where is my parcel?", whole);
        Assert.Null(none);
        Assert.EndsWith("word…", cut);
        Assert.Equal(50_000, note!.Characters);
        Assert.True(cut.Length <= ServiceActivityExecutor.MaxModelText);
    }

    private async Task<JsonObject> RunAsync(string type, JsonObject inputs)
    {
        var inference = service.CreateDefaultClient(new ServedModelHandler());
        inference.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", InferenceFactory.IssueToken(service.SigningKey, "workflows", [Roles.Service], TimeSpan.FromHours(1)));
        var guards = governance.CreateClient();
        guards.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GovernanceInProcess.IssueToken(governance.SigningKey, "workflows", [Roles.Service], TimeSpan.FromHours(1)));
        var executor = new ServiceActivityExecutor(new GovernanceClient(guards), new InferenceClient(inference), new ConnectorClient(new HttpClient()));
        var state = new InstanceState { Id = "long-text", DefinitionId = "zendesk-ticket-triage", Version = 1 };

        var result = await executor.ExecuteAsync(new ActivityContext(state, new ActivityNode("step", type), ActivityCatalog.Find(type)!, inputs, "long-text:step:1", 1), Cancel);
        return result.Outputs;
    }
}
