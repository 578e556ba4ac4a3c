using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Integration.Workflows.Tests;

/// <summary>The workflow service with a call depth limit small enough to reach in a test.</summary>
public sealed class ShallowCallsFactory : WorkflowsFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { ["Workflows:Calls:MaxDepth"] = "3" };
}

/// <summary>
/// Sub-workflows (workflow.call): the parent waits for its child like any wait, takes its outputs (or its failure as the
/// failed outcome), cancels it when cancelled, and links to it and back; calls that would nest too deep are refused.
/// </summary>
public sealed class CallWorkflowTests(ShallowCallsFactory service) : IClassFixture<ShallowCallsFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Designer => service.CreateClient("dora", Roles.Designer);

    [Fact]
    public async Task The_parent_waits_for_its_child_and_takes_its_outputs()
    {
        var child = await PublishChildAsync("gated");
        var parent = await PublishParentAsync(child);

        var started = await StartAsync(parent, new { customer = "Vera" });
        var waiting = await InstanceAsync(started, "Waiting");
        var call = waiting.GetProperty("bookmarks")[0];
        Assert.Equal("child", call.GetProperty("kind").GetString());
        var childId = call.GetProperty("data").GetProperty("instanceId").GetString()!;
        var childView = await InstanceAsync(childId, "Waiting");
        Assert.Equal((started, "call"), (childView.GetProperty("parent").GetProperty("instanceId").GetString(), childView.GetProperty("parent").GetProperty("activityId").GetString()));
        Assert.Equal("Vera", childView.GetProperty("input").GetProperty("customer").GetString());

        await DecideAsync(childId, "approve");

        var done = await InstanceAsync(started, "Completed");
        Assert.Equal("Hello Vera", done.GetProperty("outputs").GetProperty("greeting").GetString());
        Assert.Equal(childId, done.GetProperty("steps").GetProperty("call").GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task A_child_that_ends_at_once_gives_its_outputs_without_a_wait()
    {
        var parent = await PublishParentAsync(await PublishChildAsync("plain"));

        var done = await InstanceAsync(await StartAsync(parent, new { customer = "Ada" }), "Completed");

        Assert.Equal("Hello Ada", done.GetProperty("outputs").GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task A_child_that_fails_is_the_failed_outcome_of_the_call()
    {
        var parent = await PublishParentAsync(await PublishChildAsync("failing"));

        var done = await InstanceAsync(await StartAsync(parent, new { customer = "Bo" }), "Completed");

        Assert.Equal("failed", done.GetProperty("outputs").GetProperty("greeting").GetString());
        Assert.Contains("No greeting for Bo", done.GetProperty("outputs").GetProperty("why").GetString());
    }

    [Fact]
    public async Task Cancelling_the_parent_cancels_the_child()
    {
        var parent = await PublishParentAsync(await PublishChildAsync("gated"));
        var started = await StartAsync(parent, new { customer = "Cy" });
        var childId = (await InstanceAsync(started, "Waiting")).GetProperty("bookmarks")[0].GetProperty("data").GetProperty("instanceId").GetString()!;

        using var cancelled = await Designer.PostAsync($"/v1/instances/{started}/cancel", null, Cancel);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var child = await InstanceAsync(childId, "Cancelled");
        Assert.Contains(started, child.GetProperty("error").GetString());
        Assert.Equal("Cancelled", InstanceStatus(await InstanceAsync(started, "Cancelled")));
    }

    [Fact]
    public async Task A_workflow_that_calls_itself_is_refused_when_saved()
    {
        var id = Id("self");
        using var saved = await Designer.PutAsJsonAsync($"/v1/definitions/{id}", Definition(id, [Node("call", "workflow.call", new { workflow = id })], ("start", "call", "done"), ("call", "end", "done")), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, saved.StatusCode);
        Assert.Contains("$.activities[1].inputs.workflow", await saved.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Calls_that_nest_past_the_limit_are_refused_when_they_run()
    {
        // a calls b, b calls a: each call one deeper, until the limit (3) refuses the step, which takes its failed outcome.
        var (a, b) = (Id("ping"), Id("pong"));
        foreach (var (id, other) in new[] { (a, b), (b, a) })
        {
            await service.PublishAsync(Definition(id, [Node("call", "workflow.call", new { workflow = other, input = "({ depth: (input.depth || 0) + 1 })" }),
                Node("refused", "flow.end", new { outputs = "({ refusedAt: input.depth || 0, why: steps.call.error })" })],
                ("start", "call", "done"), ("call", "end", "done"), ("call", "refused", "failed")), id);
        }

        var done = await InstanceAsync(await StartAsync(a, new { }), "Completed");

        // The chain unwound: the instance three calls deep refused its call (a fourth level), took its failed outcome, and
        // each parent took its child's outputs, down to the first.
        Assert.Contains("nest workflows 4 deep; at most 3", JsonSerializer.Serialize(done.GetProperty("outputs")));
    }

    private static string InstanceStatus(JsonElement instance) => instance.GetProperty("status").GetString()!;

    private static string Id(string name) => $"call-{name}-{Guid.NewGuid():N}"[..28];

    private static object Node(string id, string type, object? inputs = null) => new { id, type, inputs };

    private static object Definition(string id, object[] steps, params (string From, string To, string Outcome)[] connections) => new
    {
        id, name = id,
        activities = new[] { Node("start", "trigger.manual") }.Concat(steps).Append(Node("end", "flow.end", new { outputs = "({ greeting: steps.call ? steps.call.outputs.greeting : null, why: steps.call ? steps.call.error : null, outputs: steps.call ? steps.call.outputs : null })" })).ToArray(),
        connections = connections.Select(c => new { from = c.From, to = c.To, outcome = c.Outcome }).ToArray(),
    };

    /// <summary>A child that greets its input's customer: at once, after a reviewer approves, or never (it fails).</summary>
    private async Task<string> PublishChildAsync(string kind)
    {
        var id = Id($"child-{kind}");
        object[] activities = kind switch
        {
            "gated" =>
            [
                Node("start", "trigger.manual"),
                Node("review", "approval.gate", new { assignees = new[] { "role:reviewer" }, subject = "Greet {{ input.customer }}", proposal = "({ text: 'Hello ' + input.customer })" }),
                Node("end", "flow.end", new { outputs = "({ greeting: steps.review.output.text })" }),
            ],
            "failing" => [Node("start", "trigger.manual"), Node("fail", "flow.fail", new { reason = "No greeting for {{ input.customer }}" })],
            _ => [Node("start", "trigger.manual"), Node("end", "flow.end", new { outputs = "({ greeting: 'Hello ' + input.customer })" })],
        };
        (string, string, string)[] connections = kind switch
        {
            "gated" => [("start", "review", "done"), ("review", "end", "approved")],
            "failing" => [("start", "fail", "done")],
            _ => [("start", "end", "done")],
        };
        await service.PublishAsync(new { id, name = id, activities, connections = connections.Select(c => new { from = c.Item1, to = c.Item2, outcome = c.Item3 }) }, id);
        return id;
    }

    private async Task<string> PublishParentAsync(string child)
    {
        var id = Id("parent");
        await service.PublishAsync(new
        {
            id, name = id,
            activities = new object[]
            {
                Node("start", "trigger.manual"),
                Node("call", "workflow.call", new { workflow = child, input = "({ customer: input.customer })" }),
                Node("end", "flow.end", new { outputs = "({ greeting: steps.call.outputs.greeting })" }),
                Node("failed", "flow.end", new { outputs = "({ greeting: 'failed', why: steps.call.error })" }),
            },
            connections = new[] { new { from = "start", to = "call", outcome = "done" }, new { from = "call", to = "end", outcome = "done" }, new { from = "call", to = "failed", outcome = "failed" } },
        }, id);
        return id;
    }

    private async Task<string> StartAsync(string workflow, object input)
    {
        using var started = await Designer.PostAsJsonAsync($"/v1/workflows/{workflow}/instances", new { input }, Cancel);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(Cancel));
        return (await started.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
    }

    private async Task DecideAsync(string instance, string decision)
    {
        var rex = service.CreateClient("rex", Roles.Reviewer);
        using var decided = await rex.PostAsJsonAsync($"/v1/approvals/{instance}:review:1/decide", new { decision }, Cancel);
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(Cancel));
    }

    private async Task<JsonElement> InstanceAsync(string id, string status)
    {
        var admin = service.CreateClient("ada", Roles.Admin);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await admin.GetAsync($"/v1/instances/{id}", Cancel);
            if (response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<JsonElement>(Cancel) is var view && view.GetProperty("status").GetString() == status)
            {
                return view;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{id} is not {status}: {await response.Content.ReadAsStringAsync(Cancel)}");
            await Task.Delay(100, Cancel);
        }
    }
}
