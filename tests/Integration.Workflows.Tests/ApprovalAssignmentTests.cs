extern alias governance;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;

namespace Integration.Workflows.Tests;

/// <summary>The governance service on a real port, with no policy in force until a test publishes one.</summary>
public sealed class GovernanceOnPort : ServiceFactory<governance::Program>
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Governance:PiiHashSalt"] = "test-salt-0123456789-0123456789-0123456789",
        ["Governance:PublishShippedPolicies"] = "false",
    };

    protected override bool OnRealPort => true;
}

/// <summary>The workflow service asking a real governance service (same signing key) whether a gate needs a person.</summary>
public sealed class GovernedWorkflows : IAsyncLifetime
{
    private GovernanceOnPort? _governance;
    private Factory? _workflows;

    public GovernanceOnPort Governance => _governance!;

    public WorkflowsFactory Workflows => _workflows!;

    public async ValueTask InitializeAsync()
    {
        _workflows = new Factory();
        _governance = new GovernanceOnPort { SigningKey = _workflows.SigningKey };
        await _governance.InitializeAsync();
        _workflows.GovernanceUrl = _governance.Url;
        await _workflows.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await (_workflows?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (_governance?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    private sealed class Factory : WorkflowsFactory
    {
        public string GovernanceUrl { get; set; } = "";

        protected override IReadOnlyDictionary<string, string?> Settings =>
            new Dictionary<string, string?>(base.Settings) { ["services:governance:http:0"] = GovernanceUrl };
    }
}

/// <summary>
/// Who may decide a gate's task is what its definition says: the governance rules decide whether a person must decide and
/// may escalate to the admins, never open a task to more people (issue 26: a reviewer decided an admin's task under the
/// default rule). Each refused person learns nothing of the task, and the inbox and the task agree.
/// </summary>
public sealed class ApprovalAssignmentTests(GovernedWorkflows suite) : IClassFixture<GovernedWorkflows>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Secret = "Refund for Vera Quist";

    public static TheoryData<string, string> PoliciesInForce => new()
    {
        { "none", "" },
        { "a human reviewer decides", "approval:\n  rules: []\n  otherwise: {decide: human, role: reviewer}\n" },
        { "a designer decides", "approval:\n  rules: []\n  otherwise: {decide: human, role: designer}\n" },
    };

    [Theory]
    [MemberData(nameof(PoliciesInForce))]
    public async Task A_reviewer_cannot_see_claim_decide_or_reveal_a_task_given_to_the_admins_or_to_one_person(string policy, string approval)
    {
        var admins = await OpenTaskAsync($"admins-{policy}", "role:admin", approval);
        var bobs = await OpenTaskAsync($"bob-{policy}", "bob", approval);
        var rex = suite.Workflows.CreateClient("rex", Roles.Reviewer);

        foreach (var task in new[] { admins, bobs })
        {
            Assert.DoesNotContain((await rex.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray(), t => t.GetProperty("id").GetString() == task);
            foreach (var (method, path, body) in Attempts(task))
            {
                using var response = await rex.SendAsync(new HttpRequestMessage(method, path) { Content = body }, Cancel);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} by a reviewer under '{policy}': {(int)response.StatusCode}");
                Assert.DoesNotContain("Vera", await response.Content.ReadAsStringAsync(Cancel));
            }
        }

        // The people the definition named do see and may decide theirs.
        var bob = suite.Workflows.CreateClient("bob", Roles.Reviewer);
        var ada = suite.Workflows.CreateClient("ada", Roles.Admin);
        Assert.Contains((await bob.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray(), t => t.GetProperty("id").GetString() == bobs);
        Assert.Contains((await ada.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray(), t => t.GetProperty("id").GetString() == admins);
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsJsonAsync($"/v1/approvals/{bobs}/decide", new { decision = "approve" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ada.PostAsJsonAsync($"/v1/approvals/{admins}/decide", new { decision = "approve" }, Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_rule_that_escalates_to_the_admins_takes_the_task_from_the_reviewers()
    {
        var task = await OpenTaskAsync("escalated", "role:reviewer", "approval:\n  rules:\n    - {name: large-refund, when: \"category == 'refund'\", decide: human, role: admin}\n  otherwise: {decide: human, role: reviewer}\n");
        var rex = suite.Workflows.CreateClient("rex", Roles.Reviewer);
        var ada = suite.Workflows.CreateClient("ada", Roles.Admin);

        Assert.DoesNotContain((await rex.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray(), t => t.GetProperty("id").GetString() == task);
        Assert.Equal(HttpStatusCode.Forbidden, (await rex.PostAsJsonAsync($"/v1/approvals/{task}/decide", new { decision = "approve" }, Cancel)).StatusCode);
        var seen = await ada.GetFromJsonAsync<JsonElement>($"/v1/approvals/{task}", Cancel);
        Assert.Equal(["role:admin"], seen.GetProperty("assignees").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("large-refund", seen.GetProperty("governance").GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.OK, (await ada.PostAsJsonAsync($"/v1/approvals/{task}/decide", new { decision = "approve" }, Cancel)).StatusCode);
    }

    [Theory]
    [InlineData("[]", "$.activities[1].inputs.assignees")]
    [InlineData("[\"role:root\"]", "$.activities[1].inputs.assignees[0]")]
    [InlineData("[\"bob\", 7]", "$.activities[1].inputs.assignees[1]")]
    [InlineData("[\"  \"]", "$.activities[1].inputs.assignees[0]")]
    public async Task A_gate_that_nobody_could_decide_is_refused_when_saved(string assignees, string path)
    {
        var designer = suite.Workflows.CreateClient("dora", Roles.Designer);
        var definition = $$$"""
            {"id":"unassigned","name":"Unassigned","activities":[{"id":"start","type":"trigger.manual"},
             {"id":"review","type":"approval.gate","inputs":{"assignees":{{{assignees}}}}},{"id":"end","type":"flow.end"}],
             "connections":[{"from":"start","to":"review"},{"from":"review","to":"end","outcome":"approved"}]}
            """;

        using var response = await designer.PutAsync("/v1/definitions/unassigned", new StringContent(definition, Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(path, await response.Content.ReadAsStringAsync(Cancel));
    }

    private static IEnumerable<(HttpMethod, string, HttpContent?)> Attempts(string task) =>
    [
        (HttpMethod.Get, $"/v1/approvals/{task}", null),
        (HttpMethod.Post, $"/v1/approvals/{task}/claim", null),
        (HttpMethod.Post, $"/v1/approvals/{task}/decide", JsonContent.Create(new { decision = "approve" })),
        (HttpMethod.Post, $"/v1/approvals/{task}/reveal", JsonContent.Create(new { placeholder = "<EMAIL_1>" })),
    ];

    /// <summary>Publishes a one-gate workflow for the assignee (and a policy for it, when given), starts it, and returns its task's id.</summary>
    private async Task<string> OpenTaskAsync(string name, string assignee, string approval)
    {
        var id = $"assign-{name.Replace(' ', '-')}-{Guid.NewGuid():N}"[..40].TrimEnd('-');
        if (approval.Length > 0)
        {
            var admin = suite.Governance.CreateClient("ada", Roles.Admin);
            (await admin.PutAsync($"/v1/policies/{id}", new StringContent($"appliesTo: {{workflows: [{id}]}}\n{approval}", Encoding.UTF8, "application/yaml"), Cancel)).EnsureSuccessStatusCode();
            (await admin.PostAsync($"/v1/policies/{id}/versions/1/publish", null, Cancel)).EnsureSuccessStatusCode();
        }

        await suite.Workflows.PublishAsync(new
        {
            id, name = id,
            activities = new object[]
            {
                new { id = "start", type = "trigger.manual" },
                new { id = "review", type = "approval.gate", inputs = new { assignees = new[] { assignee }, subject = $"{Secret} ({{{{ input.amount }}}})", proposal = "({ text: 'Refund', category: 'refund', amount: input.amount })" } },
                new { id = "end", type = "flow.end" },
            },
            connections = new[] { new { from = "start", to = "review", outcome = "done" }, new { from = "review", to = "end", outcome = "approved" } },
        }, id);
        var designer = suite.Workflows.CreateClient("dora", Roles.Designer);
        using var started = await designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { amount = 900 } }, Cancel);
        var instance = (await started.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
        var ada = suite.Workflows.CreateClient("ada", Roles.Admin);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var view = await ada.GetFromJsonAsync<JsonElement>($"/v1/instances/{instance}", Cancel);
            if (view.GetProperty("bookmarks").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } _ &&
                view.GetProperty("status").GetString() == "Waiting")
            {
                return $"{instance}:review:1";
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{id} did not reach its gate: {view}");
            await Task.Delay(100, Cancel);
        }
    }
}
