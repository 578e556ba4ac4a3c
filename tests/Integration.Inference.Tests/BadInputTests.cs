using System.Net;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;

namespace Integration.Inference.Tests;

/// <summary>Bad requests get Ollama's {"error"} (or OpenAI's error object) with the right status, naming what is wrong.</summary>
public sealed class BadInputTests(InferenceFactory service) : IClassFixture<InferenceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Client => service.CreateClient("bob", Roles.Designer);

    [Fact]
    public async Task An_unknown_model_is_404_with_an_ollama_error()
    {
        var (response, body) = await Client.ChatAsync("gpt-17", "hello", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("model 'gpt-17' not found", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_unknown_model_on_the_openai_api_is_404_with_an_openai_error()
    {
        using var response = await Client.PostJsonAsync("/v1/chat/completions", """{"model":"gpt-17","messages":[{"role":"user","content":"hi"}]}""", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("model_not_found", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Malformed_json_is_400_naming_where_it_breaks()
    {
        using var response = await Client.PostJsonAsync("/api/chat", """{"model":"ticket-classifier","messages":[{"role":"user","content":42}]}""", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Contains("$.messages[0].content", body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_prompt_beyond_the_context_length_is_400_naming_the_limit()
    {
        var (response, body) = await Client.ChatAsync("tiny-context", string.Join(' ', Enumerable.Repeat("refund", 40)), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("context length of 16 tokens", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_invalid_json_schema_in_format_is_400()
    {
        using var response = await Client.PostJsonAsync("/api/chat",
            """{"model":"ticket-extractor","stream":false,"messages":[{"role":"user","content":"x"}],"format":{"type":"object","properties":{"a":{"type":17}}}}""", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Contains("$.format is not a valid JSON Schema", body.RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("""{"$ref":"#"}""")]
    [InlineData("""{"definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}},"$ref":"#/definitions/a"}""")]
    [InlineData("""{"type":"object","properties":{"next":{"$ref":"#/properties/next"}}}""")]
    public async Task A_schema_whose_references_loop_is_400_and_the_service_goes_on(string schema)
    {
        using var response = await Client.PostJsonAsync("/api/chat",
            $$"""{"model":"ticket-extractor","stream":false,"messages":[{"role":"user","content":"Order ORD-123456"}],"format":{{schema}}}""", Cancel);
        using var health = await Client.GetAsync("/health", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Contains("$.format", body.RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_schema_with_a_remote_reference_is_refused_without_fetching_it()
    {
        using var response = await Client.PostJsonAsync("/api/chat",
            """{"model":"ticket-extractor","stream":false,"messages":[{"role":"user","content":"x"}],"format":{"$ref":"http://127.0.0.1:9/schema.json"}}""", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_answer_that_misses_a_required_field_is_422_naming_the_field()
    {
        using var response = await Client.PostJsonAsync("/api/chat",
            """{"model":"ticket-extractor","stream":false,"messages":[{"role":"user","content":"no address here"}],"format":{"type":"object","properties":{"customer_email":{"type":"string"}},"required":["customer_email"]}}""", Cancel);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Contains("customer_email", body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_backend_that_is_down_is_503_naming_the_backend()
    {
        var (response, body) = await Client.ChatAsync("down-chat", "hello", Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("backend 'down'", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Free_form_chat_to_the_embedded_drafter_says_plainly_that_it_is_not_a_language_model()
    {
        var (response, body) = await Client.ChatAsync("reply-drafter", "Write me a poem about the sea.", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("not a free-text language model", body.GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Without_a_token_the_api_is_401()
    {
        using var response = await service.CreateClient().PostJsonAsync("/api/chat", """{"model":"ticket-classifier","messages":[]}""", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
