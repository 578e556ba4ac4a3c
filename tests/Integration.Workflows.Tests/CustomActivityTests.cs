using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Activities;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Integration.Workflows.Tests;

/// <summary>An activity of a company's own, as the README shows it: its inputs record, its class, nothing else.</summary>
public sealed record InitialsInputs(
    [property: Input("The name to shorten, e.g. {{ input.customer }}", Kind = InputKind.Template)] string Name,
    [property: Input("What goes between the initials")] string Separator = ".");

[Activity("text.initials", "Text", "Initials", "Shortens a name to its initials (Vera Quist: V.Q.).")]
[Output("initials", "string", "The initials")]
public sealed class Initials : Activity<InitialsInputs>
{
    protected override Task<StepResult> RunAsync(StepContext context, InitialsInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult(StepResult.Done(new JsonObject
        {
            ["initials"] = string.Concat(inputs.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(part => part[0] + inputs.Separator)),
        }));
}

/// <summary>The workflow service with the company's activity registered: the one line the README shows.</summary>
public sealed class WorkflowsWithInitials : WorkflowsFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddActivity<Initials>());
    }
}

/// <summary>Adding an activity is one class and one registration: the catalog lists it, the validator knows its inputs, a workflow runs it.</summary>
public sealed class CustomActivityTests(WorkflowsWithInitials service) : IClassFixture<WorkflowsWithInitials>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_registered_activity_is_in_the_catalog_with_its_inputs()
    {
        var designer = service.CreateClient("dora", Roles.Designer);

        var all = await designer.GetFromJsonAsync<JsonElement>("/v1/activities", Cancel);
        var initials = await designer.GetFromJsonAsync<JsonElement>("/v1/activities/text.initials", Cancel);

        Assert.Equal("text.initials", all.EnumerateArray().Last().GetProperty("type").GetString());
        Assert.Equal(("Text", "Initials"), (initials.GetProperty("category").GetString(), initials.GetProperty("displayName").GetString()));
        Assert.Equal([("name", "template", true, null), ("separator", "string", false, ".")],
            initials.GetProperty("inputs").EnumerateArray().Select(i => (i.GetProperty("name").GetString(), i.GetProperty("type").GetString(), i.GetProperty("required").GetBoolean(),
                i.GetProperty("default").ValueKind == JsonValueKind.Null ? null : i.GetProperty("default").GetString())));
    }

    [Fact]
    public async Task A_workflow_runs_it_and_the_validator_knows_its_inputs()
    {
        var designer = service.CreateClient("dora", Roles.Designer);
        var definition = new
        {
            id = "initials-demo", name = "Initials",
            activities = new object[]
            {
                new { id = "start", type = "trigger.manual" },
                new { id = "shorten", type = "text.initials", inputs = new { name = "{{ input.customer }}" } },
                new { id = "end", type = "flow.end", inputs = new { outputs = "({ initials: steps.shorten.initials })" } },
            },
            connections = new[] { new { from = "start", to = "shorten" }, new { from = "shorten", to = "end" } },
        };
        using var wrong = await designer.PutAsJsonAsync("/v1/definitions/initials-wrong", new
        {
            id = "initials-wrong", name = "Initials",
            activities = new object[] { new { id = "start", type = "trigger.manual" }, new { id = "shorten", type = "text.initials", inputs = new { nmae = "x" } } },
            connections = new[] { new { from = "start", to = "shorten" } },
        }, Cancel);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("$.activities[1].inputs.name", await wrong.Content.ReadAsStringAsync(Cancel));

        await service.PublishAsync(definition, "initials-demo");
        using var started = await designer.PostAsJsonAsync("/v1/workflows/initials-demo/instances", new { input = new { customer = "Vera Quist" } }, Cancel);
        var instance = await started.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal("Completed", instance.GetProperty("status").GetString());
        Assert.Equal("V.Q.", instance.GetProperty("outputs").GetProperty("initials").GetString());
    }
}
