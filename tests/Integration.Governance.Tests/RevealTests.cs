using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.Contracts.Governance;
using Integration.Governance.Audit;
using Integration.ServiceDefaults.Auth;

namespace Integration.Governance.Tests;

/// <summary>Who may see the value behind a placeholder: the workflow's policy decides (pii.reveal), and every ask is audited.</summary>
public sealed class RevealTests(GovernanceFactory governance) : IClassFixture<GovernanceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_policy_lets_reviewers_see_emails_and_nothing_else_and_every_ask_is_audited()
    {
        var workflow = $"reveal-{Guid.NewGuid():N}"[..20];
        using var admin = governance.CreateClient("ada", Roles.Admin);
        using var workflows = governance.CreateClient("workflows", Roles.Service);
        var unpublished = await AskAsync(workflows, workflow, "<EMAIL_1>", Roles.Reviewer);
        await PublishAsync(admin, workflow, $$"""
            appliesTo: {workflows: [{{workflow}}]}
            pii:
              recognizers:
                - { name: customer-number, pattern: "CUST-[0-9]{6}" }
              reveal:
                reviewer: [Email, customer-number]
                admin: ["*"]
            """);

        var email = await AskAsync(workflows, workflow, "<EMAIL_1>", Roles.Reviewer);
        var customer = await AskAsync(workflows, workflow, "<CUSTOMER_NUMBER_2>", Roles.Reviewer);
        var person = await AskAsync(workflows, workflow, "<PERSON_1>", Roles.Reviewer);
        var asAdmin = await AskAsync(workflows, workflow, "<PERSON_1>", Roles.Admin);

        Assert.False(unpublished.Allowed);
        Assert.Contains("No governance policy is in force", unpublished.Reason);
        Assert.Equal((true, "Email", "pii.reveal.reviewer"), (email.Allowed, email.Kind, email.Rule));
        Assert.Equal((true, "customer-number"), (customer.Allowed, customer.Kind));
        Assert.Equal((false, "PersonName"), (person.Allowed, person.Kind));
        Assert.Contains("does not let a reviewer see PersonName values", person.Reason);
        Assert.True(asAdmin.Allowed);
        var audited = (await admin.GetFromJsonAsync<AuditLogPage>($"/v1/audit/entries?actor=rita&action=pii.reveal&limit=200", Cancel))!.Items
            .Where(e => e.Event.Subject!.StartsWith(workflow, StringComparison.Ordinal)).ToList();
        Assert.Equal(["revealed", "refused", "revealed", "revealed", "refused"], audited.Select(e => e.Event.Decision)); // newest first: the admin, the person, the customer number, the email, the ask before the policy
        Assert.All(audited, e => Assert.Equal("workflows", e.Event.ReportedBy));
    }

    [Theory]
    [InlineData("""{"workflow":"w","actor":"rita","placeholder":"EMAIL_1"}""", "$.placeholder")]
    [InlineData("""{"workflow":"w","actor":"rita","placeholder":"<email_1>"}""", "$.placeholder")]
    [InlineData("""{"actor":"rita","placeholder":"<EMAIL_1>"}""", "$.workflow")]
    [InlineData("""{"workflow":"w","placeholder":"<EMAIL_1>"}""", "$.actor")]
    public async Task A_bad_ask_says_what_is_wrong(string body, string path)
    {
        using var workflows = governance.CreateClient("workflows", Roles.Service);

        using var response = await workflows.PostAsync(GovernanceRoutes.PiiReveal, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").TryGetProperty(path, out _));
    }

    [Fact]
    public async Task A_reveal_section_with_an_unknown_role_or_kind_is_refused_at_its_path()
    {
        using var admin = governance.CreateClient("ada", Roles.Admin);

        using var response = await admin.PutAsync("/v1/policies/bad-reveal", new StringContent("pii:\n  reveal:\n    auditor: [Email]\n    reviewer: [Emails]\n",
            System.Text.Encoding.UTF8, "application/yaml"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("$.pii.reveal.auditor", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("$.pii.reveal.reviewer", out _), errors.ToString());
    }

    private static async Task<RevealDecision> AskAsync(HttpClient workflows, string workflow, string placeholder, string role)
    {
        using var response = await workflows.PostAsJsonAsync(GovernanceRoutes.PiiReveal, new RevealRequest(workflow, placeholder, "rita", [role], $"{workflow}:task-1"), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RevealDecision>(Cancel))!;
    }

    private static async Task PublishAsync(HttpClient admin, string name, string yaml)
    {
        using var saved = await admin.PutAsync($"/v1/policies/{name}", new StringContent(yaml, System.Text.Encoding.UTF8, "application/yaml"), Cancel);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(Cancel));
        using var published = await admin.PostAsync($"/v1/policies/{name}/versions/1/publish", null, Cancel);
        published.EnsureSuccessStatusCode();
    }
}
