using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Integration.Governance.Guards;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http;

namespace Integration.Governance.Tests;

public sealed class OutputGuardTests(GovernanceFactory governance) : IClassFixture<GovernanceFactory>
{
    private const string Ticket = "Ticket 8812 from <PERSON_1>: where is my order ORD-4411? Reach us at support@acme.example.";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private readonly HttpClient _workflows = governance.CreateClient("workflows", Roles.Service);

    private async Task<OutputGuardResponse> GuardAsync(object request)
    {
        using var response = await _workflows.PostAsJsonAsync("/v1/guard/output", request, Cancel);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<OutputGuardResponse>(Json, Cancel))!;
    }

    [Fact]
    public async Task An_answer_that_only_uses_its_sources_passes()
    {
        var result = await GuardAsync(new
        {
            workflow = "triage",
            text = "Dear <PERSON_1>, your order ORD-4411 left our warehouse today. Questions? support@acme.example",
            sources = new[] { Ticket },
        });

        Assert.Equal("pass", result.Decision.WireName());
        Assert.Empty(result.Findings);
    }

    [Fact]
    public async Task A_made_up_policy_number_and_leaked_personal_data_fail()
    {
        const string answer = "Your policy number PX-99812 covers this; we also emailed john.doe@example.com.";

        var result = await GuardAsync(new { workflow = "triage", text = answer, sources = new[] { Ticket } });

        Assert.Equal("fail", result.Decision.WireName());
        Assert.Equal(["unsupported-identifier", "pii-leak"], result.Findings.Select(f => f.Type));
        var identifier = result.Findings[0];
        Assert.Equal("PX-99812", answer.Substring(identifier.Start, identifier.Length));
        Assert.Equal(Severity.High, identifier.Severity);
    }

    [Fact]
    public async Task The_policy_bans_phrases_and_refund_promises_above_its_limit()
    {
        using var admin = governance.CreateClient("ada", Roles.Admin);
        const string policy = "appliesTo: {workflows: [refunds]}\noutput: {bannedPhrases: [legal advice], maxRefund: 100}";
        (await admin.PutAsync("/v1/policies/refunds", new StringContent(policy, Encoding.UTF8, "application/yaml"), Cancel)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/v1/policies/refunds/versions/1/publish", null, Cancel)).EnsureSuccessStatusCode();

        var over = await GuardAsync(new { workflow = "refunds", text = "This is not legal advice, but we will refund you $250 today.", sources = new[] { Ticket } });
        var within = await GuardAsync(new { workflow = "refunds", text = "We will refund you $50 today.", sources = new[] { Ticket } });

        Assert.Equal(("fail", "refunds@1"), (over.Decision.WireName(), over.Policy));
        Assert.Equal(["banned-phrase", "forbidden-commitment"], over.Findings.Select(f => f.Type));
        Assert.Contains("at most 100", over.Findings[1].Message);
        Assert.Equal("pass", within.Decision.WireName());
    }

    [Fact]
    public async Task Structured_output_must_fit_its_schema()
    {
        var schema = JsonNode.Parse("""{"type": "object", "required": ["category"], "properties": {"category": {"type": "string"}}}""");

        var missing = await GuardAsync(new { workflow = "triage", text = """{"confidence": 0.9}""", schema });
        var notJson = await GuardAsync(new { workflow = "triage", text = "category: billing", schema });
        var fits = await GuardAsync(new { workflow = "triage", text = """{"category": "billing"}""", schema });

        Assert.Equal("fail", missing.Decision.WireName());
        Assert.Contains("$.category", missing.Findings.Single().Message);
        Assert.Contains("not JSON", notJson.Findings.Single().Message);
        Assert.Equal("pass", fits.Decision.WireName());
    }

    [Fact]
    public async Task Too_long_is_a_medium_finding_that_does_not_fail_alone()
    {
        var result = await GuardAsync(new { workflow = "triage", text = "A long answer.", maxLength = 5 });

        Assert.Equal("pass", result.Decision.WireName());
        Assert.Equal(("too-long", Severity.Medium), (result.Findings.Single().Type, result.Findings.Single().Severity));
    }

    [Fact]
    public async Task A_schema_with_a_remote_reference_is_refused_and_never_fetched()
    {
        var schema = JsonNode.Parse("""{"type": "object", "properties": {"a": {"$ref": "http://127.0.0.1:9/evil.json"}}}""");

        using var response = await _workflows.PostAsJsonAsync("/v1/guard/output", new { workflow = "triage", text = "{}", schema }, Cancel);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["$.schema"], problem!.Errors.Keys);
    }

    [Theory]
    [InlineData("""{"$ref":"#"}""")]
    [InlineData("""{"definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}},"$ref":"#/definitions/a"}""")]
    public async Task A_schema_whose_references_loop_is_400_and_the_service_goes_on(string loop)
    {
        using var response = await _workflows.PostAsJsonAsync("/v1/guard/output", new { workflow = "triage", text = """{"category":"billing"}""", schema = JsonNode.Parse(loop) }, Cancel);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Cancel);
        using var health = await governance.CreateClient().GetAsync("/health", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("loop", Assert.Single(problem!.Errors["$.schema"]));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Missing_text_and_an_invalid_schema_get_400_with_paths()
    {
        using var response = await _workflows.PostAsJsonAsync("/v1/guard/output", new { workflow = "triage", schema = JsonNode.Parse("""{"properties": 5}""") }, Cancel);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["$.schema", "$.text"], problem!.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
