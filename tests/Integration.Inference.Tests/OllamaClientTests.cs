using System.Text.Json;
using Integration.ServiceDefaults.Auth;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OllamaSharp.Models;
using OllamaSharp.Models.Chat;

namespace Integration.Inference.Tests;

/// <summary>OllamaSharp, unchanged, against the gateway: chat, streaming, structured output, embeddings, model listing.</summary>
public sealed class OllamaClientTests(InferenceFactory service) : IClassFixture<InferenceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private OllamaApiClient Client(string model) => new(service.CreateClient("wendy", Roles.Designer), model);

    [Fact]
    public async Task Chat_client_classifies_a_ticket_with_a_label_and_a_probability_per_label()
    {
        IChatClient chat = Client("ticket-classifier");

        var response = await chat.GetResponseAsync("My credit card was billed twice for the same invoice. Please refund the duplicate charge.", cancellationToken: Cancel);

        using var answer = JsonDocument.Parse(response.Text);
        Assert.Equal("billing", answer.RootElement.GetProperty("label").GetString());
        var scores = answer.RootElement.GetProperty("scores").EnumerateObject().ToList();
        Assert.Equal(8, scores.Count);
        Assert.Equal(1.0, scores.Sum(s => s.Value.GetDouble()), 2);
        Assert.True(response.Usage?.InputTokenCount > 0);
    }

    [Fact]
    public async Task Streamed_chat_arrives_in_pieces_that_add_up_to_the_whole_answer_with_ollama_figures()
    {
        var client = Client("ticket-summarizer");
        var text = "My Nimbus Headphones keep disconnecting from Bluetooth every few minutes. I tried pairing again. The firmware is up to date. It started after the last update.";
        var whole = await ((IChatClient)client).GetResponseAsync(text, cancellationToken: Cancel);

        var pieces = new List<ChatResponseStream?>();
        await foreach (var piece in client.ChatAsync(new ChatRequest { Model = "ticket-summarizer", Messages = [new Message(OllamaSharp.Models.Chat.ChatRole.User, text)], Stream = true }, Cancel))
        {
            pieces.Add(piece);
        }

        Assert.True(pieces.Count > 3);
        Assert.Equal(whole.Text, string.Concat(pieces.Select(p => p!.Message.Content)));
        var last = Assert.IsType<ChatDoneResponseStream>(pieces[^1]);
        Assert.True(last.Done);
        Assert.Equal("stop", last.DoneReason);
        Assert.True(last.EvalCount > 0);
        Assert.True(last.PromptEvalCount > 0);
        Assert.True(last.TotalDuration > 0);
    }

    // Ollama still returns "context" from /api/generate (and clients validate it), though OllamaSharp marks it obsolete.
#pragma warning disable CS0618
    [Fact]
    public async Task Generate_answers_with_the_exchange_as_context_which_carries_the_conversation_on()
    {
        var client = Client("ticket-summarizer");
        var tokens = new Integration.Inference.Gateway.TokenCounter();
        const string prompt = "The desk lamp arrived with a cracked base. I would like a replacement.";

        var (answer, first) = await AnswerAsync(client.GenerateAsync(new GenerateRequest { Model = "ticket-summarizer", Prompt = prompt, Stream = true }, Cancel));
        var (_, second) = await AnswerAsync(client.GenerateAsync(new GenerateRequest { Model = "ticket-summarizer", Prompt = "The box was crushed too.", Context = first.Context, Stream = false }, Cancel));

        Assert.Equal($"{prompt}\n\n{answer}", tokens.Decode([.. first.Context!.Select(id => (int)id)]));
        Assert.StartsWith($"{prompt}\n\n{answer}\n\nThe box was crushed too.\n\n", tokens.Decode([.. second.Context!.Select(id => (int)id)]));

        using var bogus = await service.CreateClient("wendy", Roles.Designer).PostJsonAsync("/api/generate",
            """{"model":"ticket-summarizer","prompt":"Hello","stream":false,"context":[2000000000]}""", Cancel);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bogus.StatusCode);
        Assert.Contains("$.context", await bogus.Content.ReadAsStringAsync(Cancel));
    }
