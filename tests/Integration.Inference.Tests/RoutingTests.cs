using System.Net;
using System.Net.Http.Json;
using Integration.ServiceDefaults.Auth;

namespace Integration.Inference.Tests;

/// <summary>A/B splits, fallbacks, upstream Ollama and OpenAI-compatible backends, caching and metering.</summary>
public sealed class RoutingTests(InferenceFactory service) : IClassFixture<InferenceFactory>
{
    private const string Ticket = "My refund has not arrived two weeks after I returned the Nimbus Headphones. Where is my money?";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Client => service.CreateClient("rita", Roles.Designer);

    [Fact]
    public async Task An_ab_split_keeps_each_routing_key_on_one_variant_and_uses_both()
    {
        var servedBy = new Dictionary<string, HashSet<string>>();
        foreach (var ticket in Enumerable.Range(1, 20).Select(i => $"ticket-{i}"))
        {
            for (var repeat = 0; repeat < 3; repeat++)
            {
                var (response, _) = await Client.ChatAsync("reply-drafter", Ticket, Cancel, routingKey: ticket);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                servedBy.TryAdd(ticket, []);
                servedBy[ticket].Add(response.Headers.GetValues("X-Inference-Model").Single());
            }
        }

        Assert.All(servedBy.Values, variants => Assert.Single(variants));
        Assert.Equal(["reply-drafter-concise", "reply-drafter-detailed"], servedBy.Values.SelectMany(v => v).Distinct().Order());
    }

    [Fact]
    public async Task Prompt_template_arms_send_each_routing_key_the_prompt_of_its_arm()
    {
        const string billing = "I was charged twice for my subscription this month, please refund the duplicate payment.";
        var labels = new Dictionary<string, HashSet<string>>();
        foreach (var key in Enumerable.Range(1, 16).Select(i => $"case-{i}"))
        {
            var (response, body) = await Client.ChatAsync("triage-experiment", billing, Cancel, routingKey: key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var arm = response.Headers.GetValues("X-Inference-Model").Single();
            labels.TryAdd(arm, []);
            labels[arm].Add(System.Text.Json.JsonDocument.Parse(body.GetProperty("message").GetProperty("content").GetString()!).RootElement.GetProperty("label").GetString()!);
        }

        // Both arms served; the plain prompt is read as billing, the hinted one as the parcel its template speaks of.
        Assert.Equal(["triage-hinted", "triage-plain"], labels.Keys.Order());
        Assert.Equal(["billing"], labels["triage-plain"]);
        Assert.Equal(["shipping"], labels["triage-hinted"]);
    }

    [Theory]
    [InlineData(null, null, "user: the text")]
    [InlineData("Be brief.", null, "system: Be brief. | user: the text")]
    [InlineData(null, "Ticket: {input} (end)", "user: Ticket: the text (end)")]
    [InlineData("Be brief.", "Ticket: {input}", "system: Be brief. | user: Ticket: the text")]
    public void A_models_system_prompt_and_template_wrap_the_last_user_message(string? system, string? template, string sent)
    {
        var parameters = new Dictionary<string, string>();
        if (system is not null) parameters["system"] = system;
        if (template is not null) parameters["template"] = template;
        var model = new Integration.Inference.Registry.ModelDefinition("m", "embedded", "m", Integration.Inference.Registry.ModelTask.Chat, "1", null, 100, 0, 0, [], [], parameters);

        var applied = Integration.Inference.Gateway.PromptTemplates.Apply(model, [new(Microsoft.Extensions.AI.ChatRole.User, "the text")]);

        Assert.Equal(sent, string.Join(" | ", applied.Select(m => $"{m.Role}: {m.Text}")));
    }

    [Fact]
    public async Task A_backend_that_is_down_falls_back_and_says_which_model_answered()
    {
        var (response, body) = await Client.ChatAsync("down-with-fallback", Ticket, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ticket-summarizer", response.Headers.GetValues("X-Inference-Model").Single());
        Assert.Equal("down-with-fallback", response.Headers.GetValues("X-Inference-Fallback-From").Single());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetProperty("content").GetString()));
    }

