using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Integration.Workflows.Runtime;

public sealed class ActivityFailedException(string message) : Exception(message);

/// <summary>
/// Carries out model and connector steps through the other services' real APIs. Every model step sends its text
/// through the governance input guard first (the model sees placeholders, never the personal data), and text
/// answers through the output guard after. Placeholders are resolved only in what goes to a connector, toward a SaaS.
/// </summary>
public sealed class ServiceActivityExecutor(IHttpClientFactory http) : IActivityExecutor
{
    public const string Governance = "governance";
    public const string Inference = "inference";
    public const string Connectors = "connectors";

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inputs = context.Inputs;
        return context.Node.Type switch
        {
            "llm.classify" => await ClassifyAsync(context, cancellationToken),
            "llm.extract" => await ExtractAsync(context, cancellationToken),
            "llm.summarize" => await TextAsync(context, Text(inputs, "text"), "summary", null, cancellationToken),
            "llm.generate" => await TextAsync(context, Text(inputs, "prompt"), "text", inputs["temperature"]?.GetValue<double>(), cancellationToken),
            "llm.retrieve" => await RetrieveAsync(context, cancellationToken),
            "connector.call" => await ConnectorAsync(context, cancellationToken),
            _ => throw new ActivityFailedException($"No executor for activity type '{context.Node.Type}'."),
        };
    }

    private async Task<ActivityResult> ClassifyAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var model = Text(context.Inputs, "model");
        var (text, guard) = await GuardInputAsync(context, Text(context.Inputs, "text"), model, cancellationToken);
        var (answer, served, tokens) = await ChatAsync(context, model, text, null, null, cancellationToken);
        var result = JsonNode.Parse(answer)!.AsObject();
        return new ActivityResult(new JsonObject
        {
            ["label"] = result["label"]?.DeepClone(),
            ["confidence"] = result["confidence"]?.DeepClone(),
            ["scores"] = result["scores"]?.DeepClone(),
            ["model"] = served,
            ["tokens"] = tokens,
            ["guard"] = guard,
        });
    }

    private async Task<ActivityResult> ExtractAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var model = Text(context.Inputs, "model");
        var (text, guard) = await GuardInputAsync(context, Text(context.Inputs, "text"), model, cancellationToken);
        var (answer, served, tokens) = await ChatAsync(context, model, text, context.Inputs["schema"], null, cancellationToken);
        return new ActivityResult(new JsonObject { ["data"] = JsonNode.Parse(answer), ["model"] = served, ["tokens"] = tokens, ["guard"] = guard });
    }

    private async Task<ActivityResult> TextAsync(ActivityContext context, string source, string output, double? temperature, CancellationToken cancellationToken)
    {
        var model = Text(context.Inputs, "model");
        var (text, guard) = await GuardInputAsync(context, source, model, cancellationToken);
        var (answer, served, tokens) = await ChatAsync(context, model, text, null, temperature, cancellationToken);
        using var response = await Client(Governance).PostAsJsonAsync("/v1/guard/output",
            new { workflow = context.Instance.DefinitionId, text = answer, sources = new[] { text } }, cancellationToken);
        var verdict = await Read(response, "the output guard", cancellationToken);
        if (verdict["decision"]?.GetValue<string>() == "fail")
        {
            throw new ActivityFailedException($"The output guard refused the answer of {served}: " +
                string.Join("; ", verdict["findings"]!.AsArray().Select(f => f!["message"]?.GetValue<string>())));
        }

        return new ActivityResult(new JsonObject { [output] = answer, ["model"] = served, ["tokens"] = tokens, ["guard"] = guard });
    }

    private async Task<ActivityResult> RetrieveAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var collection = context.Inputs["collection"]?.GetValue<string>() ?? "support";
        var (query, guard) = await GuardInputAsync(context, Text(context.Inputs, "query"), "kb-embedder", cancellationToken);
        using var response = await Client(Inference).PostAsJsonAsync($"/v1/kb/collections/{collection}/retrieve",
            new { query, top = context.Inputs["top"]?.GetValue<int>() ?? 5 }, cancellationToken);
        var found = await Read(response, "knowledge-base retrieval", cancellationToken);
        return new ActivityResult(new JsonObject { ["passages"] = found["passages"]?.DeepClone(), ["guard"] = guard });
    }

    private async Task<ActivityResult> ConnectorAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        // Toward the SaaS the real values go back in; the key makes a retried or replayed step post once.
        var input = PlaceholderVault.Restore(context.Inputs["input"] ?? new JsonObject(), context.Instance.Placeholders);
        using var response = await Client(Connectors).PostAsJsonAsync($"/v1/operations/{Text(context.Inputs, "operation")}/invoke",
            new { connection = context.Inputs["connection"]?.GetValue<string>(), input, idempotencyKey = context.IdempotencyKey }, cancellationToken);
        var result = await Read(response, $"connector operation {Text(context.Inputs, "operation")}", cancellationToken);
        return new ActivityResult(new JsonObject { ["output"] = result["output"]?.DeepClone(), ["replayed"] = result["replayed"]?.DeepClone() });
    }

    private async Task<(string Text, JsonObject Guard)> GuardInputAsync(ActivityContext context, string text, string model, CancellationToken cancellationToken)
    {
        using var response = await Client(Governance).PostAsJsonAsync("/v1/guard/input",
            new { workflow = context.Instance.DefinitionId, text, model }, cancellationToken);
        var verdict = await Read(response, "the input guard", cancellationToken);
        var decision = verdict["decision"]!.GetValue<string>();
        if (decision == "deny")
        {
            throw new ActivityFailedException($"The input guard denied the text for {model}: {string.Join("; ", verdict["reasons"]!.AsArray().Select(r => r!.GetValue<string>()))}");
        }

        var placeholders = verdict["placeholders"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        var redacted = PlaceholderVault.Merge(context.Instance.Placeholders, verdict["text"]!.GetValue<string>(), placeholders);
        return (redacted, new JsonObject
        {
            ["decision"] = decision,
            ["dataClass"] = verdict["dataClass"]?.DeepClone(),
            ["redacted"] = placeholders.Count,
            ["policy"] = verdict["policy"]?.DeepClone(),
        });
    }

    private async Task<(string Answer, string Served, JsonObject Tokens)> ChatAsync(ActivityContext context, string model, string text, JsonNode? format, double? temperature,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat")
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["model"] = model,
                ["stream"] = false,
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
                ["format"] = format?.DeepClone(),
                ["options"] = temperature is null ? null : new JsonObject { ["temperature"] = temperature },
            }),
        };
        request.Headers.Add("X-Routing-Key", context.Instance.Id); // one instance stays on one A/B variant
        using var response = await Client(Inference).SendAsync(request, cancellationToken);
        var answer = await Read(response, $"model {model}", cancellationToken);
        var served = response.Headers.TryGetValues("X-Inference-Model", out var names) ? names.First() : model;
        var tokens = new JsonObject { ["in"] = answer["prompt_eval_count"]?.DeepClone() ?? 0, ["out"] = answer["eval_count"]?.DeepClone() ?? 0 };
        return (answer["message"]!["content"]!.GetValue<string>(), served, tokens);
    }

    private HttpClient Client(string service) => http.CreateClient(service);

    private static async Task<JsonObject> Read(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            string? detail = null;
            try
            {
                using var problem = JsonDocument.Parse(body);
                detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString()
                    : problem.RootElement.TryGetProperty("error", out var e) ? e.ToString() : null;
            }
            catch (JsonException)
            {
                // not JSON: the status says enough
            }

            throw new ActivityFailedException($"{what} answered {(int)response.StatusCode}{(detail is null ? "" : $": {detail}")}");
        }

        return JsonNode.Parse(body)!.AsObject();
    }

    private static string Text(JsonObject inputs, string name) =>
        inputs[name]?.GetValueKind() == JsonValueKind.String ? inputs[name]!.GetValue<string>() : inputs[name]?.ToJsonString() ?? "";
}
