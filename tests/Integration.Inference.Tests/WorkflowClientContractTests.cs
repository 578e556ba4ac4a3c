extern alias workflows;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.Contracts.Inference;
using Integration.ServiceDefaults.Auth;
using workflows::Integration.Workflows.Services;

namespace Integration.Inference.Tests;

/// <summary>
/// The workflow service's typed client against this service's real endpoints: models through IChatClient (OllamaSharp)
/// over the Ollama API, with the served variant read back, and knowledge-base retrieval.
/// </summary>
public sealed class WorkflowClientContractTests(InferenceFactory service) : IClassFixture<InferenceFactory>
{
    private const string Ticket = "My refund has not arrived two weeks after I returned the Nimbus Headphones. Where is my money?";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private InferenceClient Client
    {
        get
        {
            var http = service.CreateDefaultClient(new ServedModelHandler());
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                InferenceFactory.IssueToken(service.SigningKey, "workflows", [Roles.Service], TimeSpan.FromHours(1)));
            return new InferenceClient(http);
        }
    }

    [Fact]
    public async Task A_model_step_gets_the_answer_its_tokens_and_the_variant_that_served_its_routing_key()
    {
        var served = new Dictionary<string, HashSet<string>>();
        foreach (var instance in Enumerable.Range(1, 12).Select(i => $"instance-{i}"))
        {
            for (var repeat = 0; repeat < 2; repeat++)
            {
                var answer = await Client.AskAsync("reply-drafter", Ticket, null, null, instance, Cancel);
                Assert.False(string.IsNullOrWhiteSpace(answer.Text));
                Assert.True(answer is { InputTokens: > 0, OutputTokens: > 0 }, $"tokens {answer.InputTokens}/{answer.OutputTokens}");
                served.TryAdd(instance, []);
                served[instance].Add(answer.ServedModel);
            }
        }

        Assert.All(served.Values, variants => Assert.Single(variants));
        Assert.Equal(["reply-drafter-concise", "reply-drafter-detailed"], served.Values.SelectMany(v => v).Distinct().Order());
    }

    [Fact]
    public async Task A_retraining_step_trains_once_per_key_and_reads_back_the_version_and_the_gates_checks()
    {
        var designer = service.CreateClient("dora", Roles.Designer);
        var before = (await designer.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/versions", Cancel)).GetProperty("versions").GetArrayLength();
        var request = new RetrainingRequest(["shipped", "feedback"], true, $"model-drift-review-{Guid.NewGuid():N}:retrain:1", "ada");

        var started = System.Diagnostics.Stopwatch.StartNew();
        var first = await Client.RetrainAsync("ticket-classifier", request, Cancel);
        TestContext.Current.TestOutputHelper?.WriteLine($"version {first.Version.Version} on {first.Version.Dataset} in {started.Elapsed.TotalSeconds:0.0} s, promoted {first.Promoted}: " +
            string.Join("; ", first.Gate!.Select(c => $"{c.Gate} {(c.Passed ? "passed" : "failed")}")));
        // The step retried (its process died after the run, before it recorded the answer): the same run's result, no second version.
        var again = await Client.RetrainAsync("ticket-classifier", request, Cancel);

        Assert.Equal(("ticket-classifier", before + 1), (first.Version.Model, first.Version.Version));
        Assert.StartsWith("shipped", first.Version.Dataset);
        Assert.Equal("ada (through workflows)", first.Version.TrainedBy);
        Assert.Equal("ada (through workflows)", (await designer.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/promotions", Cancel)).EnumerateArray()
            .Single(p => p.GetProperty("version").GetInt32() == first.Version.Version).GetProperty("by").GetString());
        Assert.NotEmpty(first.Gate!);
        Assert.Equal(first.Gate!.All(c => c.Passed), first.Promoted);
        Assert.Equal((first.Version, first.Promoted, first.Leakage), (again.Version, again.Promoted, again.Leakage));
        Assert.True(first.Gate!.SequenceEqual(again.Gate!), "the same checks");
        Assert.Equal(before + 1, (await designer.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/versions", Cancel)).GetProperty("versions").GetArrayLength());

        using var empty = await designer.PostAsJsonAsync("/v1/training/ticket-classifier/runs", new { datasets = new[] { "shipped" }, idempotencyKey = "" }, Cancel);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("$.idempotencyKey", await empty.Content.ReadAsStringAsync(Cancel));
        // A person trains as themselves: only a service names the person it trains for.
        using var posing = await designer.PostAsJsonAsync("/v1/training/ticket-classifier/runs", new { datasets = new[] { "shipped" }, requestedBy = "ada" }, Cancel);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, posing.StatusCode);
    }

    [Fact]
    public async Task A_classifier_answers_json_and_an_extractor_fills_the_steps_schema()
    {
        var classified = await Client.AskAsync("ticket-classifier", Ticket, null, null, "instance-c", Cancel);
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"order_number":{"type":"string"}}}""").RootElement;
        var extracted = await Client.AskAsync("ticket-extractor", "Order ORD-123456 never arrived.", schema, null, "instance-c", Cancel);

        Assert.Equal("ticket-classifier", classified.ServedModel);
        Assert.True(JsonDocument.Parse(classified.Text).RootElement.TryGetProperty("label", out _), classified.Text);
        Assert.Equal("ORD-123456", JsonDocument.Parse(extracted.Text).RootElement.GetProperty("order_number").GetString());
    }

    [Fact]
    public async Task An_unknown_model_is_an_error_that_names_it()
    {
        var refused = await Assert.ThrowsAsync<ServiceCallException>(() => Client.AskAsync("no-such-model", Ticket, null, null, "instance-x", Cancel));

        Assert.Contains("no-such-model", refused.Message);
    }

    [Fact]
    public async Task Retrieval_answers_passages_with_their_references()
    {
        var found = await Client.RetrieveAsync("support", new RetrieveRequest("how do I reset my password", 3), Cancel);

        Assert.Equal("kb://support/password-reset#0", found.Passages[0].Reference);
        Assert.InRange(found.Passages.Count, 1, 3);
    }
}