    [Fact]
    public async Task A_backend_that_hangs_is_cut_off_at_its_timeout_and_the_fallback_answers()
    {
        var (response, _) = await Client.ChatAsync("hung-with-fallback", Ticket, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ticket-summarizer", response.Headers.GetValues("X-Inference-Model").Single());
    }

    [Fact]
    public async Task An_upstream_ollama_backend_is_called_through_ollamasharp()
    {
        var (remote, remoteBody) = await Client.ChatAsync("remote-summarizer", Ticket + " I already wrote last week. Please check.", Cancel);
        var (local, localBody) = await Client.ChatAsync("ticket-summarizer", Ticket + " I already wrote last week. Please check.", Cancel);

        Assert.Equal(HttpStatusCode.OK, remote.StatusCode);
        Assert.Equal("upstream-ollama", remote.Headers.GetValues("X-Inference-Backend").Single());
        Assert.Equal(localBody.GetProperty("message").GetProperty("content").GetString(), remoteBody.GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task An_upstream_openai_compatible_backend_is_called_through_the_openai_client()
    {
        var (response, body) = await Client.ChatAsync("openai-summarizer", Ticket, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("upstream-openai", response.Headers.GetValues("X-Inference-Backend").Single());
        Assert.True(body.GetProperty("eval_count").GetInt32() > 0);
    }

    [Fact]
    public async Task Upstream_embeddings_pass_through()
    {
        using var response = await Client.PostJsonAsync("/api/embed", """{"model":"remote-embedder","input":["refund"]}""", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"embeddings\":[[", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task A_deterministic_request_is_answered_from_the_cache_the_second_time()
    {
        var ticket = $"Please cancel order ORD-{Random.Shared.Next(100000, 999999)}, I ordered the wrong lamp.";
        var (first, firstBody) = await Client.ChatAsync("ticket-classifier", ticket, Cancel, options: new { temperature = 0 });
        var (second, secondBody) = await Client.ChatAsync("ticket-classifier", ticket, Cancel, options: new { temperature = 0 });
        var (hot, _) = await Client.ChatAsync("ticket-classifier", ticket, Cancel, options: new { temperature = 0.7 });

        Assert.Equal("miss", first.Headers.GetValues("X-Inference-Cache").Single());
        Assert.Equal("hit", second.Headers.GetValues("X-Inference-Cache").Single());
        Assert.Equal("miss", hot.Headers.GetValues("X-Inference-Cache").Single());
        Assert.Equal(firstBody.GetProperty("message").GetProperty("content").GetString(), secondBody.GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Metering_counts_requests_and_tokens_per_model_and_caller()
    {
        var caller = service.CreateClient($"meter-{Guid.NewGuid():N}", Roles.Designer);
        await caller.ChatAsync("ticket-classifier", Ticket, Cancel);
        await caller.ChatAsync("ticket-classifier", Ticket, Cancel);
        await caller.ChatAsync("down-chat", Ticket, Cancel);
        var user = new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler().ReadJwtToken(caller.DefaultRequestHeaders.Authorization!.Parameter).Subject;

        var readings = await Eventually(async () =>
        {
            var all = await Client.GetFromJsonAsync<List<Reading>>("/v1/metering", Cancel);
            return all!.Where(r => r.Caller == user).ToList() is { Count: 2 } mine && mine.Sum(r => r.Requests) == 3 ? mine : null;
        });

        var classifier = readings.Single(r => r.Model == "ticket-classifier");
        Assert.Equal(2, classifier.Requests);
        Assert.True(classifier.TokensIn > 0 && classifier.TokensOut > 0);
        Assert.Equal(1, readings.Single(r => r.Model == "down-chat").Errors);
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(50, Cancel);
        }
    }

    private sealed record Reading(string Model, string Caller, long Requests, long Errors, long TokensIn, long TokensOut);
}
