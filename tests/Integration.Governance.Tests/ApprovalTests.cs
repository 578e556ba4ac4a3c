using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Integration.Governance.Approvals;
using Integration.Governance.Audit;
using Integration.Governance.Policies;
using Integration.ServiceDefaults.Auth;

namespace Integration.Governance.Tests;

public sealed class ApprovalTests(GovernanceFactory governance) : IClassFixture<GovernanceFactory>
{
    private const string Rules = """
        appliesTo: {workflows: [triage]}
        approval:
          rules:
            - name: deny-injection
              when: findings.injection > 0
              decide: deny
            - name: large-refund
              when: category == 'refund' and amount > 500
              decide: human
              role: admin
            - name: confident-and-clean
              when: confidence >= 0.9 and findings.total == 0
              decide: auto-approve
          otherwise: {decide: human, role: reviewer}
        """;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void The_approval_section_reads_and_its_errors_have_paths()
    {
        var (document, _) = PolicyParser.Parse(Rules);
        var (_, errors) = PolicyParser.Parse("""
            appliesTo: {workflows: ['*']}
            approval:
              rules:
                - {name: a, when: "confidence >=", decide: auto-approve}
                - {name: a, when: "x == 1", decide: maybe}
                - {name: b, when: "x == 1", decide: auto-approve, role: reviewer}
                - {name: c, when: "x == 1", decide: human, role: root}
              otherwise: {decide: human, role: reviewer, color: red}
            """);

        Assert.Equal(["deny-injection", "large-refund", "confident-and-clean"], document!.Approval!.Rules.Select(r => r.Name));
        Assert.Equal(
            ["$.approval.otherwise.color", "$.approval.rules[0].when", "$.approval.rules[1].decide", "$.approval.rules[1].name",
             "$.approval.rules[2].role", "$.approval.rules[3].role"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("ends too early", errors["$.approval.rules[0].when"].Single());
    }

    [Theory]
    [InlineData("""{"confidence": 0.95, "findings": {"total": 0}}""", "auto-approve", null, "confident-and-clean")]
    [InlineData("""{"confidence": 0.99, "findings": {"total": 0, "injection": 1}}""", "deny", null, "deny-injection")]
    [InlineData("""{"confidence": 0.99, "category": "refund", "amount": 900, "findings": {"total": 0}}""", "human", "admin", "large-refund")]
    [InlineData("""{"confidence": 0.6, "findings": {"total": 2}}""", "human", "reviewer", "otherwise")]
    public async Task The_first_rule_that_holds_decides_and_is_named(string context, string decision, string? role, string rule)
    {
        await PublishAsync();
        using var workflows = governance.CreateClient("workflows", Roles.Service);

        var answer = await DecideAsync(workflows, "triage", context);

        Assert.Equal((decision, role, rule, "approvals@1"), (answer.Decision.WireName(), answer.Role, answer.Rule, answer.Policy));
    }

    [Fact]
    public async Task With_no_policy_a_reviewer_decides_and_the_decision_is_audited()
    {
        using var workflows = governance.CreateClient("workflows", Roles.Service);
        using var admin = governance.CreateClient("ada", Roles.Admin);

        var answer = await DecideAsync(workflows, "unpoliced", """{"confidence": 1.0}""");
        var audit = (await admin.GetStringAsync("/v1/audit/export", Cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(AuditChain.FromJson);

        Assert.Equal(("human", "reviewer", ApprovalEndpoints.NoPolicyRule, (string?)null), (answer.Decision.WireName(), answer.Role, answer.Rule, answer.Policy));
        Assert.Contains(audit, e => e.Event.Action == "approval.decide" && e.Event.Subject == "unpoliced" && e.Event.Rule == ApprovalEndpoints.NoPolicyRule);
    }

    [Fact]
    public async Task An_admin_may_try_the_guards_and_the_gate_with_a_case_of_their_own_and_the_audit_names_them_but_a_reviewer_may_not()
    {
        using var admin = governance.CreateClient("ada", Roles.Admin);
        using var reviewer = governance.CreateClient("rex", Roles.Reviewer);
        var input = new { workflow = "tried-by-hand", text = "Hi, this is Maria Lopez, call me on +1 415-555-0132.", model = "ticket-classifier" };
        var output = new { workflow = "tried-by-hand", text = "We will refund you today.", model = "ticket-classifier" };
        var gate = new { workflow = "tried-by-hand", context = new { confidence = 0.99 } };

        using var inputByAdmin = await admin.PostAsJsonAsync("/v1/guard/input", input, Cancel);
        using var outputByAdmin = await admin.PostAsJsonAsync("/v1/guard/output", output, Cancel);
        using var gateByAdmin = await admin.PostAsJsonAsync("/v1/approvals/decide", gate, Cancel);
        using var inputByReviewer = await reviewer.PostAsJsonAsync("/v1/guard/input", input, Cancel);
        using var gateByReviewer = await reviewer.PostAsJsonAsync("/v1/approvals/decide", gate, Cancel);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { inputByAdmin.StatusCode, outputByAdmin.StatusCode, gateByAdmin.StatusCode });
        Assert.Contains("<PERSON_1>", await inputByAdmin.Content.ReadAsStringAsync(Cancel));
        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], new[] { inputByReviewer.StatusCode, gateByReviewer.StatusCode });
        var audit = (await admin.GetStringAsync("/v1/audit/export", Cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(AuditChain.FromJson)
            .Where(e => e.Event.Subject == "tried-by-hand").ToList();
        Assert.Equal(["guard.input", "guard.output", "approval.decide"], audit.Select(e => e.Event.Action));
        Assert.All(audit, e => Assert.Equal("ada", e.Event.Actor));
    }

    [Fact]
    public async Task A_context_that_is_not_an_object_gets_400()
    {
        using var workflows = governance.CreateClient("workflows", Roles.Service);

        using var response = await workflows.PostAsync("/v1/approvals/decide",
            new StringContent("""{"workflow": "triage", "context": [1, 2]}""", Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task PublishAsync()
    {
        using var admin = governance.CreateClient("ada", Roles.Admin);
        if ((await admin.GetAsync("/v1/policies/approvals", Cancel)).StatusCode == HttpStatusCode.OK)
        {
            return;
        }

        (await admin.PutAsync("/v1/policies/approvals", new StringContent(Rules, Encoding.UTF8, "application/yaml"), Cancel)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/v1/policies/approvals/versions/1/publish", null, Cancel)).EnsureSuccessStatusCode();
    }

    private static async Task<ApprovalDecideResponse> DecideAsync(HttpClient client, string workflow, string context)
    {
        using var response = await client.PostAsync("/v1/approvals/decide",
            new StringContent($$"""{"workflow": "{{workflow}}", "context": {{context}}}""", Encoding.UTF8, "application/json"), Cancel);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ApprovalDecideResponse>(Cancel))!;
    }
}
