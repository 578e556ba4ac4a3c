extern alias workflows;
using System.Net;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;
using workflows::Integration.Workflows.Services;

namespace Integration.Governance.Tests;

/// <summary>The workflow service's typed client against this service's real endpoints: each crossing reads back as its contract.</summary>
public sealed class WorkflowClientContractTests(GovernanceFactory governance) : IClassFixture<GovernanceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private GovernanceClient Client => new(governance.CreateClient("workflows", Roles.Service));

    [Fact]
    public async Task The_input_guard_answers_the_redacted_text_and_what_its_placeholders_stand_for()
    {
        var allowed = await Client.GuardInputAsync(new InputGuardRequest("contract", "Hello, please write to vera.walsh@example.net.", "ticket-classifier"), Cancel);
        var denied = await Client.GuardInputAsync(new InputGuardRequest("contract", "My card is 4111 1111 1111 1111.", "ticket-classifier"), Cancel);

        Assert.Equal((GuardDecision.Allow, "confidential"), (allowed.Decision, allowed.DataClass));
        Assert.Equal("Hello, please write to <EMAIL_1>.", allowed.Text);
        Assert.Equal("vera.walsh@example.net", allowed.Placeholders["<EMAIL_1>"]);
        Assert.Equal(1, allowed.Counts[PiiType.Email]);
        Assert.Equal((GuardDecision.Deny, "restricted", (string?)null), (denied.Decision, denied.DataClass, denied.Text));
        Assert.NotEmpty(denied.Reasons);
    }

    [Fact]
    public async Task The_output_guard_fails_an_answer_with_personal_data_none_of_its_sources_has()
    {
        var leak = await Client.GuardOutputAsync(new OutputGuardRequest("contract", "Please write to someone.else@example.org.", ["The ticket."]), Cancel);
        var clean = await Client.GuardOutputAsync(new OutputGuardRequest("contract", "We are looking into it.", ["The ticket."]), Cancel);

        Assert.Equal(OutputDecision.Fail, leak.Decision);
        Assert.Equal(("pii-leak", Severity.High), (leak.Findings[0].Type, leak.Findings[0].Severity));
        Assert.Equal(OutputDecision.Pass, clean.Decision);
    }

    [Fact]
    public async Task The_approval_rules_answer_an_approval_gates_context()
    {
        var context = JsonSerializer.SerializeToElement(new ApprovalGateContext(0.97, "shipping", new GateFindings(0, 0, 0)), ServiceCalls.Json);

        var verdict = await Client.DecideApprovalAsync(new ApprovalDecideRequest("contract-without-policy", context), Cancel);

        Assert.Equal((ApprovalOutcome.Human, "reviewer"), (verdict.Decision, verdict.Role));
        Assert.Equal(Integration.Governance.Approvals.ApprovalEndpoints.NoPolicyRule, verdict.Rule);
    }

    [Fact]
    public async Task A_refused_request_is_an_error_that_says_what_is_wrong()
    {
        var refused = await Assert.ThrowsAsync<ServiceCallException>(() => Client.GuardInputAsync(new InputGuardRequest("contract", null, "ticket-classifier"), Cancel));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.StartsWith("the input guard answered 400", refused.Message);
    }
}