#pragma warning restore CS0618

    /// <summary>The answer's text, put together from its pieces, and the last piece.</summary>
    private static async Task<(string Text, GenerateDoneResponseStream Done)> AnswerAsync(IAsyncEnumerable<GenerateResponseStream?> stream)
    {
        var text = new System.Text.StringBuilder();
        GenerateResponseStream? last = null;
        await foreach (var piece in stream)
        {
            text.Append(piece?.Response);
            last = piece;
        }

        return (text.ToString(), Assert.IsType<GenerateDoneResponseStream>(last));
    }

    [Fact]
    public async Task Structured_output_fills_the_requested_schema()
    {
        IChatClient chat = Client("ticket-extractor");
        var schema = JsonDocument.Parse("""
            {"type":"object","properties":{
              "order_number":{"type":"string"},
              "customer_email":{"type":"string"},
              "amount":{"type":"object","properties":{"value":{"type":"number"},"currency":{"type":"string"}},"required":["value","currency"]},
              "products":{"type":"array","items":{"type":"string"}}},
             "required":["order_number","customer_email","amount"]}
            """).RootElement;

        var response = await chat.GetResponseAsync(
            "Order ORD-482913 for the Halo Air Purifier was billed EUR 249.99 twice. Write to me at ines.novak@example.org.",
            new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema) }, Cancel);

        using var answer = JsonDocument.Parse(response.Text);
        Assert.Equal("ORD-482913", answer.RootElement.GetProperty("order_number").GetString());
        Assert.Equal("ines.novak@example.org", answer.RootElement.GetProperty("customer_email").GetString());
        Assert.Equal(249.99m, answer.RootElement.GetProperty("amount").GetProperty("value").GetDecimal());
        Assert.Equal("EUR", answer.RootElement.GetProperty("amount").GetProperty("currency").GetString());
        Assert.Equal(["Halo Air Purifier"], answer.RootElement.GetProperty("products").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task An_answer_that_cannot_satisfy_the_schema_is_refused_not_returned()
    {
        IChatClient chat = Client("ticket-extractor");
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"customer_email":{"type":"string"}},"required":["customer_email"]}""").RootElement;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => chat.GetResponseAsync("There is no address in this ticket.",
            new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema) }, Cancel));

        Assert.Contains("422", error.Message); // OllamaSharp names the status; the body's text is checked in BadInputTests
    }

    [Fact]
    public async Task Embeddings_are_normalised_and_similar_texts_are_closer()
    {
        IEmbeddingGenerator<string, Embedding<float>> embedder = Client("kb-embedder");

        var vectors = await embedder.GenerateAsync(["my refund has not arrived", "where is the refund for my return", "the app crashes on android"], cancellationToken: Cancel);

        Assert.All(vectors, v => Assert.Equal(512, v.Vector.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, Math.Sqrt(v.Vector.ToArray().Sum(x => x * x)), 3));
        Assert.True(Cosine(vectors[0], vectors[1]) > Cosine(vectors[0], vectors[2]));
    }

    [Fact]
    public async Task Models_are_listed_shown_and_reported_running_with_their_backends()
    {
        var client = Client("ticket-classifier");

        var models = (await client.ListLocalModelsAsync(Cancel)).Select(m => m.Name).ToList();
        var shown = await client.ShowModelAsync(new ShowModelRequest { Model = "reply-drafter-concise" }, Cancel);
        var running = await client.ListRunningModelsAsync(Cancel);
        var version = await client.GetVersionAsync(Cancel);

        Assert.Contains("ticket-classifier:latest", models);
        Assert.Contains("kb-embedder:latest", models);
        Assert.Contains("not a free-text language model", shown.Info.ExtraInfo!["general.description"]!.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(running, m => m.Name == "ticket-classifier:latest");
        Assert.NotNull(version);
    }

    private static double Cosine(Embedding<float> a, Embedding<float> b) =>
        a.Vector.ToArray().Zip(b.Vector.ToArray()).Sum(p => p.First * p.Second);
}
