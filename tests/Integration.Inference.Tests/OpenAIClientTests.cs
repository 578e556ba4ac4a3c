using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Integration.Inference.Tests;

/// <summary>The OpenAI .NET client through Microsoft.Extensions.AI, unchanged, against the gateway's /v1 API.</summary>
public sealed class OpenAIClientTests(InferenceFactory service) : IClassFixture<InferenceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private OpenAIClient Client()
    {
        var http = service.CreateClient();
        var token = ServiceFactory<Program>.IssueToken(service.SigningKey, "olga", [Roles.Designer], TimeSpan.FromHours(1));
        return new OpenAIClient(new ApiKeyCredential(token), new OpenAIClientOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(http),
        });
    }

    [Fact]
    public async Task Chat_completion_answers_through_the_openai_client()
    {
        var chat = Client().GetChatClient("ticket-classifier").AsIChatClient();

        var response = await chat.GetResponseAsync("I cannot log in, the password reset email never arrives.", cancellationToken: Cancel);

        using var answer = JsonDocument.Parse(response.Text);
        Assert.Equal("account", answer.RootElement.GetProperty("label").GetString());
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.True(response.Usage?.InputTokenCount > 0);
        Assert.True(response.Usage?.OutputTokenCount > 0);
    }

    [Fact]
    public async Task Streamed_completion_arrives_as_server_sent_events_that_add_up_to_the_answer()
    {
        var chat = Client().GetChatClient("ticket-summarizer").AsIChatClient();
        var text = "The Orbit Smart Speaker does not connect to Wi-Fi after the firmware update. I restarted the router. It worked fine before. Please help.";
        var whole = await chat.GetResponseAsync(text, cancellationToken: Cancel);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync(text, cancellationToken: Cancel))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count(u => u.Text.Length > 0) > 3);
        Assert.Equal(whole.Text, string.Concat(updates.Select(u => u.Text)));
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
    }

    [Fact]
    public async Task Json_schema_response_format_is_honoured()
    {
        var chat = Client().GetChatClient("ticket-classifier").AsIChatClient();
        var schema = JsonDocument.Parse("""
            {"type":"object","properties":{"category":{"type":"string"},"confidence":{"type":"number","minimum":0,"maximum":1}},
             "required":["category","confidence"],"additionalProperties":false}
            """).RootElement;

        var response = await chat.GetResponseAsync("Where is my parcel? DHL tracking has not moved for a week.",
            new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "ticket_category") }, Cancel);

        using var answer = JsonDocument.Parse(response.Text);
        Assert.Equal("shipping", answer.RootElement.GetProperty("category").GetString());
        Assert.Equal(["category", "confidence"], answer.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Embeddings_come_back_through_the_openai_client()
    {
        var embedder = Client().GetEmbeddingClient("kb-embedder").AsIEmbeddingGenerator();

        var vectors = await embedder.GenerateAsync(["refund not received", "tracking not updated"], cancellationToken: Cancel);

        Assert.Equal(2, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(512, v.Vector.Length));
        Assert.True(vectors.Usage?.InputTokenCount > 0);
    }

    [Fact]
    public async Task Models_are_listed()
    {
        var models = new List<string>();
        foreach (var model in (await Client().GetOpenAIModelClient().GetModelsAsync(Cancel)).Value)
        {
            models.Add(model.Id);
        }

        Assert.Contains("reply-drafter", models);
        Assert.Contains("ticket-classifier", models);
    }
}
