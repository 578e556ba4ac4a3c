using System.Net;
using System.Net.Http.Json;
using System.Text;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http;

namespace Integration.Governance.Tests;

public sealed class RedactionEndpointTests(GovernanceFactory governance) : IClassFixture<GovernanceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private sealed record Entity(string Type, int Start, int Length, string Operator, string Replacement);
    private sealed record Response(string Text, List<Entity> Entities, Dictionary<string, string> Placeholders, Dictionary<string, int> Counts);

    [Fact]
    public async Task A_service_gets_the_redacted_text_and_the_mapping()
    {
        using var workflows = governance.CreateClient("workflows", Roles.Service);

        using var response = await workflows.PostAsJsonAsync("/v1/pii/redact", new
        {
            text = "Hi Maria, call +1 415-555-0132 or pay 4111 1111 1111 1111.",
            operators = new Dictionary<string, string> { ["CreditCard"] = "Mask" },
        }, Cancel);
        var body = await response.Content.ReadFromJsonAsync<Response>(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hi <PERSON_1>, call <PHONE_1> or pay ***************1111.", body!.Text);
        Assert.Equal("+1 415-555-0132", body.Placeholders["<PHONE_1>"]);
        Assert.Equal(["CreditCard", "PersonName", "Phone"], body.Counts.Keys.Order());
        Assert.Equal("Mask", body.Entities.Single(e => e.Type == "CreditCard").Operator);
    }

    [Fact]
    public async Task A_person_without_the_admin_role_is_refused()
    {
        using var designer = governance.CreateClient("dora", Roles.Designer);

        using var response = await designer.PostAsJsonAsync("/v1/pii/redact", new { text = "x" }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Missing_text_gets_400_with_its_path()
    {
        using var workflows = governance.CreateClient("workflows", Roles.Service);

        using var response = await workflows.PostAsJsonAsync("/v1/pii/redact", new { operators = new { } }, Cancel);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["$.text"], problem!.Errors.Keys);
    }

    [Fact]
    public async Task An_unknown_operator_gets_400_with_its_path()
    {
        using var workflows = governance.CreateClient("workflows", Roles.Service);
        using var content = new StringContent("""{"text":"x","operators":{"Email":"Shred"}}""", Encoding.UTF8, "application/json");

        using var response = await workflows.PostAsync("/v1/pii/redact", content, Cancel);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["$.operators.Email"], problem!.Errors.Keys);
    }

    [Fact]
    public async Task Text_over_the_limit_gets_413_naming_the_limit()
    {
        using var workflows = governance.CreateClient("workflows", Roles.Service);

        using var response = await workflows.PostAsJsonAsync("/v1/pii/redact", new { text = new string('a', 10_001) }, Cancel);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("the limit is 10000", problem!.Detail);
    }
}
