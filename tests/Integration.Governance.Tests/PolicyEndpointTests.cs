using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Integration.Governance.Audit;
using Integration.Governance.Policies;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http;

namespace Integration.Governance.Tests;

public sealed class PolicyEndpointTests(GovernanceFactory governance) : IClassFixture<GovernanceFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private readonly HttpClient _admin = governance.CreateClient("ada", Roles.Admin);

    private static string Policy(string workflow, string cardOperator) => $"""
        description: Cards in {workflow}
        appliesTo:
          workflows: [{workflow}]
        pii:
          operators:
            CreditCard: {cardOperator}
        """;

    private async Task<HttpResponseMessage> SaveAsync(string name, string source) =>
        await _admin.PutAsync($"/v1/policies/{name}", new StringContent(source, Encoding.UTF8, "application/yaml"), Cancel);

    private async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json, Cancel))!;

    [Fact]
    public async Task Draft_publish_change_diff_and_rollback()
    {
        var v1 = await ReadAsync<PolicyVersionView>(await SaveAsync("cards", Policy("billing", "Mask")));
        (await _admin.PostAsync("/v1/policies/cards/versions/1/publish", null, Cancel)).EnsureSuccessStatusCode();
        var v2 = await ReadAsync<PolicyVersionView>(await SaveAsync("cards", Policy("billing", "Drop")));
        var diff = await _admin.GetFromJsonAsync<PolicyDiff>("/v1/policies/cards/diff?from=1&to=2", Json, Cancel);
        using var rollback = await _admin.PostAsJsonAsync("/v1/policies/cards/rollback", new { version = 1 }, Cancel);
        var history = await _admin.GetFromJsonAsync<PolicyHistory>("/v1/policies/cards", Json, Cancel);

        Assert.Equal((1, PolicyVersionStatus.Draft), (v1.Version, v1.Status));
        Assert.Equal((2, PolicyVersionStatus.Draft), (v2.Version, v2.Status));
        Assert.Equal([('-', "    CreditCard: Mask"), ('+', "    CreditCard: Drop")], diff!.Lines.Where(l => l.Op != ' ').Select(l => (l.Op, l.Text)));
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(3, history!.PublishedVersion);
        Assert.Equal(
            [(1, PolicyVersionStatus.Retired, (int?)null), (2, PolicyVersionStatus.Draft, null), (3, PolicyVersionStatus.Published, 1)],
            history.Versions.Select(v => (v.Version, v.Status, v.RollbackOf)));
        Assert.Equal(v1.Source, history.Versions[2].Source);
    }

    [Fact]
    public async Task An_invalid_policy_gets_400_with_paths_and_is_not_saved()
    {
        using var response = await SaveAsync("broken", "appliesTo: {workflows: []}\npii: {operators: {Email: Shred}}");
        var problem = await ReadAsync<HttpValidationProblemDetails>(response);
        using var lookup = await _admin.GetAsync("/v1/policies/broken", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["$.appliesTo.workflows", "$.pii.operators.Email"], problem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task Only_admins_change_policies_and_services_read_them()
    {
        using var designer = governance.CreateClient("dora", Roles.Designer);
        using var service = governance.CreateClient("workflows", Roles.Service);
        (await SaveAsync("readable", Policy("reports", "Mask"))).EnsureSuccessStatusCode();

        using var put = await designer.PutAsync("/v1/policies/readable", new StringContent(Policy("reports", "Drop")), Cancel);
        using var publish = await service.PostAsync("/v1/policies/readable/versions/1/publish", null, Cancel);
        using var read = await service.GetAsync("/v1/policies/readable", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Unknown_policies_and_versions_get_404_and_bad_names_400()
    {
        using var unknown = await _admin.GetAsync("/v1/policies/nope", Cancel);
        using var publish = await _admin.PostAsync("/v1/policies/nope/versions/7/publish", null, Cancel);
        using var badName = await SaveAsync("Bad_Name", Policy("x", "Mask"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, publish.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
    }

    [Fact]
    public async Task The_published_policy_decides_redaction_for_its_workflow_and_is_audited()
    {
        var workflow = "triage-" + Guid.NewGuid().ToString("N")[..8];
        (await SaveAsync("triage-cards", Policy(workflow, "Mask"))).EnsureSuccessStatusCode();
        using var service = governance.CreateClient("workflows", Roles.Service);
        const string text = "Card 4111 1111 1111 1111, mail a@example.com";
        var beforePublishing = await RedactAsync(service, text, workflow);

        (await _admin.PostAsync("/v1/policies/triage-cards/versions/1/publish", null, Cancel)).EnsureSuccessStatusCode();
        var governed = await RedactAsync(service, text, workflow);
        var otherWorkflow = await RedactAsync(service, text, "onboarding");
        var audit = (await _admin.GetStringAsync("/v1/audit/export", Cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(AuditChain.FromJson);

        Assert.Equal("Card <CREDIT_CARD_1>, mail <EMAIL_1>", beforePublishing.Text);
        Assert.Equal("Card ***************1111, mail <EMAIL_1>", governed.Text);
        Assert.Equal("triage-cards@1", governed.Policy);
        Assert.Null(otherWorkflow.Policy);
        Assert.Contains(audit, e => e.Event.Action == "pii.redact" && e.Event.PolicyVersion == "triage-cards@1" && e.Event.Subject == workflow);
        Assert.Contains(audit, e => e.Event.Action == "policy.publish" && e.Event.Actor == "ada");
    }

    private sealed record Redacted(string Text, string? Policy);

    private static async Task<Redacted> RedactAsync(HttpClient client, string text, string workflow)
    {
        // The caller asks for placeholders everywhere; the policy overrules it where it speaks.
        using var response = await client.PostAsJsonAsync("/v1/pii/redact", new { text, workflow, operators = new { CreditCard = "Replace" } }, Cancel);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Redacted>(Cancel))!;
    }
}
